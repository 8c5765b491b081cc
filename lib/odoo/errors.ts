export type OdooErrorKind =
	| 'auth'
	| 'access'
	| 'validation'
	| 'missing'
	| 'notFound'
	| 'network'
	| 'server';

/** Where a fault happened; used to name the model and field in the message. */
export interface CallSite {
	model?: string;
	method?: string;
	/** Values sent with create/write, to name the relational fields when Odoo's text misleads. */
	vals?: Record<string, unknown>[];
	/** field name -> relation, for the many2one hint. */
	relations?: Record<string, string>;
}

/** A fault as each protocol reports it, before classification. */
export interface RawFault {
	/** XML-RPC faultCode. */
	code?: number;
	/** JSON-2 HTTP status (or the HTTP status of a failed exchange). */
	status?: number;
	/** Python exception name, e.g. `odoo.exceptions.AccessError`. */
	name?: string;
	/** The message (user errors) or the whole traceback (XML-RPC code 1). */
	text: string;
	/** The traceback, when the protocol sends it apart from the message. */
	debug?: string;
}

export class OdooError extends Error {
	readonly kind: OdooErrorKind;
	/** The traceback or the raw server text. */
	readonly details?: string;
	readonly model?: string;
	readonly field?: string;
	/** Transient: the call may succeed if repeated. */
	readonly retryable: boolean;
	/** The call provably had no effect on the server (rolled back or never sent), so even `create` may be repeated. */
	readonly notApplied: boolean;
	/** No answer in time: the server may still be running the call, so what it does is not known yet. */
	readonly mayBeRunning: boolean;
	/** The server's Retry-After, in ms. */
	readonly retryAfterMs?: number;

	constructor(
		kind: OdooErrorKind,
		message: string,
		extra: {
			details?: string;
			model?: string;
			field?: string;
			retryable?: boolean;
			notApplied?: boolean;
			mayBeRunning?: boolean;
			retryAfterMs?: number;
		} = {},
	) {
		super(message);
		this.name = 'OdooError';
		this.kind = kind;
		this.details = extra.details;
		this.model = extra.model;
		this.field = extra.field;
		this.retryable = extra.retryable ?? false;
		this.notApplied = extra.notApplied ?? false;
		this.mayBeRunning = extra.mayBeRunning ?? false;
		this.retryAfterMs = extra.retryAfterMs;
	}
}

const CONCURRENCY = /could not serialize access|SerializationFailure|concurrent update/i;

function classify(f: RawFault, text: string): OdooErrorKind {
	const name = f.name ?? '';
	if (f.code === 3 || f.status === 401 || /AccessDenied$/.test(name) || text === 'Access Denied')
		return 'auth';
	if (f.code === 4 || f.status === 403 || /AccessError$/.test(name)) return 'access';
	if (/MissingError$/.test(name) || /Record does not exist or has been deleted/.test(text))
		return 'missing';
	if (
		f.status === 404 ||
		/AttributeError$/.test(name) ||
		/^Object \S+ doesn't exist$/.test(text) ||
		/(method|model) .* does not exist|database ".*" does not exist/.test(text)
	)
		return 'notFound';
	if (CONCURRENCY.test(text)) return 'server';
	if (
		f.code === 2 ||
		f.status === 400 ||
		f.status === 422 ||
		/(ValidationError|UserError|ValueError|TypeError|BadRequest)$/.test(name)
	)
		return 'validation';
	return 'server';
}

/** The useful line of a traceback: its last line, without the exception class. */
function lastLine(text: string): string {
	const lines = text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	return (lines[lines.length - 1] ?? '').replace(
		/^[\w.]+(Error|Exception|Denied|Failure|Warning): /,
		'',
	);
}

function oneLine(text: string): string {
	return text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		.join(' ');
}

function fieldNamed(text: string, model?: string): string | undefined {
	const patterns = [
		/Invalid field '([\w.]+)'/,
		/Invalid field [\w.]+?\.(\w+) in (?:leaf|condition)/,
		/Field: .*\((\w+)\)/,
		/for the field '.*?' \((\w+)\)/,
		/Wrong value for [\w.]+?\.(\w+):/,
		/following constraint: '.*?' \((\w+)\)/,
	];
	for (const p of patterns) {
		const m = p.exec(text);
		if (m) return m[1];
	}
	const fkey = /Constraint: (\w+)_fkey/.exec(text);
	if (fkey) {
		const table = (model ?? '').replace(/\./g, '_') + '_';
		return fkey[1].startsWith(table) ? fkey[1].slice(table.length) : fkey[1];
	}
	return undefined;
}

const MISLEADING_FK =
	/another model requires the record being deleted|Another model is using the record/;
const MISSING_REQUIRED = /a mandatory field is not set|Missing required value/;

const ADVICE: Partial<Record<OdooErrorKind, string>> = {
	auth: 'Check the login and the password or API key in the Odoo credential.',
	access:
		'The Odoo user lacks the rights for this; use a user with access or ask your Odoo administrator.',
};

/**
 * Odoo stopping (a restart) closes its database connections under the calls still running: they
 * fail before their commit, so nothing was saved, and the server is about to stop answering.
 */
const SHUTTING_DOWN = /(cursor|connection) already closed/;

/** Turns a protocol fault into an OdooError with a one-line message naming model and field. */
export function toOdooError(f: RawFault, site: CallSite = {}, secrets: string[] = []): OdooError {
	const raw = redact(f.text, secrets);
	const closed = SHUTTING_DOWN.exec(raw + (f.debug ?? ''));
	if (closed)
		return new OdooError(
			'network',
			`Could not reach Odoo: it is shutting down (${closed[0]}; nothing was saved)`,
			{ details: redact(f.debug ?? f.text, secrets), retryable: true, notApplied: true },
		);
	const isTraceback = raw.startsWith('Traceback') || raw.includes('\nTraceback');
	const text = isTraceback ? lastLine(raw) : oneLine(raw);
	// XML-RPC code 1 carries no exception name apart from the traceback's last line.
	const name =
		f.name ??
		(isTraceback ? /^([\w.]+):/.exec(raw.trim().split('\n').pop()!.trim())?.[1] : undefined);
	const kind = classify({ ...f, name }, text);
	const field = fieldNamed(raw, site.model);
	let summary = text;
	const db = /database "(.+?)" does not exist/.exec(raw);
	if (db)
		summary = `Database '${db[1]}' does not exist on this server. Check the database name in the credential (Odoo shows it with ?debug=1).`;
	else if (MISSING_REQUIRED.test(raw) && field) summary = `Required field '${field}' is not set`;
	else if (MISLEADING_FK.test(raw)) summary = foreignKeyHint(field, site);
	else if (ADVICE[kind]) summary = `${text}. ${ADVICE[kind]}`;
	const where = site.model ? `${site.model}${site.method ? `.${site.method}` : ''}: ` : '';
	return new OdooError(kind, `${where}${summary}`, {
		details: redact(f.debug ?? f.text, secrets),
		model: site.model,
		field,
		retryable: CONCURRENCY.test(raw),
		notApplied: CONCURRENCY.test(raw),
	});
}

/** Odoo reports a link to a missing record as a deletion problem; say what really happened. */
function foreignKeyHint(field: string | undefined, site: CallSite): string {
	const relational = Object.keys(site.relations ?? {}).filter((f) =>
		(site.vals ?? []).some((v) => v[f] !== undefined && v[f] !== false),
	);
	const named = field
		? `'${field}'${site.relations?.[field] ? ` (${site.relations[field]})` : ''}`
		: 'a relational field';
	const others = relational.filter((f) => f !== field);
	return (
		`A linked record does not exist: check the id given in ${named}` +
		(others.length ? `; relational fields in the values: ${others.join(', ')}` : '') +
		". (Odoo reports this as 'another model requires the record being deleted'.)"
	);
}

/** Error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** Our own timeout (Node, axios): the server may still be working on the call. */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

/**
 * A failed exchange: no answer (`code`), or an HTTP status that carries no Odoo fault.
 * 429 and a refused connection mean the server did nothing, so even a create may be repeated;
 * after a reset, a 502 or a 503 the call may have run; after a timeout or a 504 it may still be running.
 */
export function networkError(
	failure: { code?: string; message?: string; status?: number; retryAfterMs?: number },
	secrets: string[] = [],
): OdooError {
	const { code, message, status } = failure;
	const what = status
		? `HTTP ${status}`
		: `${code ?? 'network error'}${message ? ` (${message})` : ''}`;
	return new OdooError('network', redact(`Could not reach Odoo: ${what}`, secrets), {
		retryable: status ? [429, 502, 503, 504].includes(status) : true,
		notApplied: status === 429 || (code !== undefined && NOT_SENT_CODES.has(code)),
		mayBeRunning: status === 504 || (code !== undefined && TIMEOUT_CODES.has(code)),
		retryAfterMs: failure.retryAfterMs,
	});
}

export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
	return out;
}
