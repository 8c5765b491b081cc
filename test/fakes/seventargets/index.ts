import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A local 7Targets (login and API on one port) for tests and the sandbox, speaking the documented
 * wire format: OAuth2 client credentials with Basic auth and expiring tokens, Bearer plus
 * `7ts-user-identifier` on every call, leads POST/PUT/stop follow-up and the assistant list.
 * `moveLead` (or POST /__test/leads/state) moves a lead through states as the assistant does.
 */

export interface FakeAssistant {
	id: number;
	name: string;
	emailid: string;
	defaultScheduleId: number;
	perDayEmailLimit: number;
	schedules: { id: number; name: string }[];
}

export type FakeLead = Record<string, unknown> & { id: number; email: string; state: string };

export interface FakeCall {
	method: string;
	path: string;
	body?: unknown;
	status: number;
}

export interface FakeSevenTargetsOptions {
	port?: number;
	clientId?: string;
	clientSecret?: string;
	userIdentifier?: string;
	/** `expires_in` of each token, in seconds. */
	tokenTtlSeconds?: number;
	assistants?: FakeAssistant[];
}

export interface FakeSevenTargets {
	url: string;
	clientId: string;
	clientSecret: string;
	userIdentifier: string;
	assistants: FakeAssistant[];
	leads: FakeLead[];
	calls: FakeCall[];
	/** How many tokens the token endpoint issued. */
	tokensIssued(): number;
	/** Every issued token stops working, as when an hour has passed. */
	expireTokens(): void;
	/** Sets a lead's state (any spelling 7Targets uses, e.g. "DeActivated"); a final state ends the follow-up. */
	moveLead(email: string, state: string): FakeLead;
	reset(): void;
	close(): Promise<void>;
}

export const DEFAULT_ASSISTANTS: FakeAssistant[] = [
	{
		id: 101,
		name: 'Ava Assistant',
		emailid: 'ava@assistant.7targets.test',
		defaultScheduleId: 11,
		perDayEmailLimit: 50,
		schedules: [
			{ id: 11, name: 'Default' },
			{ id: 12, name: 'Proposal follow-up' },
		],
	},
	{
		id: 102,
		name: 'Ben Assistant',
		emailid: 'ben@assistant.7targets.test',
		defaultScheduleId: 21,
		perDayEmailLimit: 50,
		schedules: [{ id: 21, name: 'Default' }],
	},
];

/** The fields of a `sevenTargetsApi` credential that point at the fake (environment Custom). */
export function credentialFor(fake: FakeSevenTargets) {
	return {
		clientId: fake.clientId,
		clientSecret: fake.clientSecret,
		userIdentifier: fake.userIdentifier,
		environment: 'custom' as const,
		loginUrl: fake.url,
		apiUrl: fake.url,
	};
}

const FINAL = /^(hot|processed|unsubscribed|deactivated)$/i;

export async function startFakeSevenTargets(
	options: FakeSevenTargetsOptions = {},
): Promise<FakeSevenTargets> {
	const clientId = options.clientId ?? 'sandbox-client';
	const clientSecret = options.clientSecret ?? 'sandbox-secret';
	const userIdentifier = options.userIdentifier ?? 'sandbox-user';
	const ttl = options.tokenTtlSeconds ?? 3600;
	const tokens = new Map<string, number>();
	let issued = 0;
	let nextLeadId = 5001;
	const state = {
		assistants: structuredClone(options.assistants ?? DEFAULT_ASSISTANTS),
		leads: [] as FakeLead[],
		calls: [] as FakeCall[],
	};

	const byEmail = (email: unknown) =>
		state.leads.find((l) => l.email.toLowerCase() === String(email ?? '').toLowerCase());

	function token(req: http.IncomingMessage, body: string): [number, unknown] {
		const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		const [id, secret] = Buffer.from(basic ?? '', 'base64')
			.toString()
			.split(':');
		if (id !== clientId || secret !== clientSecret) return [401, { error: 'invalid_client' }];
		const form = new URLSearchParams(body);
		if (form.get('grant_type') !== 'client_credentials')
			return [400, { error: 'unsupported_grant_type' }];
		if (form.get('scope') !== 'leads/post') return [400, { error: 'invalid_scope' }];
		const value = randomBytes(16).toString('hex');
		tokens.set(value, Date.now() + ttl * 1000);
		issued++;
		return [200, { access_token: value, expires_in: ttl, token_type: 'Bearer' }];
	}

	function leadBody(input: Record<string, unknown>, assistant: FakeAssistant): FakeLead | string {
		const scheduleName = input.scheduleName;
		const schedule =
			input.scheduleId !== undefined && input.scheduleId !== null && input.scheduleId !== ''
				? assistant.schedules.find((s) => s.id === Number(input.scheduleId))
				: scheduleName
					? assistant.schedules.find((s) => s.name === scheduleName)
					: assistant.schedules.find((s) => s.id === assistant.defaultScheduleId);
		if (!schedule) return `Schedule ${String(scheduleName ?? input.scheduleId)} not found`;
		return {
			...input,
			id: nextLeadId++,
			type: 'SALES',
			email: String(input.email),
			source: input.source ?? 'Website',
			scheduleId: schedule.id,
			scheduleName: schedule.name,
			assistantId: assistant.id,
			nextScheduleTime: new Date(Date.now() + 86_400_000).toISOString(),
			state: 'Cold',
			subState: 'Followup',
			followup: 1,
			customFields: input.customFields ?? [],
		};
	}

	function api(
		method: string,
		path: string,
		query: URLSearchParams,
		body: unknown,
	): [number, unknown] {
		const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		if (method === 'GET' && path === '/leads/assistant') {
			const search = (query.get('searchString') ?? '').toLowerCase();
			const size = Number(query.get('size') ?? 10);
			const page = Number(query.get('page') ?? 0);
			const found = state.assistants
				.filter((a) => !search || `${a.name} ${a.emailid}`.toLowerCase().includes(search))
				.map(({ schedules: _, ...a }) => a);
			return [200, found.slice(page * size, (page + 1) * size)];
		}
		if (path === '/leads' && method === 'POST') {
			const missing = ['name', 'email', 'assistantEmail'].filter((f) => !input[f]);
			if (missing.length)
				return [400, { message: `Mandatory fields missing: ${missing.join(', ')}` }];
			if (byEmail(input.email))
				return [400, { message: `Lead with email ${input.email} is already assigned` }];
			const assistant = state.assistants.find(
				(a) => a.emailid.toLowerCase() === String(input.assistantEmail).toLowerCase(),
			);
			if (!assistant) return [400, { message: `Assistant ${input.assistantEmail} not found` }];
			const lead = leadBody(input, assistant);
			if (typeof lead === 'string') return [400, { message: lead }];
			state.leads.push(lead);
			return [201, lead];
		}
		if (method === 'PUT' && (path === '/leads' || path === '/leads/stop/followup')) {
			const lead = byEmail(input.email);
			if (!input.email) return [400, { message: 'Mandatory fields missing: email' }];
			if (!lead) return [404, { message: `Lead with email ${input.email} not found` }];
			if (path === '/leads/stop/followup') {
				Object.assign(lead, { nextScheduleTime: null, subState: 'Stopped' });
			} else {
				for (const [k, v] of Object.entries(input))
					if (v !== null && v !== undefined && k !== 'email' && k !== 'id') lead[k] = v;
			}
			return [200, lead];
		}
		return [404, { message: `No route ${method} ${path}` }];
	}

	function moveLead(email: string, next: string): FakeLead {
		const lead = byEmail(email);
		if (!lead) throw new Error(`fake 7Targets: no lead ${email}`);
		lead.state = next;
		if (FINAL.test(next.replace(/\s/g, ''))) lead.nextScheduleTime = null;
		return lead;
	}

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://fake');
			const method = req.method ?? 'GET';
			let body: unknown;
			let result: [number, unknown];
			try {
				body = raw && req.headers['content-type']?.includes('json') ? JSON.parse(raw) : undefined;
				if (method === 'POST' && url.pathname === '/oauth2/token') result = token(req, raw);
				else if (method === 'POST' && url.pathname === '/__test/leads/state') {
					const { email, state: next } = body as { email: string; state: string };
					result = [200, moveLead(email, next)];
				} else {
					const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
					const expires = tokens.get(bearer);
					if (expires === undefined || expires <= Date.now())
						result = [
							401,
							{
								message: expires === undefined ? 'Unauthorized' : 'The incoming token has expired',
							},
						];
					else if (req.headers['7ts-user-identifier'] !== userIdentifier)
						result = [403, { message: 'Invalid 7ts-user-identifier' }];
					else result = api(method, url.pathname, url.searchParams, body);
				}
			} catch (error) {
				result = [400, { message: (error as Error).message }];
			}
			if (!url.pathname.startsWith('/__test'))
				state.calls.push({ method, path: url.pathname, body, status: result[0] });
			res.writeHead(result[0], { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(result[1]));
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		clientId,
		clientSecret,
		userIdentifier,
		get assistants() {
			return state.assistants;
		},
		get leads() {
			return state.leads;
		},
		get calls() {
			return state.calls;
		},
		tokensIssued: () => issued,
		expireTokens: () => {
			for (const key of tokens.keys()) tokens.set(key, 0);
		},
		moveLead,
		reset: () => {
			state.leads = [];
			state.calls = [];
			issued = 0;
			tokens.clear();
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
