/** Why a Qobra call failed; nodes turn this into NodeApiError at the boundary. */
export type QobraErrorKind =
	| 'auth'
	| 'notFound'
	| 'validation'
	| 'rateLimit'
	| 'server'
	| 'network'
	| 'timeout'
	| 'input';

export class QobraError extends Error {
	readonly kind: QobraErrorKind;
	readonly status?: number;
	/** Longer detail (response body) for the n8n error panel; never holds the API key. */
	readonly details?: string;

	constructor(
		kind: QobraErrorKind,
		message: string,
		extra: { status?: number; details?: string } = {},
	) {
		super(message);
		this.name = 'QobraError';
		this.kind = kind;
		this.status = extra.status;
		this.details = extra.details;
	}
}

/** Qobra's error bodies carry `detail`, `message` or `error`; the first string found is the reason. */
function reasonOf(body: string): string | undefined {
	try {
		const parsed = JSON.parse(body) as Record<string, unknown>;
		for (const key of ['detail', 'message', 'error', 'title'])
			if (typeof parsed?.[key] === 'string') return parsed[key] as string;
	} catch {
		// not JSON: the status says enough
	}
	return undefined;
}

/** The one-line error for a non-2xx Qobra response. `what` names the call, e.g. "push records to table deals". */
export function errorFromResponse(status: number, body: string, what: string): QobraError {
	const reason = reasonOf(body);
	const because = reason ? ` (${reason})` : '';
	const details = body.slice(0, 2000);
	if (status === 401 || status === 403)
		return new QobraError(
			'auth',
			`Qobra rejected the API key on ${what}${because}: check the API key in the Qobra API credential`,
			{ status, details },
		);
	if (status === 404)
		return new QobraError(
			'notFound',
			`Qobra found nothing for ${what}${because}: check the table key or id (a data table must be created in Qobra once, from a CSV, before records can be pushed)`,
			{ status, details },
		);
	if (status === 400 || status === 422)
		return new QobraError('validation', `Qobra rejected ${what}${because || ` (HTTP ${status})`}`, {
			status,
			details,
		});
	if (status === 429)
		return new QobraError(
			'rateLimit',
			`Qobra kept rate-limiting ${what} (429): retry later or send fewer records per call`,
			{ status, details },
		);
	return new QobraError('server', `Qobra failed on ${what} with HTTP ${status}${because}`, {
		status,
		details,
	});
}
