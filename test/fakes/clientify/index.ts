import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Clientify API for tests and the sandbox. It is strict about what is documented or seen
 * in public clients (auth errors, DRF paging and errors, trailing slashes, v2 `fields=`, deal URL
 * references, 409 on a duplicate taxpayer id) and lenient about what is only inferred.
 */

export type FakeRecord = Record<string, unknown> & { id: number };

export interface WebhookSlot {
	id: number;
	entity: string;
	target: string;
	events?: string[];
	headers: Record<string, string>;
	active: boolean;
}

export interface FakeStore {
	contacts: FakeRecord[];
	companies: FakeRecord[];
	products: FakeRecord[];
	orders: FakeRecord[];
	deals: FakeRecord[];
	webhooks: WebhookSlot[];
}

export interface FakeCall {
	method: string;
	/** Path below the version prefix, e.g. `/contacts/`. */
	path: string;
	query: Record<string, string>;
	body?: unknown;
	status: number;
}

export interface FakeDelivery {
	event: string;
	target: string;
	/** HTTP status the target answered, or 0 when it could not be reached. */
	status: number;
}

export interface FakeClientifyOptions {
	port?: number;
	apiKey?: string;
	version?: 'v1' | 'v2';
	/** DRF's default page size when `page_size` is absent. */
	pageSize?: number;
	/**
	 * For the sandbox: when a slot is activated for an n8n test URL (`/webhook-test/`, what "Execute workflow"
	 * in the editor registers), deliver one sample `<entity>.saved` event, as if someone had just saved a
	 * record in Clientify, so the editor shows a result without a second step.
	 */
	sampleOnTestWebhook?: boolean;
}

/** What `sampleOnTestWebhook` delivers: one record per entity, keyed as the webhook template expects. */
export const SAMPLE_EVENTS: Record<string, Record<string, unknown>> = {
	company: {
		id: 8001,
		name: 'Sandbox Sample Co',
		business_name: 'Sandbox Sample Co SL',
		taxpayer_identification_number: 'ESB80000001',
		phones: [{ phone: '+34 910 000 801', type: 1 }],
		addresses: [
			{ street: 'Calle Sample 1', city: 'Madrid', postal_code: '28001', country: 'Spain' },
		],
	},
	contact: {
		id: 8002,
		first_name: 'Sandbox',
		last_name: 'Sample',
		emails: [{ email: 'sandbox.sample@example.com', type: 1 }],
		phones: [{ phone: '+34 600 000 802', type: 1 }],
	},
	product: { id: 8003, sku: 'SANDBOX-SAMPLE-1', name: 'Sandbox Sample Desk', price: '149.00' },
};

export interface FakeClientify {
	/** Base URL for the credential's override, e.g. `http://127.0.0.1:1234/v1/`. */
	url: string;
	apiKey: string;
	version: 'v1' | 'v2';
	store: FakeStore;
	calls: FakeCall[];
	deliveries: FakeDelivery[];
	/** The next `times` requests answer 429 with this `Retry-After`. */
	rateLimit(times: number, retryAfter?: string): void;
	/** Simulates a change made in Clientify's UI: delivers `event` for `data` to the registered slot. */
	emit(event: string, data: Record<string, unknown>): void;
	/** Empties the store, the logs and the id counters (between tests). */
	reset(): void;
	/** Resolves once every webhook delivery started so far has finished. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

type Collection = Exclude<keyof FakeStore, 'webhooks'>;

const ENTITY_OF: Record<Collection, string> = {
	contacts: 'contact',
	companies: 'company',
	products: 'product',
	orders: 'order',
	deals: 'deal',
};
const WEBHOOK_ENTITIES = ['contact', 'company', 'product', 'deal', 'task'];
const CONTACT_STATUSES = [
	'visitor',
	'not-qualified-lead',
	'cold-lead',
	'warm-lead',
	'hot-lead',
	'lost-lead',
	'in-deal',
	'client',
	'lost-client',
	'other',
];
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(String(status));
	}
}

const required = (field: string) => ({ [field]: ['This field is required.'] });
const isObject = (v: unknown): v is Record<string, unknown> =>
	!!v && typeof v === 'object' && !Array.isArray(v);

function deepText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object')
		return Object.values(value as object)
			.map(deepText)
			.join(' ');
	return String(value);
}

export async function startFakeClientify(
	options: FakeClientifyOptions = {},
): Promise<FakeClientify> {
	const apiKey = options.apiKey ?? 'fake-clientify-key';
	const version = options.version ?? 'v1';
	const prefix = `/${version}/`;
	const store: FakeStore = {
		contacts: [],
		companies: [],
		products: [],
		orders: [],
		deals: [],
		webhooks: [],
	};
	const calls: FakeCall[] = [];
	const deliveries: FakeDelivery[] = [];
	const pending = new Set<Promise<void>>();
	const nextId: Record<string, number> = {};
	let rateLimited = { times: 0, retryAfter: '0' };
	let baseUrl = '';

	const newId = (kind: string) => (nextId[kind] = (nextId[kind] ?? 0) + 1);
	const resourceUrl = (collection: string, id: number) => `${baseUrl}${collection}/${id}/`;

	function deliver(event: string, data: Record<string, unknown>): void {
		const slot = store.webhooks.find((w) => w.entity === event.split('.')[0]);
		if (!slot || !slot.active || (slot.events && !slot.events.includes(event))) return;
		const payload = JSON.stringify({ hook: { id: slot.id, event, target: slot.target }, data });
		const done = new Promise<void>((resolve) => {
			const req = http.request(
				slot.target,
				{
					method: 'POST',
					headers: {
						...slot.headers,
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength(payload),
					},
				},
				(res) => {
					res.resume();
					res.on('end', () => {
						deliveries.push({ event, target: slot.target, status: res.statusCode ?? 0 });
						resolve();
					});
				},
			);
			req.on('error', () => {
				deliveries.push({ event, target: slot.target, status: 0 });
				resolve();
			});
			req.end(payload);
		});
		pending.add(done);
		void done.then(() => pending.delete(done));
	}

	/** Applies a write to a record in Clientify's response shape (`email`/`phone` become list entries). */
	function applyContactWrite(record: FakeRecord, body: Record<string, unknown>): void {
		const { email, phone, ...rest } = body;
		Object.assign(record, rest);
		const emails = (record.emails as { email: string; type: number }[]) ?? [];
		if (
			typeof email === 'string' &&
			email &&
			!emails.some((e) => e.email.toLowerCase() === email.toLowerCase())
		)
			emails.unshift({ email, type: 1 });
		const phones = (record.phones as { phone: string; type: number }[]) ?? [];
		if (typeof phone === 'string' && phone && !phones.some((p) => p.phone === phone))
			phones.unshift({ phone, type: 1 });
		record.emails = emails;
		record.phones = phones;
	}

	function validate(
		collection: Collection,
		body: Record<string, unknown>,
		partial: boolean,
		selfId?: number,
	): void {
		const errors: Record<string, string[]> = {};
		const need = (field: string) => {
			if (!partial && (body[field] === undefined || body[field] === ''))
				Object.assign(errors, required(field));
		};
		if (collection === 'contacts') {
			if (
				body.email !== undefined &&
				body.email !== '' &&
				!(typeof body.email === 'string' && EMAIL_RE.test(body.email))
			)
				errors.email = ['Enter a valid email address.'];
			if (body.status !== undefined && !CONTACT_STATUSES.includes(String(body.status)))
				errors.status = [`"${String(body.status)}" is not a valid choice.`];
		}
		if (collection === 'companies' || collection === 'products' || collection === 'deals')
			need('name');
		if (
			collection === 'products' &&
			body.price !== undefined &&
			body.price !== null &&
			!Number.isFinite(Number(body.price))
		)
			errors.price = ['A valid number is required.'];
		if (collection === 'orders') {
			need('items');
			const items = body.items;
			if (
				items !== undefined &&
				(!Array.isArray(items) ||
					items.some(
						(i) =>
							!isObject(i) ||
							!Number.isFinite(Number(i.quantity)) ||
							!Number.isFinite(Number(i.price)),
					))
			)
				errors.items = ['Each item needs a numeric price and quantity.'];
		}
		if (collection === 'deals') {
			for (const [field, target] of [
				['contact', 'contacts'],
				['company', 'companies'],
			] as const) {
				const value = body[field];
				if (value === undefined || value === null) continue;
				const match =
					typeof value === 'string' ? new RegExp(`/${target}/(\\d+)/$`).exec(value) : null;
				if (!match || !value.toString().startsWith('http'))
					errors[field] = ['Invalid hyperlink - No URL match.'];
				else if (!store[target].some((r) => r.id === Number(match[1])))
					errors[field] = ['Invalid hyperlink - Object does not exist.'];
			}
		}
		if (Object.keys(errors).length) throw new HttpError(400, errors);
		if (
			collection === 'companies' &&
			typeof body.taxpayer_identification_number === 'string' &&
			body.taxpayer_identification_number
		) {
			const tin = body.taxpayer_identification_number.trim().toLowerCase();
			if (
				store.companies.some(
					(c) =>
						c.id !== selfId &&
						String(c.taxpayer_identification_number ?? '')
							.trim()
							.toLowerCase() === tin,
				)
			)
				throw new HttpError(409, {
					detail: 'A company with this taxpayer_identification_number already exists.',
				});
		}
	}

	function write(collection: Collection, record: FakeRecord, body: Record<string, unknown>): void {
		const { id: _ignored, url: _url, ...values } = body;
		if (collection === 'contacts') applyContactWrite(record, values);
		else Object.assign(record, values);
		record.modified = new Date().toISOString();
	}

	function matchesFilters(record: FakeRecord, query: Record<string, string>): boolean {
		for (const [param, value] of Object.entries(query)) {
			if (param === 'email') {
				const emails = (record.emails as { email: string }[] | undefined) ?? [];
				if (!emails.some((e) => e.email.toLowerCase() === value.toLowerCase())) return false;
			} else if (param === 'query') {
				if (!deepText(record).toLowerCase().includes(value.toLowerCase())) return false;
			} else {
				const m = /^(created|modified)\[(gt|gte|lt|lte)\]$/.exec(param);
				if (!m) continue;
				const a = Date.parse(String(record[m[1]]));
				const b = Date.parse(value);
				if (Number.isNaN(b)) throw new HttpError(400, { [param]: ['Enter a valid date/time.'] });
				const ok = { gt: a > b, gte: a >= b, lt: a < b, lte: a <= b }[m[2] as 'gt'];
				if (!ok) return false;
			}
		}
		return true;
	}

	function project(record: object, query: Record<string, string>): object {
		if (version !== 'v2') return record;
		const fields = new Set(query.fields.split(',').map((f) => f.trim()));
		fields.add('id');
		return Object.fromEntries(Object.entries(record).filter(([k]) => fields.has(k)));
	}

	function page(items: object[], url: URL, query: Record<string, string>) {
		const size = Math.max(1, Math.min(Number(query.page_size) || options.pageSize || 20, 1000));
		const number = Number(query.page ?? 1);
		const pages = Math.max(1, Math.ceil(items.length / size));
		if (!Number.isInteger(number) || number < 1 || number > pages)
			throw new HttpError(404, { detail: 'Invalid page.' });
		const link = (n: number) => {
			const u = new URL(url.pathname + url.search, baseUrl);
			u.searchParams.set('page', String(n));
			return u.toString();
		};
		return {
			count: items.length,
			next: number < pages ? link(number + 1) : null,
			previous: number > 1 ? link(number - 1) : null,
			results: items.slice((number - 1) * size, number * size).map((r) => project(r, query)),
		};
	}

	function findRecord(collection: Collection, id: string): FakeRecord {
		const record = store[collection].find((r) => String(r.id) === id);
		if (!record) throw new HttpError(404, { detail: 'Not found.' });
		return record;
	}

	function route(
		method: string,
		path: string,
		url: URL,
		query: Record<string, string>,
		body: unknown,
	): [number, unknown] {
		const parts = path.split('/').filter(Boolean);
		const input = isObject(body) ? body : {};
		if (parts.length === 1 && parts[0] === 'me' && method === 'GET')
			return [
				200,
				project(
					{ id: 1, email: 'owner@example.com', first_name: 'Sandbox', last_name: 'Owner' },
					query,
				),
			];

		if (parts[0] === 'webhooks') return webhookRoute(method, parts, url, query, input);

		const collection = parts[0] as Collection;
		if (!(collection in ENTITY_OF)) throw new HttpError(404, { detail: 'Not found.' });
		const entity = ENTITY_OF[collection];

		if (
			collection === 'companies' &&
			parts.length === 4 &&
			parts[2] === 'employees' &&
			method === 'PUT'
		) {
			const company = findRecord('companies', parts[1]);
			const contact = findRecord('contacts', parts[3]);
			contact.company = resourceUrl('companies', company.id);
			contact.modified = new Date().toISOString();
			deliver('contact.saved', contact);
			return [200, { company: company.id, contact: contact.id }];
		}
		if (parts.length === 1) {
			if (method === 'GET')
				return [
					200,
					page(
						store[collection].filter((r) => matchesFilters(r, query)),
						url,
						query,
					),
				];
			if (method === 'POST') {
				validate(collection, input, false);
				const id = newId(collection);
				const now = new Date().toISOString();
				const record: FakeRecord = {
					id,
					url: resourceUrl(collection, id),
					created: now,
					modified: now,
				};
				write(collection, record, input);
				store[collection].push(record);
				deliver(`${entity}.saved`, record);
				return [201, record];
			}
		}
		if (parts.length === 2) {
			const record = findRecord(collection, parts[1]);
			if (method === 'GET') return [200, project(record, query)];
			if (method === 'PUT' || method === 'PATCH') {
				validate(collection, input, method === 'PATCH', record.id);
				write(collection, record, input);
				deliver(`${entity}.saved`, record);
				return [200, record];
			}
			if (method === 'DELETE') {
				store[collection].splice(store[collection].indexOf(record), 1);
				deliver(`${entity}.deleted`, record);
				return [204, undefined];
			}
		}
		throw new HttpError(405, { detail: `Method "${method}" not allowed.` });
	}

	function webhookRoute(
		method: string,
		parts: string[],
		url: URL,
		query: Record<string, string>,
		input: Record<string, unknown>,
	): [number, unknown] {
		if (parts.length === 1 && method === 'GET') return [200, page(store.webhooks, url, query)];
		const entity = parts[1];
		if (!WEBHOOK_ENTITIES.includes(entity)) throw new HttpError(404, { detail: 'Not found.' });
		const slot = store.webhooks.find((w) => w.entity === entity);
		if (parts.length === 3 && parts[2] === 'activate' && method === 'POST') {
			if (!slot) throw new HttpError(404, { detail: 'Not found.' });
			slot.active = true;
			const sample = SAMPLE_EVENTS[entity];
			if (options.sampleOnTestWebhook && sample && slot.target.includes('/webhook-test/'))
				setTimeout(() => deliver(`${entity}.saved`, sample), 500);
			return [200, slot];
		}
		if (parts.length !== 2) throw new HttpError(404, { detail: 'Not found.' });
		if (method === 'GET') return [200, page(slot ? [slot] : [], url, query)];
		if (method === 'POST') {
			if (typeof input.target !== 'string' || !/^https?:\/\//.test(input.target))
				throw new HttpError(
					400,
					input.target ? { target: ['Enter a valid URL.'] } : required('target'),
				);
			const headers = isObject(input.headers)
				? Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k, String(v)]))
				: {};
			const events = Array.isArray(input.events) ? input.events.map(String) : undefined;
			// One slot per entity: registering again replaces it.
			if (slot) store.webhooks.splice(store.webhooks.indexOf(slot), 1);
			const created: WebhookSlot = {
				id: newId('webhooks'),
				entity,
				target: input.target,
				events,
				headers,
				active: false,
			};
			store.webhooks.push(created);
			return [201, created];
		}
		if (method === 'DELETE') {
			if (!slot) throw new HttpError(404, { detail: 'Not found.' });
			store.webhooks.splice(store.webhooks.indexOf(slot), 1);
			return [204, undefined];
		}
		throw new HttpError(405, { detail: `Method "${method}" not allowed.` });
	}

	function handle(
		req: http.IncomingMessage,
		raw: string,
	): [number, unknown, Record<string, string>?] {
		const url = new URL(req.url ?? '/', baseUrl);
		const query = Object.fromEntries(url.searchParams);
		if (rateLimited.times > 0) {
			rateLimited.times--;
			return [429, { detail: 'Request was throttled.' }, { 'Retry-After': rateLimited.retryAfter }];
		}
		const auth = req.headers.authorization;
		if (!auth) throw new HttpError(404, { detail: 'Api key not provided.' });
		if (auth !== `Token ${apiKey}`) throw new HttpError(401, { detail: 'Invalid token.' });
		if (!url.pathname.startsWith(prefix)) throw new HttpError(404, { detail: 'Not found.' });
		const path = url.pathname.slice(prefix.length - 1);
		if (version === 'v1' && !path.endsWith('/')) throw new HttpError(404, { detail: 'Not found.' });
		if (version === 'v2' && req.method === 'GET' && !query.fields)
			throw new HttpError(400, { fields: ['This query parameter is required.'] });
		let body: unknown;
		if (raw) {
			try {
				body = JSON.parse(raw);
			} catch {
				throw new HttpError(400, { detail: 'JSON parse error.' });
			}
		}
		return route(req.method ?? 'GET', path, url, query, body);
	}

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let status: number;
			let payload: unknown;
			let headers: Record<string, string> = {};
			try {
				[status, payload, headers = {}] = handle(req, raw);
			} catch (error) {
				if (!(error instanceof HttpError)) throw error;
				[status, payload] = [error.status, error.body];
			}
			const url = new URL(req.url ?? '/', baseUrl);
			let parsedBody: unknown;
			try {
				parsedBody = raw ? JSON.parse(raw) : undefined;
			} catch {
				parsedBody = raw;
			}
			calls.push({
				method: req.method ?? 'GET',
				path: url.pathname.startsWith(prefix)
					? url.pathname.slice(prefix.length - 1)
					: url.pathname,
				query: Object.fromEntries(url.searchParams),
				body: parsedBody,
				status,
			});
			const text = payload === undefined ? '' : JSON.stringify(payload);
			res.writeHead(status, {
				...headers,
				...(text ? { 'Content-Type': 'application/json' } : {}),
			});
			res.end(text);
		});
	});

	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;

	return {
		url: baseUrl,
		apiKey,
		version,
		store,
		calls,
		deliveries,
		rateLimit(times, retryAfter = '0') {
			rateLimited = { times, retryAfter };
		},
		emit: deliver,
		reset() {
			for (const list of Object.values(store)) list.length = 0;
			calls.length = 0;
			deliveries.length = 0;
			for (const kind of Object.keys(nextId)) delete nextId[kind];
			rateLimited = { times: 0, retryAfter: '0' };
		},
		async idle() {
			while (pending.size) await Promise.all([...pending]);
		},
		async close() {
			await Promise.all([...pending]);
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) =>
				server.close((e) => (e ? reject(e) : resolve())),
			);
		},
	};
}
