import type { HttpRequest, HttpResponse, RequestFn } from '../http';
import { CallSite, OdooError, RawFault, networkError, toOdooError } from './errors';
import { decodeMethodResponse, encodeMethodCall, XmlRpcFault } from './xmlrpc-codec';

export type Protocol = 'json2' | 'jsonrpc' | 'xmlrpc';

export interface Endpoint {
	url: string;
	db: string;
	login: string;
	secret: string;
	request: RequestFn;
	timeoutMs?: number;
}

/** One protocol: how to log in and how to run a model method. */
export interface Transport {
	readonly protocol: Protocol;
	/** Returns the uid. */
	authenticate(): Promise<number>;
	execute(
		model: string,
		method: string,
		args: unknown[],
		kwargs: Record<string, unknown>,
		uid: number,
		site: CallSite,
	): Promise<unknown>;
}

async function send(ep: Endpoint, req: HttpRequest): Promise<HttpResponse> {
	try {
		return await ep.request({ timeoutMs: ep.timeoutMs, ...req });
	} catch (err) {
		const e = err as { code?: string; cause?: { code?: string }; message?: string };
		throw networkError({ code: e.code ?? e.cause?.code, message: e.message }, [ep.secret]);
	}
}

/** A non-200 answer on an RPC endpoint carries no Odoo fault: a proxy error, or no API at this URL. */
function httpFailure(ep: Endpoint, res: HttpResponse, path: string): OdooError {
	if (res.status === 404 || res.status === 403 || res.status === 405)
		return new OdooError(
			'notFound',
			`The Odoo external API is not available at ${ep.url}${path} (HTTP ${res.status}). Check the URL; on Odoo Online the external API needs a Custom plan.`,
		);
	const after = Number(res.headers['retry-after']);
	return networkError(
		{ status: res.status, retryAfterMs: Number.isFinite(after) ? after * 1000 : undefined },
		[ep.secret],
	);
}

/** What `common.version` answers. */
export interface VersionReply {
	server_version: string;
	server_version_info: (number | string)[];
}

/** `GET /web/version`: Odoo 17 and later, also where JSON-2 is the only API. */
export async function webVersion(ep: Endpoint): Promise<VersionReply> {
	const res = await send(ep, { method: 'GET', url: `${ep.url}/web/version` });
	const web =
		res.status === 200
			? (parseJson(res.body) as
					| { version_info?: (number | string)[]; version?: string }
					| undefined)
			: undefined;
	if (!web?.version_info) throw httpFailure(ep, res, '/web/version');
	return {
		server_version: String(web.version ?? web.version_info.slice(0, 2).join('.')),
		server_version_info: web.version_info,
	};
}

/** XML-RPC and JSON-RPC share Odoo's service/method dispatch; only the envelope differs. */
abstract class RpcTransport implements Transport {
	abstract readonly protocol: Protocol;
	constructor(protected readonly ep: Endpoint) {}

	/** Calls `service.method(*args)`; throws OdooError for a fault. */
	abstract rpc(
		service: 'common' | 'object' | 'db',
		method: string,
		args: unknown[],
		site?: CallSite,
	): Promise<unknown>;

	async authenticate(): Promise<number> {
		const { db, login, secret } = this.ep;
		const uid = await this.rpc('common', 'authenticate', [db, login, secret, {}]);
		if (typeof uid !== 'number' || !uid)
			throw new OdooError(
				'auth',
				`Login '${login}' was refused by database '${db}': wrong login or password/API key. Check the Odoo credential.`,
			);
		return uid;
	}

	execute(
		model: string,
		method: string,
		args: unknown[],
		kwargs: Record<string, unknown>,
		uid: number,
		site: CallSite,
	) {
		const { db, secret } = this.ep;
		return this.rpc('object', 'execute_kw', [db, uid, secret, model, method, args, kwargs], site);
	}

	protected fault(f: RawFault, site: CallSite = {}): OdooError {
		return toOdooError(f, site, [this.ep.secret]);
	}
}

export class XmlRpcTransport extends RpcTransport {
	readonly protocol = 'xmlrpc';

	async rpc(service: 'common' | 'object' | 'db', method: string, args: unknown[], site?: CallSite) {
		const path = `/xmlrpc/2/${service}`;
		const res = await send(this.ep, {
			method: 'POST',
			url: this.ep.url + path,
			headers: { 'Content-Type': 'text/xml' },
			body: encodeMethodCall(method, args),
		});
		if (res.status !== 200 || !res.body.includes('<methodResponse'))
			throw httpFailure(this.ep, res, path);
		try {
			return decodeMethodResponse(res.body);
		} catch (err) {
			if (err instanceof XmlRpcFault)
				throw this.fault({ code: err.faultCode, text: err.faultString }, site);
			throw err;
		}
	}
}

export class JsonRpcTransport extends RpcTransport {
	readonly protocol = 'jsonrpc';
	private nextId = 1;

	async rpc(service: 'common' | 'object' | 'db', method: string, args: unknown[], site?: CallSite) {
		const res = await send(this.ep, {
			method: 'POST',
			url: this.ep.url + '/jsonrpc',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				jsonrpc: '2.0',
				method: 'call',
				params: { service, method, args },
				id: this.nextId++,
			}),
		});
		const body = res.status === 200 ? parseJson(res.body) : undefined;
		if (!body || typeof body !== 'object') throw httpFailure(this.ep, res, '/jsonrpc');
		const { result, error } = body as {
			result?: unknown;
			error?: { message?: string; data?: { name?: string; message?: string; debug?: string } };
		};
		if (!error) return result;
		const data = error.data ?? {};
		throw this.fault(
			{
				name: data.name,
				text: data.message ?? error.message ?? 'Odoo Server Error',
				debug: data.debug,
			},
			site,
		);
	}
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Positional argument names of the ORM methods, so `call(model, method, args)` works on JSON-2 too. */
const NAMED_ARGS: Record<string, string[]> = {
	search: ['domain', 'offset', 'limit', 'order'],
	search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
	search_count: ['domain', 'limit'],
	read: ['fields'],
	create: ['vals_list'],
	write: ['vals'],
	fields_get: ['allfields', 'attributes'],
	name_search: ['name', 'domain', 'operator', 'limit'],
	name_create: ['name'],
	read_group: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'],
	default_get: ['fields_list'],
	check_access_rights: ['operation', 'raise_exception'],
	load: ['fields', 'data'],
	copy: ['default'],
};
/** Methods whose first positional argument is not a list of record ids. */
const MODEL_METHODS = new Set([
	'search',
	'search_read',
	'search_count',
	'create',
	'fields_get',
	'name_search',
	'name_create',
	'read_group',
	'default_get',
	'check_access_rights',
	'load',
	'context_get',
]);

/** JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>` with named arguments and a bearer API key. */
export class Json2Transport implements Transport {
	readonly protocol = 'json2';
	constructor(private readonly ep: Endpoint) {}

	async authenticate(): Promise<number> {
		const ctx = (await this.execute('res.users', 'context_get', [], {}, 0, {
			model: 'res.users',
			method: 'context_get',
		})) as { uid?: number };
		return ctx.uid ?? 0;
	}

	async execute(
		model: string,
		method: string,
		args: unknown[],
		kwargs: Record<string, unknown>,
		_uid: number,
		site: CallSite,
	) {
		const body: Record<string, unknown> = {};
		let rest = args;
		if (!MODEL_METHODS.has(method) && args.length) {
			body.ids = args[0];
			rest = args.slice(1);
		}
		const names = NAMED_ARGS[method] ?? [];
		if (rest.length > names.length)
			throw new OdooError(
				'validation',
				`${model}.${method}: JSON-2 takes named arguments; pass the arguments of '${method}' as keyword arguments`,
			);
		rest.forEach((v, i) => (body[names[i]] = v));
		Object.assign(body, kwargs);
		const path = `/json/2/${model}/${method}`;
		const headers: Record<string, string> = {
			'Content-Type': 'application/json; charset=utf-8',
			Authorization: `bearer ${this.ep.secret}`,
		};
		if (this.ep.db) headers['X-Odoo-Database'] = this.ep.db;
		const res = await send(this.ep, {
			method: 'POST',
			url: this.ep.url + path,
			headers,
			body: JSON.stringify(body),
		});
		const json = parseJson(res.body);
		if (res.status === 200 && json !== undefined) return json;
		const err = json as { name?: string; message?: string; debug?: string } | undefined;
		if (!err || typeof err !== 'object' || !err.name) throw httpFailure(this.ep, res, path);
		throw toOdooError(
			{ status: res.status, name: err.name, text: err.message ?? '', debug: err.debug },
			site,
			[this.ep.secret],
		);
	}
}
