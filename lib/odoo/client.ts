import { RequestFn, nodeRequest } from '../http';
import { CallSite, OdooError } from './errors';
import { RetryBudget, RetryOptions } from './retry';
import { newFieldsCache, Session, SessionCache } from './sessions';
import {
	Endpoint,
	Json2Transport,
	JsonRpcTransport,
	Protocol,
	Transport,
	VersionReply,
	webVersion,
	XmlRpcTransport,
} from './transports';

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
	/** Monetary fields: the many2one to res.currency that holds the amount's currency. */
	currency_field?: string;
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

/** Per call: long enough for a `load` of thousands of records (minutes), short of forever. */
export const DEFAULT_CALL_TIMEOUT_MS = 600_000;
/** The version probe is cheap: a server that takes longer is not answering. */
const PROBE_TIMEOUT_MS = 30_000;

/** Retries: transient failures are repeated for `retryForMs` where that is safe (see `RetryBudget`). */
export interface ClientOptions extends RetryOptions {
	request?: RequestFn;
	/** Default context merged into every call (lang, tz, allowed_company_ids, active_test, ...). */
	context?: Context;
	/** Per call (default 10 minutes). */
	timeoutMs?: number;
	/** Records per page for keyset paging (default: see `pageSizeFor`). */
	pageSize?: number;
	/** Reuse the version, uid and field descriptions of earlier clients of the same credential (see `sharedSessions`). */
	sessions?: SessionCache;
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
/** A `load` whose every row names its record (external `id` or database `.id`) updates it when repeated: no duplicate. */
function namesEveryRow(args: unknown[]): boolean {
	const [columns, rows] = args as [unknown, unknown];
	if (!Array.isArray(columns) || !Array.isArray(rows)) return false;
	const at = columns.findIndex((c) => c === 'id' || c === '.id');
	return at >= 0 && rows.every((row) => Array.isArray(row) && !!row[at]);
}
const mayRepeat = (method: string, args: unknown[]) => (err: OdooError) =>
	IDEMPOTENT.has(method) || (method === 'load' && namesEveryRow(args)) || err.notApplied;

/** Faults that say a cached field description is out of date (JSON-2 answers a KeyError for an unknown field in a write). */
const STALE_FIELDS = /Invalid field|KeyError/;

/**
 * One authenticated connection to an Odoo database over JSON-2, JSON-RPC or XML-RPC.
 * The uid is obtained once in `connect` and reused; with a `SessionCache`, it is reused by later
 * clients of the same credential too, and a reused session that Odoo refuses is renewed once.
 */
export class OdooClient {
	/** Models whose fields this client fetched itself (a reused description may predate a field). */
	private readonly fetched = new Set<string>();
	private renewal?: Promise<void>;

	private constructor(
		private readonly transport: Transport,
		private session: Session,
		/** Set when the session came from the cache: it may be stale. */
		private readonly reused: { cache: SessionCache; key: string } | undefined,
		/** The credential allows only reading methods: writes are refused before any request. */
		readonly readOnly: boolean,
		private readonly opts: ClientOptions,
		private readonly budget: RetryBudget,
	) {}

	/** How long this client keeps retrying while Odoo does not answer. */
	get retryForMs(): number {
		return this.budget.retryForMs;
	}

	get protocol(): Protocol {
		return this.transport.protocol;
	}
	get version(): VersionInfo {
		return this.session.version;
	}
	get uid(): number {
		return this.session.uid;
	}
	get db(): string {
		return this.session.db;
	}

	static async connect(config: OdooConfig, opts: ClientOptions = {}): Promise<OdooClient> {
		const url = config.url.trim().replace(/\/+$/, '');
		if (!/^https?:\/\//.test(url))
			throw new OdooError(
				'notFound',
				`The Odoo URL must start with http:// or https:// (got '${url}')`,
			);
		const ep: Endpoint = {
			url,
			db: config.db?.trim() ?? '',
			login: config.username,
			secret: config.password,
			request: opts.request ?? nodeRequest,
			timeoutMs: opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
		};
		const budget = new RetryBudget(opts);
		const wanted = config.protocol ?? 'auto';
		const cache = opts.sessions;
		const key = cache && SessionCache.key(url, ep.db, ep.login, ep.secret, wanted);
		let pending = key ? cache.get(key) : undefined;
		const reused = pending && cache && key ? { cache, key } : undefined;
		if (!pending) {
			pending = budget.run(
				() => openSession(ep, wanted),
				() => true,
			);
			if (cache && key) {
				const mine = pending;
				cache.set(key, mine);
				mine.catch(() => cache.delete(key, mine));
			}
		}
		const session = await pending;
		return new OdooClient(
			makeTransport(session.protocol, { ...ep, db: session.db }),
			session,
			reused,
			config.readOnly ?? false,
			opts,
			budget,
		);
	}

	/** Runs any public model method: `call('sale.order', 'action_confirm', [[7]])`. */
	async call<T = unknown>(
		model: string,
		method: string,
		args: unknown[] = [],
		kwargs: Record<string, unknown> = {},
		options: CallOptions = {},
	): Promise<T> {
		if (this.readOnly && !READ_METHODS.has(method))
			throw new OdooError(
				'access',
				`${model}.${method} was refused: the Odoo credential is read-only, which allows only reading methods (${[...READ_METHODS].join(', ')}). Turn off 'Read-only' in the credential to write.`,
				{ model },
			);
		const context = {
			...this.opts.context,
			...(kwargs.context as Context | undefined),
			...options.context,
		};
		const kw = Object.keys(context).length ? { ...kwargs, context } : kwargs;
		const site = await this.callSite(model, method, args, kwargs);
		try {
			return await this.send<T>(model, method, args, kw, site);
		} catch (err) {
			if (!(err instanceof OdooError)) throw err;
			const stale = err.kind === 'notFound' || STALE_FIELDS.test(err.details ?? err.message);
			if (stale && err.kind !== 'network') this.session.fields.delete(model);
			if (!this.reused || !loginRefused(err, this.uid)) throw err;
			// Odoo checks the login before it runs anything, so the call may be repeated.
			await (this.renewal ??= this.renew());
			return this.send<T>(model, method, args, kw, site);
		}
	}

	/** Sends the call, repeating transient failures where that is safe, for as long as the budget allows. */
	private async send<T>(
		model: string,
		method: string,
		args: unknown[],
		kw: Record<string, unknown>,
		site: CallSite,
	): Promise<T> {
		try {
			return (await this.budget.run(
				() => this.transport.execute(model, method, args, kw, this.uid, site),
				mayRepeat(method, args),
			)) as T;
		} catch (err) {
			if (err instanceof OdooError && err.kind === 'network' && !mayRepeat(method, args)(err))
				throw uncertain(err, model, method);
			throw err;
		}
	}

	/** Logs in again when Odoo refuses a reused session (user re-created, database restored), and shares the new one. */
	private async renew(): Promise<void> {
		const { cache, key } = this.reused!;
		cache.delete(key);
		const uid = await this.transport.authenticate();
		this.session = { ...this.session, uid };
		cache.set(key, Promise.resolve(this.session));
	}

	/** Model, method and values of a write, so a fault can name the fields involved. */
	private async callSite(
		model: string,
		method: string,
		args: unknown[],
		kwargs: Record<string, unknown>,
	): Promise<CallSite> {
		const site: CallSite = { model, method };
		if (method !== 'create' && method !== 'write') return site;
		const payload = method === 'create' ? (args[0] ?? kwargs.vals_list) : (args[1] ?? kwargs.vals);
		site.vals = (Array.isArray(payload) ? payload : [payload]).filter(
			(v): v is Vals => !!v && typeof v === 'object',
		);
		const cached = this.session.fields.get(model);
		if (cached) {
			const fields = await cached.catch(() => ({}) as FieldsInfo);
			site.relations = Object.fromEntries(
				Object.entries(fields)
					.filter(([, f]) => f.relation)
					.map(([n, f]) => [n, f.relation!]),
			);
		}
		return site;
	}

	search(model: string, domain: Domain = [], o: SearchOptions = {}): Promise<number[]> {
		return this.call(
			model,
			'search',
			[domain],
			pick({ offset: o.offset, limit: o.limit, order: o.order }),
			o,
		);
	}

	count(model: string, domain: Domain = [], o: CallOptions = {}): Promise<number> {
		return this.call(model, 'search_count', [domain], {}, o);
	}

	read(
		model: string,
		ids: number[],
		fields?: string[],
		o: CallOptions = {},
	): Promise<OdooRecord[]> {
		return this.call(model, 'read', [ids], pick({ fields }), o);
	}

	/** All matching records, paged. */
	async searchRead(
		model: string,
		domain: Domain = [],
		o: SearchReadOptions = {},
	): Promise<OdooRecord[]> {
		const pages: OdooRecord[][] = [];
		for await (const page of this.searchReadPages(model, domain, o)) pages.push(page);
		return pages.length === 1 ? pages[0] : pages.flat();
	}

	/**
	 * Pages through a search_read. With the default order (id) it pages on `id > last`
	 * (keyset), which stays correct while records are being added; any other order pages by offset.
	 */
	async *searchReadPages(
		model: string,
		domain: Domain = [],
		o: SearchReadOptions = {},
	): AsyncGenerator<OdooRecord[]> {
		const pageSize = o.pageSize ?? this.opts.pageSize ?? pageSizeFor(o.fields);
		const keyset = !o.order || /^id( asc)?$/i.test(o.order.trim());
		const fields =
			o.fields && !o.fields.includes('id') && o.fields.length ? [...o.fields, 'id'] : o.fields;
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
				pick({
					fields,
					limit,
					order: keyset ? 'id asc' : o.order,
					offset: keyset ? undefined : offset || undefined,
				}),
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

	/**
	 * The model's fields, shared by the clients of one session. `names` are the fields the caller
	 * is about to use: descriptions fetched by an earlier client that lack one are fetched again,
	 * as the field may have been added since.
	 */
	fieldsGet(model: string, names: string[] = []): Promise<FieldsInfo> {
		const cache = this.session.fields;
		const cached = cache.get(model);
		if (!cached) {
			const fetching = this.call<FieldsInfo>(model, 'fields_get', [], {
				attributes: [
					'type',
					'string',
					'required',
					'readonly',
					'relation',
					'selection',
					'store',
					'help',
					'currency_field',
				],
			});
			cache.set(model, fetching);
			fetching.catch(() => cache.delete(model, fetching));
			this.fetched.add(model);
			return fetching;
		}
		if (this.fetched.has(model) || !names.length) return cached;
		return cached.then((fields) => {
			if (names.every((n) => n in fields)) return fields;
			cache.delete(model, cached);
			return this.fieldsGet(model);
		});
	}

	nameSearch(
		model: string,
		name: string,
		o: CallOptions & { domain?: Domain; operator?: string; limit?: number } = {},
	): Promise<[number, string][]> {
		return this.call(
			model,
			'name_search',
			[],
			pick({ name, domain: o.domain, operator: o.operator, limit: o.limit }),
			o,
		);
	}
}

/** A write that got no answer: it was not repeated, as it may have been applied. */
function uncertain(err: OdooError, model: string, method: string): OdooError {
	return new OdooError(
		'network',
		`${model}.${method}: ${err.message}. The call may ${err.mayBeRunning ? 'still be running in' : 'have reached'} Odoo, so it was not repeated: check before running it again (Create or Update looks its keys up again).`,
		{ model, retryable: true, mayBeRunning: err.mayBeRunning },
	);
}

/** Odoo refused the login: a wrong secret, or a uid whose user is gone (a restored or re-created database). */
function loginRefused(err: OdooError, uid: number): boolean {
	return (
		err.kind === 'auth' || (err.kind === 'missing' && err.message.includes(`res.users(${uid},)`))
	);
}

/**
 * Records per page: about 200,000 values, between 1,000 and 50,000 records. Every page costs Odoo
 * a request, so few fields go in large pages: 34k partners with 4 fields in one call rather than 35
 * (measured on Odoo 16: 3.0 s against 6.2 s). All fields (no list) or a binary field (images) stay at
 * 1,000: a page of 1,000 full partners already takes Odoo 16 seconds and 24 MB.
 */
export function pageSizeFor(fields?: string[], info?: FieldsInfo): number {
	if (!fields?.length || fields.some((f) => info?.[f]?.type === 'binary')) return 1000;
	return Math.min(50_000, Math.max(1000, Math.floor(200_000 / (fields.length + 1))));
}

/** Drops undefined keys so optional arguments are not sent at all. */
function pick(obj: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function makeRpc(protocol: 'jsonrpc' | 'xmlrpc', ep: Endpoint): JsonRpcTransport | XmlRpcTransport {
	return protocol === 'xmlrpc' ? new XmlRpcTransport(ep) : new JsonRpcTransport(ep);
}

function makeTransport(protocol: Protocol, ep: Endpoint): Transport {
	return protocol === 'json2' ? new Json2Transport(ep) : makeRpc(protocol, ep);
}

/** Probes the version, finds the database when not given, and logs in. */
async function openSession(ep: Endpoint, wanted: 'auto' | Protocol): Promise<Session> {
	const { version, via } = await probeVersion(
		{ ...ep, timeoutMs: Math.min(ep.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS) },
		wanted,
	);
	if (!ep.db) ep.db = await detectDatabase(makeRpc(via === 'xmlrpc' ? via : 'jsonrpc', ep), ep.url);
	if (wanted === 'json2' && version.major < 19)
		throw new OdooError(
			'notFound',
			`JSON-2 needs Odoo 19 or later; this server runs ${version.server_version}. Choose JSON-RPC or XML-RPC.`,
		);
	const candidates: Protocol[] =
		wanted !== 'auto' ? [wanted] : version.major >= 19 && via !== 'json2' ? ['json2', via] : [via];
	let lastError: unknown;
	for (const protocol of candidates) {
		try {
			const uid = await makeTransport(protocol, ep).authenticate();
			return { version, protocol, db: ep.db, uid, fields: newFieldsCache() };
		} catch (err) {
			lastError = err;
			// A password is not a JSON-2 bearer key: fall back to the RPC protocol, which takes both.
			if (
				!(
					err instanceof OdooError &&
					err.kind === 'auth' &&
					protocol === 'json2' &&
					wanted === 'auto'
				)
			)
				throw err;
		}
	}
	throw lastError;
}

/**
 * Reads the server version without logging in, with the cheapest call every Odoo answers:
 * `common.version` over JSON-RPC (over XML-RPC first when that protocol is chosen), then over
 * the other one, then `GET /web/version` (17+) for a server that offers JSON-2 only. That route
 * comes last because before 17 it is a 404 page, which costs Odoo 16 over a second to render.
 * Returns the protocol that answered: the one to use when the choice is 'auto'.
 */
async function probeVersion(
	ep: Endpoint,
	wanted: 'auto' | Protocol,
): Promise<{ version: VersionInfo; via: Protocol }> {
	const order: Protocol[] =
		wanted === 'xmlrpc' ? ['xmlrpc', 'jsonrpc', 'json2'] : ['jsonrpc', 'xmlrpc', 'json2'];
	let firstError: unknown;
	for (const via of order) {
		try {
			const info =
				via === 'json2'
					? await webVersion(ep)
					: ((await makeRpc(via, ep).rpc('common', 'version', [])) as VersionReply);
			const version = versionInfo(info.server_version, info.server_version_info);
			if (via !== 'json2' || version.major >= 19) return { version, via };
		} catch (err) {
			if (!(err instanceof OdooError)) throw err;
			if (err.kind === 'network')
				throw new OdooError(
					'network',
					`${err.message} at ${ep.url}. Check the URL in the credential.`,
					{ retryable: err.retryable },
				);
			firstError ??= err;
		}
	}
	throw firstError;
}

function versionInfo(
	server_version: string,
	server_version_info: (number | string)[],
): VersionInfo {
	const major = Number(
		String(server_version_info[0] ?? server_version)
			.replace(/^saas~/, '')
			.split('.')[0],
	);
	return { server_version, server_version_info, major };
}

async function detectDatabase(
	rpc: JsonRpcTransport | XmlRpcTransport,
	url: string,
): Promise<string> {
	let dbs: string[];
	try {
		dbs = (await rpc.rpc('db', 'list', [])) as string[];
	} catch {
		throw new OdooError(
			'notFound',
			`The database list of ${url} is not public: set the database name in the credential (Odoo shows it with ?debug=1, next to the user name).`,
		);
	}
	if (dbs.length === 1) return dbs[0];
	throw new OdooError(
		'notFound',
		dbs.length
			? `${url} hosts several databases (${dbs.join(', ')}): set the database name in the credential.`
			: `${url} has no database.`,
	);
}
