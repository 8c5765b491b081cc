/**
 * A local Odoo server that speaks XML-RPC, JSON-RPC and (on 19.0) JSON-2 in the wire format
 * of the recordings in test/fixtures/odoo, backed by an in-memory ORM seeded with Odoo's demo
 * data. Start one per test file with `startFakeOdoo()` and close it in afterAll.
 */
import type { FakeEnv } from './database';
import type { Hook } from './methods';
import type { Version } from './schema';
import { ADMIN_UID, DEMO_UID } from './seed';
import { Injection, RpcCall, Server } from './server';

export type { FakeEnv } from './database';
export type { InjectKind, Injection, RpcCall } from './server';

export const ADMIN = {
	login: 'admin',
	password: 'admin',
	uid: ADMIN_UID,
	apiKey: 'fake-admin-api-key-0000',
} as const;
/** A salesman: reads everything, may not create users and the like (AccessError). */
export const DEMO = {
	login: 'demo',
	password: 'demo',
	uid: DEMO_UID,
	apiKey: 'fake-demo-api-key-0000',
} as const;

export interface FakeOdooOptions {
	version?: Version;
	seed?: 'demo' | 'empty';
	port?: number;
	host?: string;
	/** database names; the first is the default `db` */
	databases?: string[];
}

export interface FakeOdoo {
	url: string;
	db: string;
	version: Version;
	/** every RPC received, including those answered with an injected failure (`injected` set) */
	calls: RpcCall[];
	count(filter?: Partial<RpcCall>): number;
	resetCalls(): void;
	inject(f: Injection): void;
	clearInjections(): void;
	registerMethod(
		model: string,
		method: string,
		fn: (ctx: {
			env: FakeEnv;
			ids: number[];
			args: unknown[];
			kwargs: Record<string, unknown>;
			uid: number;
			context: Record<string, unknown>;
		}) => unknown,
	): void;
	/** the default database, as admin; does not count as RPC calls */
	env: FakeEnv;
	clock: { set(utc: string | null): void; advance(seconds: number): void };
	/** A restart's downtime: stops listening (connections are refused) and drops open ones; the data stays. */
	down(): Promise<void>;
	/** Listens again on the same port. */
	up(): Promise<void>;
	close(): Promise<void>;
}

/** The node credential (`odooSyncApi`) of the fake's admin over JSON-RPC, with `extra` fields. */
export const fakeCredentials = (odoo: FakeOdoo, extra: Record<string, unknown> = {}) => ({
	odooSyncApi: {
		url: odoo.url,
		db: odoo.db,
		username: ADMIN.login,
		password: ADMIN.password,
		protocol: 'jsonrpc',
		...extra,
	},
});

/** How many of `calls` match every key of `filter`. */
export const countCalls = (calls: RpcCall[], filter: Partial<RpcCall> = {}): number =>
	calls.filter((c) =>
		Object.entries(filter).every(([k, v]) => (c as unknown as Record<string, unknown>)[k] === v),
	).length;

export async function startFakeOdoo(opts: FakeOdooOptions = {}): Promise<FakeOdoo> {
	const version = opts.version ?? '16.0';
	const databases = opts.databases?.length
		? opts.databases
		: [version === '19.0' ? 'odoo19' : 'odoo'];
	const server = new Server(version, databases, opts.seed ?? 'demo');
	const host = opts.host ?? '127.0.0.1';
	const address = await server.listen(opts.port ?? 0, host);
	const urlHost = host.includes(':') ? `[${host}]` : host;
	return {
		url: `http://${urlHost}:${address.port}`,
		db: databases[0],
		version,
		calls: server.calls,
		count: (filter = {}) => countCalls(server.calls, filter),
		resetCalls: () => {
			server.calls.length = 0;
		},
		inject: (f) => server.inject(f),
		clearInjections: () => server.clearInjections(),
		registerMethod: (model, method, fn) => server.registerMethod(model, method, fn as Hook),
		env: server.databases.get(databases[0])!.env,
		clock: { set: (utc) => server.clock.set(utc), advance: (s) => server.clock.advance(s) },
		down: () => server.close(),
		up: async () => void (await server.listen(address.port, host)),
		close: () => server.close(),
	};
}
