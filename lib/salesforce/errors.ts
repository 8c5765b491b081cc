/** Why a Salesforce call failed; nodes turn this into NodeApiError at the boundary. */
export type SalesforceErrorKind =
	| 'auth'
	| 'notFound'
	| 'validation'
	| 'duplicate'
	| 'rateLimit'
	| 'server'
	| 'network'
	| 'input';

export class SalesforceError extends Error {
	readonly kind: SalesforceErrorKind;
	readonly status?: number;
	/** Salesforce's errorCode, e.g. REQUIRED_FIELD_MISSING. */
	readonly code?: string;
	/** The first field Salesforce names, when it names one. */
	readonly field?: string;
	/** Longer detail (response body) for the n8n error panel; never holds a token or secret. */
	readonly details?: string;

	constructor(
		kind: SalesforceErrorKind,
		message: string,
		extra: { status?: number; code?: string; field?: string; details?: string } = {},
	) {
		super(message);
		this.name = 'SalesforceError';
		this.kind = kind;
		this.status = extra.status;
		this.code = extra.code;
		this.field = extra.field;
		this.details = extra.details;
	}
}

/** One entry of Salesforce's error list: `[{message, errorCode, fields}]` (REST) or `{statusCode, message, fields}` (collections). */
export interface ApiErrorEntry {
	message?: string;
	errorCode?: string;
	statusCode?: string;
	fields?: string[];
}

/** The kind an errorCode stands for. */
export function kindOfCode(code: string | undefined): SalesforceErrorKind {
	if (!code) return 'server';
	if (code === 'INVALID_SESSION_ID' || code === 'INVALID_AUTH_HEADER') return 'auth';
	if (code === 'NOT_FOUND' || code === 'ENTITY_IS_DELETED') return 'notFound';
	if (code === 'DUPLICATE_VALUE' || code === 'DUPLICATES_DETECTED') return 'duplicate';
	if (code === 'REQUEST_LIMIT_EXCEEDED') return 'rateLimit';
	return 'validation';
}

/** The error of one record in a collection call, or of a single-record call. */
export function errorFromEntries(
	entries: ApiErrorEntry[],
	what: string,
	status?: number,
): SalesforceError {
	const first = entries[0] ?? {};
	const code = first.errorCode ?? first.statusCode;
	const text = entries
		.map((e) => `${e.errorCode ?? e.statusCode ?? 'ERROR'}: ${e.message ?? ''}`.trim())
		.join('; ');
	return new SalesforceError(kindOfCode(code), `Salesforce rejected ${what}: ${text}`, {
		status,
		code,
		field: first.fields?.[0],
		details: JSON.stringify(entries).slice(0, 2000),
	});
}

/** Builds the one-line error for a non-2xx Salesforce response. `what` names the call, e.g. "create Account". */
export function errorFromResponse(status: number, body: string, what: string): SalesforceError {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		parsed = undefined;
	}
	const details = body.slice(0, 2000);
	if (Array.isArray(parsed) && parsed.length) {
		const error = errorFromEntries(parsed as ApiErrorEntry[], what, status);
		if (status === 404)
			return new SalesforceError(
				'notFound',
				`Salesforce found nothing for ${what}: ${(parsed[0] as ApiErrorEntry).message ?? 'not found'}`,
				{
					status,
					code: error.code,
					details,
				},
			);
		if (status === 403 && error.code === 'REQUEST_LIMIT_EXCEEDED')
			return new SalesforceError(
				'rateLimit',
				`Salesforce refused ${what}: the org's daily API request limit is used up (${(parsed[0] as ApiErrorEntry).message ?? ''})`,
				{
					status,
					code: error.code,
					details,
				},
			);
		return error;
	}
	if (status === 404)
		return new SalesforceError('notFound', `Salesforce found nothing for ${what}`, {
			status,
			details,
		});
	return new SalesforceError('server', `Salesforce failed on ${what} with HTTP ${status}`, {
		status,
		details,
	});
}
