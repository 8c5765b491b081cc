import { RequestFn, nodeRequest } from '../http';
import { CallSite, OdooError } from './errors';
import { Endpoint, Json2Transport, JsonRpcTransport, Protocol, Transport, XmlRpcTransport } from './transports';

export type { Protocol } from './transports';
export type Domain = unknown[];
export type Context = Record<string, unknown>;
export type Vals = Record<string, unknown>;
export type OdooRecord = Record<string, unknown> & { id: number };

export interface FieldInfo {
	type: string;
	string: string;
	required?: boolean;
	readonly?: boolean;
	relation?: string;
	selection?: [string, string][];
	store?: boolean;
	help?: string;
}
export type FieldsInfo = Record<string, FieldInfo>;

export interface OdooConfig {
	url: string;
	/** Optional: detected when the server has a single database. */
	db?: string;
	username: string;
	/** Password or API key. */
	password: string;
	protocol?: 'auto' | Protocol;
	/** Refuse every method that writes, before any request is sent. */
	readOnly?: boolean;
}

export interface ClientOptions {
	request?: RequestFn;
	/** Default context merged into every call (lang, tz, allowed_company_ids, active_test, ...). */
	context?: Context;
	/** Retries of transient failures (default 4), with capped exponential backoff and jitter. */
	retries?: number;
	backoffMs?: number;
	maxBackoffMs?: number;
	timeoutMs?: number;
	/** Records per page for keyset paging (default 1000). */
	pageSize?: number;
}

export interface VersionInfo {
	server_version: string;
	server_version_info: (number | string)[];
	major: number;
}

export interface CallOptions {
	context?: Context;
}
export interface SearchOptions extends CallOptions {
	offset?: number;
	limit?: number;
	order?: string;
}
export interface SearchReadOptions extends CallOptions {
	fields?: string[];
	order?: string;
	/** Total records to return, across pages. */
	limit?: number;
	pageSize?: number;
}

/** The methods a read-only credential lets through. */
export const READ_METHODS = new Set([
	'search',
	'search_read',
	'read',
	'search_count',
	'fields_get',
	'name_search',
	'read_group',
	'default_get',
	'check_access_rights',
	'context_get',
	'version',
]);
/** Safe to repeat after an unclear failure: the second run leaves the same state as the first. */
const IDEMPOTENT = new Set([...READ_METHODS, 'write', 'unlink']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One authenticated connection to an Odoo database over JSON-2, JSON-RPC or XML-RPC.
 * The uid is obtained once in `connect` and reused; no call logs in again.
 */
export class OdooClient {
	private readonly fieldsCache = new Map<string, Promise<FieldsInfo>>();

	private constructor(
		private readonly transport: Transport,
		readonly version: VersionInfo,
		readonly uid: number,
		readonly db: string,
		private readonly readOnly: boolean,
		private readonly opts: ClientOptions,
	) {}

	get protocol(): Protocol {
		return this.transport.protocol;
	}

	static async connect(config: OdooConfig, opts: ClientOptions = {}): Promise<OdooClient> {
		const url = config.url.trim().replace(/\/+$/, '');
		if (!/^https?:\/\//.test(url)) throw new OdooError('notFound', `The Odoo URL must start with http:// or https:// (got '${url}')`);
		const ep: Endpoint = { url, db: config.db?.trim() ?? '', login: config.username, secret: config.password, request: opts.request ?? nodeRequest, timeoutMs: opts.timeoutMs };
		const version = await probeVersion(ep);
		if (!ep.db) ep.db = await detectDatabase(ep);
		const wanted = config.protocol ?? 'auto';
		const candidates: Protocol[] = wanted !== 'auto' ? [wanted] : version.major >= 19 ? ['json2', 'jsonrpc'] : ['jsonrpc'];
		if (wanted === 'json2' && version.major < 19)
			throw new OdooError('notFound', `JSON-2 needs Odoo 19 or later; this server runs ${version.server_version}. Choose JSON-RPC or XML-RPC.`);
		let lastError: unknown;
		for (const protocol of candidates) {
			const transport = makeTransport(protocol, ep);
			try {
				const uid = await transport.authenticate();
				return new OdooClient(transport, version, uid, ep.db, config.readOnly ?? false, opts);
			} catch (err) {
				lastError = err;
				// A password is not a JSON-2 bearer key: fall back to JSON-RPC, which takes both.
				if (!(err instanceof OdooError && err.kind === 'auth' && protocol === 'json2' && wanted === 'auto')) throw err;
			}
		}
		throw lastError;
	}

	/** Runs any public model method: `call('sale.order', 'action_confirm', [[7]])`. */
	async call<T = unknown>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, options: CallOptions = {}): Promise<T> {
		if (this.readOnly && !READ_METHODS.has(method))
			throw new OdooError(
				'access',
				`${model}.${method} was refused: the Odoo credential is read-only, which allows only reading methods (${[...READ_METHODS].join(', ')}). Turn off 'Read-only' in the credential to write.`,
				{ model },
			);
		const context = { ...this.opts.context, ...(kwargs.context as Context | undefined), ...options.context };
		const kw = Object.keys(context).length ? { ...kwargs, context } : kwargs;
		const site = await this.callSite(model, method, args, kwargs);
		const retries = this.opts.retries ?? 4;
		for (let attempt = 0; ; attempt++) {
			try {
				return (await this.transport.execute(model, method, args, kw, this.uid, site)) as T;
			} catch (err) {
				const safe = err instanceof OdooError && err.retryable && (IDEMPOTENT.has(method) || err.notApplied);
				if (!safe || attempt >= retries) throw err;
				await sleep(this.backoff(attempt, err.retryAfterMs));
			}
		}
	}

	private backoff(attempt: number, retryAfterMs?: number): number {
		const max = this.opts.maxBackoffMs ?? 5000;
		if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
		const base = Math.min(max, (this.opts.backoffMs ?? 200) * 2 ** attempt);
		return base / 2 + Math.random() * (base / 2);
	}

	/** Model, method and values of a write, so a fault can name the fields involved. */
	private async callSite(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>): Promise<CallSite> {
		const site: CallSite = { model, method };
		if (method !== 'create' && method !== 'write') return site;
		const payload = method === 'create' ? (args[0] ?? kwargs.vals_list) : (args[1] ?? kwargs.vals);
		site.vals = (Array.isArray(payload) ? payload : [payload]).filter((v): v is Vals => !!v && typeof v === 'object');
		const cached = this.fieldsCache.get(model);
		if (cached) {
			const fields = await cached.catch(() => ({}) as FieldsInfo);
			site.relations = Object.fromEntries(Object.entries(fields).filter(([, f]) => f.relation).map(([n, f]) => [n, f.relation!]));
		}
		return site;
	}

	search(model: string, domain: Domain = [], o: SearchOptions = {}): Promise<number[]> {
		return this.call(model, 'search', [domain], pick({ offset: o.offset, limit: o.limit, order: o.order }), o);
	}

	count(model: string, domain: Domain = [], o: CallOptions = {}): Promise<number> {
		return this.call(model, 'search_count', [domain], {}, o);
	}

	read(model: string, ids: number[], fields?: string[], o: CallOptions = {}): Promise<OdooRecord[]> {
		return this.call(model, 'read', [ids], pick({ fields }), o);
	}

	/** All matching records, paged. */
	async searchRead(model: string, domain: Domain = [], o: SearchReadOptions = {}): Promise<OdooRecord[]> {
		const all: OdooRecord[] = [];
		for await (const page of this.searchReadPages(model, domain, o)) all.push(...page);
		return all;
	}

	/**
	 * Pages through a search_read. With the default order (id) it pages on `id > last`
	 * (keyset), which stays correct while records are being added; any other order pages by offset.
	 */
	async *searchReadPages(model: string, domain: Domain = [], o: SearchReadOptions = {}): AsyncGenerator<OdooRecord[]> {
		const pageSize = o.pageSize ?? this.opts.pageSize ?? 1000;
		const keyset = !o.order || /^id( asc)?$/i.test(o.order.trim());
		const fields = o.fields && !o.fields.includes('id') && o.fields.length ? [...o.fields, 'id'] : o.fields;
		let remaining = o.limit ?? Infinity;
		let lastId = 0;
		let offset = 0;
		while (remaining > 0) {
			const limit = Math.min(pageSize, remaining);
			// A leading term is ANDed with the domain's top-level terms, whatever operators they use.
			const pageDomain = keyset && lastId ? [['id', '>', lastId], ...domain] : domain;
			const page: OdooRecord[] = await this.call(
				model,
				'search_read',
				[pageDomain],
				pick({ fields, limit, order: keyset ? 'id asc' : o.order, offset: keyset ? undefined : offset || undefined }),
				o,
			);
			if (page.length) yield page;
			if (page.length < limit) return;
			remaining -= page.length;
			offset += page.length;
			lastId = page[page.length - 1].id;
		}
	}

	/** One `create` for the whole list; returns the new ids in order. */
	async create(model: string, valsList: Vals[], o: CallOptions = {}): Promise<number[]> {
		if (!valsList.length) return [];
		const ids = await this.call<number[] | number>(model, 'create', [valsList], {}, o);
		return Array.isArray(ids) ? ids : [ids];
	}

	write(model: string, ids: number[], vals: Vals, o: CallOptions = {}): Promise<boolean> {
		return this.call(model, 'write', [ids, vals], {}, o);
	}

	unlink(model: string, ids: number[], o: CallOptions = {}): Promise<boolean> {
		return this.call(model, 'unlink', [ids], {}, o);
	}

	/** The model's fields, fetched once per client. */
	fieldsGet(model: string): Promise<FieldsInfo> {
		let cached = this.fieldsCache.get(model);
		if (!cached) {
			cached = this.call<FieldsInfo>(model, 'fields_get', [], {
				attributes: ['type', 'string', 'required', 'readonly', 'relation', 'selection', 'store', 'help'],
			});
			cached.catch(() => this.fieldsCache.delete(model));
			this.fieldsCache.set(model, cached);
		}
		return cached;
	}

	nameSearch(model: string, name: string, o: CallOptions & { domain?: Domain; operator?: string; limit?: number } = {}): Promise<[number, string][]> {
		return this.call(model, 'name_search', [], pick({ name, domain: o.domain, operator: o.operator, limit: o.limit }), o);
	}
}

/** Drops undefined keys so optional arguments are not sent at all. */
function pick(obj: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function makeTransport(protocol: Protocol, ep: Endpoint): Transport {
	if (protocol === 'json2') return new Json2Transport(ep);
	if (protocol === 'xmlrpc') return new XmlRpcTransport(ep);
	return new JsonRpcTransport(ep);
}

/** Reads the server version without logging in: `/web/version` (17+), else `common.version()`. */
async function probeVersion(ep: Endpoint): Promise<VersionInfo> {
	let web: { version_info?: (number | string)[]; version?: string } | undefined;
	try {
		const res = await ep.request({ method: 'GET', url: `${ep.url}/web/version`, timeoutMs: ep.timeoutMs });
		if (res.status === 200) web = JSON.parse(res.body);
	} catch (err) {
		const code = (err as { code?: string }).code;
		if (code && code !== 'ECONNRESET')
			throw new OdooError('network', `Cannot reach Odoo at ${ep.url} (${code}). Check the URL in the credential.`, { retryable: true });
	}
	if (web?.version_info) return versionInfo(String(web.version ?? web.version_info.slice(0, 2).join('.')), web.version_info);
	const info = (await new JsonRpcTransport(ep).rpc('common', 'version', []).catch(() =>
		new XmlRpcTransport(ep).rpc('common', 'version', []),
	)) as { server_version: string; server_version_info: (number | string)[] };
	return versionInfo(info.server_version, info.server_version_info);
}

function versionInfo(server_version: string, server_version_info: (number | string)[]): VersionInfo {
	const major = Number(String(server_version_info[0] ?? server_version).replace(/^saas~/, '').split('.')[0]);
	return { server_version, server_version_info, major };
}

async function detectDatabase(ep: Endpoint): Promise<string> {
	let dbs: string[];
	try {
		dbs = (await new JsonRpcTransport(ep).rpc('db', 'list', [])) as string[];
	} catch {
		throw new OdooError('notFound', `The database list of ${ep.url} is not public: set the database name in the credential (Odoo shows it with ?debug=1, next to the user name).`);
	}
	if (dbs.length === 1) return dbs[0];
	throw new OdooError(
		'notFound',
		dbs.length ? `${ep.url} hosts several databases (${dbs.join(', ')}): set the database name in the credential.` : `${ep.url} has no database.`,
	);
}
