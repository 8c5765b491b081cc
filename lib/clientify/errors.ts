/** Why a Clientify call failed; nodes turn this into NodeApiError at the boundary. */
export type ClientifyErrorKind =
	| 'auth'
	| 'notFound'
	| 'validation'
	| 'duplicate'
	| 'rateLimit'
	| 'server'
	| 'network'
	| 'input';

export class ClientifyError extends Error {
	readonly kind: ClientifyErrorKind;
	readonly status?: number;
	/** Field → messages, as Clientify reports them on 400. */
	readonly fields?: Record<string, string[]>;
	/** Longer detail (response body) for the n8n error panel; never holds the API key. */
	readonly details?: string;

	constructor(
		kind: ClientifyErrorKind,
		message: string,
		extra: { status?: number; fields?: Record<string, string[]>; details?: string } = {},
	) {
		super(message);
		this.name = 'ClientifyError';
		this.kind = kind;
		this.status = extra.status;
		this.fields = extra.fields;
		this.details = extra.details;
	}
}

function parseBody(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/** DRF validation bodies are `{field: [msg, ...]}`; anything else is not a field map. */
function fieldErrors(parsed: unknown): Record<string, string[]> | undefined {
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
	const out: Record<string, string[]> = {};
	for (const [field, value] of Object.entries(parsed as Record<string, unknown>)) {
		if (field === 'detail') continue;
		out[field] = (Array.isArray(value) ? value : [value]).map((v) =>
			typeof v === 'string' ? v : JSON.stringify(v),
		);
	}
	return Object.keys(out).length ? out : undefined;
}

/** Builds the one-line error for a non-2xx Clientify response. `what` names the call, e.g. "create contact". */
export function errorFromResponse(status: number, body: string, what: string): ClientifyError {
	const parsed = parseBody(body);
	const detail =
		parsed &&
		typeof parsed === 'object' &&
		typeof (parsed as { detail?: unknown }).detail === 'string'
			? (parsed as { detail: string }).detail
			: undefined;
	const details = body.slice(0, 2000);
	if (status === 401 || (status === 404 && detail !== undefined && /api key/i.test(detail))) {
		const cause = status === 401 ? 'rejected the API key' : 'received no API key';
		return new ClientifyError(
			'auth',
			`Clientify ${cause} (${detail ?? status}) on ${what}: check the API key in the Clientify API credential`,
			{ status, details },
		);
	}
	if (status === 403) {
		return new ClientifyError(
			'auth',
			`Clientify refused ${what} (${detail ?? 'forbidden'}): the API key's user lacks permission`,
			{ status, details },
		);
	}
	if (status === 404)
		return new ClientifyError(
			'notFound',
			`Clientify found nothing for ${what} (${detail ?? 'not found'}): check the id`,
			{ status, details },
		);
	if (status === 409) {
		const fields = fieldErrors(parsed);
		const names = fields ? ` on ${Object.keys(fields).join(', ')}` : '';
		return new ClientifyError(
			'duplicate',
			`Clientify reports a duplicate${names} for ${what} (${detail ?? flatten(fields) ?? 'conflict'}): use upsert to update the existing record`,
			{ status, fields, details },
		);
	}
	if (status === 400) {
		const fields = fieldErrors(parsed);
		const list = fields ? flatten(fields) : (detail ?? 'bad request');
		return new ClientifyError('validation', `Clientify rejected ${what}: ${list}`, {
			status,
			fields,
			details,
		});
	}
	if (status === 429)
		return new ClientifyError(
			'rateLimit',
			`Clientify kept rate-limiting ${what} (429): retry later or lower the batch size`,
			{ status, details },
		);
	return new ClientifyError(
		'server',
		`Clientify failed on ${what} with HTTP ${status}${detail ? ` (${detail})` : ''}`,
		{ status, details },
	);
}

function flatten(fields: Record<string, string[]> | undefined): string | undefined {
	if (!fields) return undefined;
	return Object.entries(fields)
		.map(([f, msgs]) => `${f}: ${msgs.join(' ')}`)
		.join('; ');
}
