/**
 * Odoo exceptions and how each protocol renders them (see test/fixtures/odoo/odoo16 and
 * odoo19/json2 for the recorded originals).
 */
export type OdooErrorKind =
	| 'UserError'
	| 'ValidationError'
	| 'MissingError'
	| 'AccessError'
	| 'AccessDenied'
	| 'ValueError'
	| 'TypeError'
	| 'AttributeError'
	| 'OperationalError'
	| 'SerializationFailure'
	| 'NotFound'
	| 'Unauthorized'
	| 'BadRequest';

interface KindInfo {
	python: string; // qualified name used by JSON-RPC / JSON-2 `name`
	fault: number; // XML-RPC faultCode
	status: number; // JSON-2 HTTP status
	http?: string; // werkzeug "<code> <reason>" prefix in the traceback's last line
}

const KINDS: Record<OdooErrorKind, KindInfo> = {
	UserError: { python: 'odoo.exceptions.UserError', fault: 2, status: 422 },
	ValidationError: { python: 'odoo.exceptions.ValidationError', fault: 2, status: 422 },
	MissingError: { python: 'odoo.exceptions.MissingError', fault: 2, status: 404 },
	AccessError: { python: 'odoo.exceptions.AccessError', fault: 4, status: 403 },
	AccessDenied: { python: 'odoo.exceptions.AccessDenied', fault: 3, status: 401 },
	ValueError: { python: 'builtins.ValueError', fault: 1, status: 500 },
	TypeError: { python: 'builtins.TypeError', fault: 1, status: 500 },
	AttributeError: { python: 'builtins.AttributeError', fault: 1, status: 500 },
	OperationalError: { python: 'psycopg2.OperationalError', fault: 1, status: 500 },
	SerializationFailure: { python: 'psycopg2.errors.SerializationFailure', fault: 1, status: 500 },
	NotFound: {
		python: 'werkzeug.exceptions.NotFound',
		fault: 1,
		status: 404,
		http: '404 Not Found',
	},
	Unauthorized: {
		python: 'werkzeug.exceptions.Unauthorized',
		fault: 1,
		status: 401,
		http: '401 Unauthorized',
	},
	BadRequest: {
		python: 'werkzeug.exceptions.BadRequest',
		fault: 1,
		status: 400,
		http: '400 Bad Request',
	},
};

export class OdooError extends Error {
	constructor(
		readonly kind: OdooErrorKind,
		message: string,
	) {
		super(message);
	}

	get info(): KindInfo {
		return KINDS[this.kind];
	}

	/** Python's `str(exc)` printed on the traceback's last line. */
	get lastLine(): string {
		const { python, http } = this.info;
		const shortName = python.startsWith('builtins.') ? python.slice('builtins.'.length) : python;
		return `${shortName}: ${http ? `${http}: ` : ''}${this.message}`;
	}

	/** werkzeug exceptions carry the status code as a second argument. */
	get arguments(): unknown[] {
		return this.info.http ? [this.message, this.info.status] : [this.message];
	}
}

export type Protocol = 'xmlrpc' | 'jsonrpc' | 'json2';

// A few representative frames so that clients see a real-looking traceback; only the
// last line carries information.
const FRAMES: Record<Protocol, string> = {
	xmlrpc:
		'  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 147, in xmlrpc_2\n' +
		'    response = self._xmlrpc(service)\n' +
		'  File "/opt/odoo/odoo/service/model.py", line 59, in execute_kw\n' +
		'    return execute(db, uid, obj, method, *args, **kw or {})\n',
	jsonrpc:
		'  File "/opt/odoo/odoo/http.py", line 1632, in _serve_db\n' +
		'    return service_model.retrying(self._serve_ir_http, self.env)\n' +
		'  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 155, in jsonrpc\n' +
		'    return dispatch_rpc(service, method, args)\n',
	json2:
		'  File "/opt/odoo/odoo/http.py", line 2273, in _serve_db\n' +
		'    return service_model.retrying(serve_func, env=self.env)\n' +
		'  File "/opt/odoo/addons/rpc/controllers/json2.py", line 66, in web_json_2_rpc\n' +
		'    result = call_kw(model, method, args, kwargs)\n',
};

export function traceback(err: OdooError, protocol: Protocol): string {
	return `Traceback (most recent call last):\n${FRAMES[protocol]}${err.lastLine}\n`;
}

/** Anything thrown that is not an OdooError is a bug in the fake or a bad request: a ValueError. */
export function asOdooError(e: unknown): OdooError {
	if (e instanceof OdooError) return e;
	return new OdooError('ValueError', e instanceof Error ? e.message : String(e));
}
