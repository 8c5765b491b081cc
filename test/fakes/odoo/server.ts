/**
 * The HTTP side of the fake: XML-RPC (/xmlrpc/2/*), JSON-RPC (/jsonrpc,
 * /web/webclient/version_info) and, on 19.0, JSON-2 (/json/2/<model>/<method>, /web/version),
 * with call recording and fault injection.
 */
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { Database } from './database';
import { asOdooError, OdooError, Protocol, traceback } from './errors';
import type { Hook } from './methods';
import { Clock } from './orm';
import { readFixture, Version } from './schema';
import { toPlain, pyJson } from './values';
import { dumpFault, dumpResponse, parseMethodCall } from './xmlrpc';

export interface RpcCall {
	/** 'http' for a request to a route the server does not have (answered 404) */
	protocol: Protocol | 'http';
	service: 'common' | 'object' | 'db' | 'web';
	model?: string;
	/** the route's path when `notFound` */
	method: string;
	/** answered with the 404 page: Odoo 16 renders it in about a second, so tests count these */
	notFound?: true;
	/** set when the answer was a failure injected with `inject()` */
	injected?: InjectKind;
}

export type InjectKind =
	| 'http502'
	| 'http503'
	| 'http504'
	| 'http429'
	| 'drop'
	| 'lost'
	| 'refuse'
	| 'concurrent';

export interface Injection {
	latencyMs?: number;
	failNext?: { count: number; kind: InjectKind; methods?: string[] };
}

interface Reply {
	status: number;
	body: string;
	headers?: Record<string, string>;
}

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };
const NOT_FOUND: Reply = {
	status: 404,
	headers: { 'Content-Type': 'text/html; charset=utf-8' },
	body: '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n',
};

export class Server {
	readonly calls: RpcCall[] = [];
	readonly clock = new Clock();
	readonly databases = new Map<string, Database>();
	private latencyMs = 0;
	private failNext: Required<Injection>['failNext'] | undefined;
	private readonly http: http.Server;
	private readonly sockets = new Set<Socket>();

	constructor(
		readonly version: Version,
		dbNames: string[],
		seedKind: 'demo' | 'empty',
	) {
		for (const name of dbNames)
			this.databases.set(name, new Database(name, version, seedKind, this.clock));
		this.http = http.createServer((req, res) => void this.handle(req, res));
		// Node closes idle keep-alive sockets after 5 s; a client reusing one at that moment gets ECONNRESET
		// (seen between e2e cases, whose helper client idles while n8n runs). Idle sockets stay open here.
		this.http.keepAliveTimeout = 10 * 60_000;
		this.http.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
	}

	listen(port: number, host: string): Promise<AddressInfo> {
		return new Promise((resolve, reject) => {
			this.http.once('error', reject);
			this.http.listen(port, host, () => resolve(this.http.address() as AddressInfo));
		});
	}

	close(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		return new Promise((resolve) => this.http.close(() => resolve()));
	}

	inject(f: Injection): void {
		if (f.latencyMs !== undefined) this.latencyMs = f.latencyMs;
		if (f.failNext) this.failNext = { ...f.failNext };
	}

	clearInjections(): void {
		this.latencyMs = 0;
		this.failNext = undefined;
	}

	registerMethod(model: string, method: string, fn: Hook): void {
		for (const db of this.databases.values()) db.methods.hooks.set(`${model}.${method}`, fn);
	}

	private get versionInfo() {
		const major = Number(this.version.split('.')[0]);
		return {
			server_version: this.version,
			server_version_info: [major, 0, 0, 'final', 0, ''],
			server_serie: this.version,
			protocol_version: 1,
		};
	}

	/** The injected failure for this call, if any (consumes one of `count`). */
	private takeFailure(method: string): InjectKind | undefined {
		const f = this.failNext;
		if (!f || f.count <= 0 || (f.methods && !f.methods.includes(method))) return undefined;
		f.count--;
		return f.kind;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		// 'refuse' without a method filter: the connection dies before anything is read
		if (this.failNext?.kind === 'refuse' && !this.failNext.methods && this.failNext.count > 0) {
			this.failNext.count--;
			req.socket.destroy();
			return;
		}
		const snapshots = new Map(
			[...this.databases.values()].map((db) => [db, db.orm.store.committed]),
		);
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks).toString('utf8');
		if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
		const url = new URL(req.url ?? '/', 'http://fake');
		let reply: Reply | 'drop';
		try {
			for (const [db, n] of snapshots) db.orm.store.snapshot = n;
			reply = this.route(req, url.pathname, body);
			if (reply === NOT_FOUND)
				this.calls.push({ protocol: 'http', service: 'web', method: url.pathname, notFound: true });
		} catch (e) {
			reply = {
				status: 500,
				headers: { 'Content-Type': 'text/plain' },
				body: `fake Odoo internal error: ${String(e)}`,
			};
		} finally {
			for (const db of snapshots.keys()) db.orm.store.snapshot = undefined;
		}
		if (reply === 'drop') {
			req.socket.destroy();
			return;
		}
		res.writeHead(reply.status, {
			...reply.headers,
			'Content-Length': Buffer.byteLength(reply.body),
		});
		res.end(reply.body);
	}

	private route(req: http.IncomingMessage, path: string, body: string): Reply | 'drop' {
		const xmlrpc = /^\/xmlrpc\/(?:2\/)?(common|object|db)$/.exec(path);
		if (xmlrpc && req.method === 'POST') return this.xmlrpc(xmlrpc[1] as RpcCall['service'], body);
		if (path === '/jsonrpc' && req.method === 'POST') return this.jsonrpc(body);
		if (path === '/web/webclient/version_info' && req.method === 'POST') {
			return this.served(
				{ protocol: 'jsonrpc', service: 'web', method: 'version_info' },
				'jsonrpc',
				() => this.jsonRpcReply(jsonId(body), this.versionInfo),
			);
		}
		if (this.version !== '19.0') return NOT_FOUND;
		if (path === '/web/version' && (req.method === 'GET' || req.method === 'POST')) {
			return this.served({ protocol: 'json2', service: 'web', method: 'version' }, 'json2', () => ({
				status: 200,
				headers: JSON_TYPE,
				body: pyJson(readFixture('odoo19', 'web_version.json')),
			}));
		}
		const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
		if (json2)
			return this.json2(req, decodeURIComponent(json2[1]), decodeURIComponent(json2[2]), body);
		return NOT_FOUND;
	}

	/** Records the call, applies an injected failure, else answers. */
	private served(call: RpcCall, protocol: Protocol, answer: () => Reply): Reply | 'drop' {
		const kind = this.takeFailure(call.method);
		this.calls.push(kind ? { ...call, injected: kind } : call);
		switch (kind) {
			case undefined:
				return answer();
			case 'drop':
			case 'refuse':
				return 'drop';
			case 'lost':
				answer();
				return 'drop';
			case 'concurrent':
				return this.errorReply(
					protocol,
					new OdooError(
						'SerializationFailure',
						'could not serialize access due to concurrent update\n',
					),
				);
			default: {
				const status = Number(kind.slice(4));
				const reason = http.STATUS_CODES[status] ?? 'Error';
				return {
					status,
					headers: {
						'Content-Type': 'text/html',
						...(status === 429 ? { 'Retry-After': '1' } : {}),
					},
					body: `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>\n`,
				};
			}
		}
	}

	// ------------------------------------------------------------ XML-RPC / JSON-RPC

	private xmlrpc(service: RpcCall['service'], body: string): Reply | 'drop' {
		let call: { method: string; params: unknown[] };
		try {
			call = parseMethodCall(body);
		} catch (e) {
			return this.errorReply(
				'xmlrpc',
				new OdooError('ValueError', `malformed XML-RPC request: ${String(e)}`),
			);
		}
		const params = toPlain(call.params);
		return this.served(rpcCall('xmlrpc', service, call.method, params), 'xmlrpc', () => {
			try {
				return {
					status: 200,
					headers: XML,
					body: dumpResponse(this.dispatch(service, call.method, params)),
				};
			} catch (e) {
				return this.errorReply('xmlrpc', asOdooError(e));
			}
		});
	}

	private jsonrpc(body: string): Reply | 'drop' {
		let request: { id?: unknown; params?: { service?: string; method?: string; args?: unknown[] } };
		try {
			request = JSON.parse(body);
		} catch {
			return this.errorReply('jsonrpc', new OdooError('BadRequest', 'Invalid JSON data'), null);
		}
		const { service = '', method = '', args = [] } = request.params ?? {};
		const svc = (
			['common', 'object', 'db'].includes(service) ? service : 'common'
		) as RpcCall['service'];
		return this.served(rpcCall('jsonrpc', svc, method, args), 'jsonrpc', () => {
			try {
				if (!['common', 'object', 'db'].includes(service)) {
					throw new OdooError('ValueError', `Invalid service ${pyReprName(service)}`);
				}
				return this.jsonRpcReply(request.id ?? null, this.dispatch(svc, method, args));
			} catch (e) {
				return this.errorReply('jsonrpc', asOdooError(e), request.id ?? null);
			}
		});
	}

	private jsonRpcReply(id: unknown, result: unknown): Reply {
		return { status: 200, headers: JSON_TYPE, body: pyJson({ jsonrpc: '2.0', id, result }) };
	}

	private database(name: unknown): Database {
		const db = this.databases.get(String(name));
		if (!db) {
			throw new OdooError(
				'OperationalError',
				`connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${String(name)}" does not exist\n`,
			);
		}
		return db;
	}

	/** uid when the login and password (or API key) match, else undefined. */
	private authenticate(db: Database, login: unknown, secret: unknown): number | undefined {
		const user = [...db.orm.records('res.users')].find(
			(u) => u.login === login && u.active !== false,
		);
		return user && this.secretMatches(db, user.id, secret) ? user.id : undefined;
	}

	private secretMatches(db: Database, uid: unknown, secret: unknown): boolean {
		const cred = db.orm.credentials.get(uid as number);
		return (
			!!cred &&
			typeof secret === 'string' &&
			secret !== '' &&
			(secret === cred.password || secret === cred.apiKey)
		);
	}

	private dispatch(service: string, method: string, params: unknown[]): unknown {
		if (service === 'db') {
			if (method === 'list') return [...this.databases.keys()];
			if (method === 'server_version') return this.version;
			throw new OdooError('AccessDenied', 'Access Denied');
		}
		if (service === 'common') {
			if (method === 'version') return this.versionInfo;
			if (method === 'authenticate' || method === 'login') {
				const db = this.database(params[0]);
				return this.authenticate(db, params[1], params[2]) ?? false;
			}
			throw new OdooError('NotFound', `Method not available ${method}`);
		}
		if (method !== 'execute_kw' && method !== 'execute')
			throw new OdooError('NotFound', `Method not available ${method}`);
		const [dbName, uid, secret, model, name] = params as [string, number, string, string, string];
		const db = this.database(dbName);
		// As Odoo: a uid with no user (deleted, or another database's) is a MissingError; an archived user or a wrong secret is refused.
		const user = db.orm.store.table('res.users').get(uid);
		if (!user) throw db.orm.missingRecords('res.users', [uid], uid);
		if (user.active === false || !this.secretMatches(db, uid, secret))
			throw new OdooError('AccessDenied', 'Access Denied');
		const [args, kwargs] =
			method === 'execute_kw' ? [params[5] ?? [], params[6] ?? {}] : [params.slice(5), {}];
		if (!Array.isArray(args) || typeof kwargs !== 'object' || kwargs === null) {
			throw new OdooError(
				'TypeError',
				'execute_kw() expects a list of arguments and a dict of keyword arguments',
			);
		}
		if (String(name).startsWith('_')) {
			const shown = this.version === '19.0' ? `'${model}.${name}'` : name;
			throw new OdooError(
				'AccessError',
				`Private methods (such as ${shown}) cannot be called remotely.`,
			);
		}
		db.orm.def(model);
		if (!db.methods.has(model, name)) {
			throw new OdooError(
				'AttributeError',
				`The method '${name}' does not exist on the model '${model}'`,
			);
		}
		const { context = {}, ...rest } = kwargs as Record<string, unknown>;
		const record = db.methods.isRecordMethod(model, name, args[0]);
		const ids = record
			? Array.isArray(args[0])
				? args[0]
				: args[0] === undefined
					? []
					: [args[0]]
			: [];
		return db.transaction(() =>
			db.methods.call({
				model,
				method: name,
				ids: ids as number[],
				args: record ? args.slice(1) : args,
				kwargs: rest,
				ctx: { uid, context: context as Record<string, unknown> },
			}),
		);
	}

	// ------------------------------------------------------------ JSON-2

	private json2(
		req: http.IncomingMessage,
		model: string,
		method: string,
		body: string,
	): Reply | 'drop' {
		return this.served({ protocol: 'json2', service: 'object', model, method }, 'json2', () => {
			try {
				if (req.method !== 'POST')
					throw new OdooError('NotFound', 'Did you mean POST /json/2/<model>/<method>?');
				const dbName = headerValue(req, 'x-odoo-database') ?? this.databases.keys().next().value;
				const db = this.databases.get(String(dbName));
				if (!db) throw new OdooError('NotFound', `database ${JSON.stringify(dbName)} not found`);
				const auth = headerValue(req, 'authorization');
				const m = auth ? /^bearer\s+(.+)$/i.exec(auth.trim()) : null;
				if (!m)
					throw new OdooError(
						'Unauthorized',
						'User not authenticated, use an API Key with a Bearer Authorization header.',
					);
				const key = m[1].trim();
				const uid = [...db.orm.credentials.entries()].find(([, c]) => c.apiKey === key)?.[0];
				if (uid === undefined) throw new OdooError('Unauthorized', 'Invalid apikey');
				const payload = parseJson(body);
				if (!db.orm.registry.get(model))
					throw new OdooError('NotFound', `the model '${model}' does not exist`);
				if (method.startsWith('_')) {
					throw new OdooError(
						'AccessError',
						`Private methods (such as '${model}.${method}') cannot be called remotely.`,
					);
				}
				if (!db.methods.has(model, method))
					throw new OdooError('NotFound', `The method '${model}.${method}' does not exist`);
				const { ids = [], context = {}, ...kwargs } = payload;
				const result = db.transaction(() =>
					db.methods.call({
						model,
						method,
						ids: (Array.isArray(ids) ? ids : [ids]) as number[],
						args: [],
						kwargs,
						ctx: { uid, context: context as Record<string, unknown> },
					}),
				);
				return { status: 200, headers: JSON_TYPE, body: pyJson(result) };
			} catch (e) {
				return this.errorReply('json2', asOdooError(e));
			}
		});
	}

	// ------------------------------------------------------------ errors

	private errorReply(protocol: Protocol, err: OdooError, id: unknown = null): Reply {
		const debug = traceback(err, protocol);
		if (protocol === 'xmlrpc') {
			const code = err.info.fault;
			return { status: 200, headers: XML, body: dumpFault(code, code === 1 ? debug : err.message) };
		}
		if (protocol === 'jsonrpc') {
			const data = {
				name: err.info.python,
				debug,
				message: err.message,
				arguments: err.arguments,
				context: {},
			};
			return {
				status: 200,
				headers: JSON_TYPE,
				body: pyJson({
					jsonrpc: '2.0',
					id,
					error: { code: 200, message: 'Odoo Server Error', data },
				}),
			};
		}
		const status = err.info.status;
		return {
			status,
			headers: { ...(status === 401 ? { 'WWW-Authenticate': 'Bearer ' } : {}), ...JSON_TYPE },
			body: pyJson({
				name: err.info.python,
				message: err.message,
				arguments: err.arguments,
				context: {},
				debug,
			}),
		};
	}
}

/** The call an XML-RPC or JSON-RPC request makes: execute_kw names its model and method in its params. */
export function rpcCall(
	protocol: Protocol,
	service: RpcCall['service'],
	method: string,
	params: unknown[],
): RpcCall {
	if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
		return { protocol, service, model: String(params[3]), method: String(params[4]) };
	}
	return { protocol, service, method };
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
}

function jsonId(body: string): unknown {
	try {
		return (JSON.parse(body) as { id?: unknown }).id ?? null;
	} catch {
		return null;
	}
}

const pyReprName = (s: string): string => `'${s}'`;

/** JSON-2 body: an object; Python's json error wording on failure (as recorded). */
function parseJson(body: string): Record<string, unknown> {
	if (body.trim() === '') return {};
	try {
		const v = JSON.parse(body);
		if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
		throw new OdooError('BadRequest', 'could not parse the body, expecting a json object');
	} catch (e) {
		if (e instanceof OdooError) throw e;
		const pos = Number(/position (\d+)/.exec(String(e))?.[1] ?? 0);
		const before = body.slice(0, pos);
		const line = before.split('\n').length;
		const col = pos - before.lastIndexOf('\n');
		const what = /property name/i.test(String(e))
			? 'Expecting property name enclosed in double quotes'
			: 'Expecting value';
		throw new OdooError(
			'BadRequest',
			`could not parse the body as json: ${what}: line ${line} column ${col} (char ${pos})`,
		);
	}
}
