/** Why a 7Targets call failed; nodes turn this into NodeApiError at the boundary. */
export type SevenTargetsErrorKind =
	| 'auth'
	| 'expired'
	| 'duplicate'
	| 'validation'
	| 'notFound'
	| 'server'
	| 'network'
	| 'input';

export class SevenTargetsError extends Error {
	readonly kind: SevenTargetsErrorKind;
	readonly status?: number;
	/** The response body for the n8n error panel; never holds the client secret or a token. */
	readonly details?: string;

	constructor(
		kind: SevenTargetsErrorKind,
		message: string,
		extra: { status?: number; details?: string } = {},
	) {
		super(message);
		this.name = 'SevenTargetsError';
		this.kind = kind;
		this.status = extra.status;
		this.details = extra.details;
	}
}

/** 7Targets answers errors as `{message}`, `{error, error_description}` (token endpoint) or plain text. */
function reason(body: string): string | undefined {
	try {
		const parsed = JSON.parse(body) as Record<string, unknown>;
		const text = [parsed.message, parsed.error_description, parsed.error, parsed.detail].find(
			(v) => typeof v === 'string' && v.trim(),
		);
		if (text) return String(text);
	} catch {
		// not JSON: fall through to the raw text
	}
	return body.trim().slice(0, 200) || undefined;
}

/** The token endpoint refused the client credentials. */
export function tokenError(status: number, body: string): SevenTargetsError {
	const why = reason(body) ?? `HTTP ${status}`;
	if (status === 400 || status === 401 || status === 403)
		return new SevenTargetsError(
			'auth',
			`7Targets refused the client id or secret (${why}): check them in the 7Targets API credential (they come from support@7targets.com)`,
			{ status, details: body.slice(0, 2000) },
		);
	return new SevenTargetsError(
		'server',
		`7Targets' token endpoint failed with HTTP ${status} (${why})`,
		{
			status,
			details: body.slice(0, 2000),
		},
	);
}

/** The one-line error for a non-2xx API answer. `what` names the call, e.g. "assign lead ana@example.com". */
export function errorFromResponse(status: number, body: string, what: string): SevenTargetsError {
	const why = reason(body);
	const details = body.slice(0, 2000);
	if (status === 401)
		return new SevenTargetsError(
			'expired',
			`7Targets rejected the access token twice on ${what} (${why ?? 'unauthorized'}), even a fresh one: check the user identifier and that the client may use scope leads/post`,
			{ status, details },
		);
	if (status === 403)
		return new SevenTargetsError(
			'auth',
			`7Targets refused ${what} (${why ?? 'forbidden'}): check the user identifier (7Targets › Settings › User Identifier) in the credential`,
			{ status, details },
		);
	if (status === 409 || (status === 400 && why && /already/i.test(why)))
		return new SevenTargetsError(
			'duplicate',
			`7Targets already has this lead on ${what} (${why ?? 'conflict'}): a lead is identified by its email; update it instead`,
			{ status, details },
		);
	if (status === 404)
		return new SevenTargetsError(
			'notFound',
			`7Targets found nothing for ${what} (${why ?? 'not found'})`,
			{
				status,
				details,
			},
		);
	if (status >= 400 && status < 500)
		return new SevenTargetsError(
			'validation',
			`7Targets rejected ${what}: ${why ?? `HTTP ${status}`}`,
			{
				status,
				details,
			},
		);
	return new SevenTargetsError(
		'server',
		`7Targets failed on ${what} with HTTP ${status}${why ? ` (${why})` : ''}`,
		{ status, details },
	);
}
