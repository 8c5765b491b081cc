import * as http from 'node:http';
import * as https from 'node:https';

/** One HTTP exchange, transport-agnostic so nodes can pass n8n's `httpRequest` and scripts a plain one. */
export interface HttpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: string;
	headers?: Record<string, string>;
	body?: string;
	timeoutMs?: number;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * Sends a request and resolves with any HTTP status (non-2xx is not an error here).
 * Rejects only when no response arrived; the error then carries a Node-style `code`
 * (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...) so callers can decide whether to retry.
 */
export type RequestFn = (request: HttpRequest) => Promise<HttpResponse>;

const agents = {
	'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
	'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

/** Default transport: Node's http(s) with keep-alive, so a client reuses its connections. */
export const nodeRequest: RequestFn = (request) =>
	new Promise((resolve, reject) => {
		const url = new URL(request.url);
		const mod = url.protocol === 'https:' ? https : http;
		const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
		const req = mod.request(
			url,
			{
				method: request.method,
				agent: agents[url.protocol as 'http:' | 'https:'],
				headers: { ...request.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
				timeout: request.timeoutMs ?? 120_000,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('error', reject);
				res.on('end', () => {
					const headers: Record<string, string> = {};
					for (const [k, v] of Object.entries(res.headers))
						if (v !== undefined) headers[k] = String(v);
					resolve({
						status: res.statusCode ?? 0,
						headers,
						body: Buffer.concat(chunks).toString('utf8'),
					});
				});
			},
		);
		req.on('timeout', () =>
			req.destroy(Object.assign(new Error('Request timed out'), { code: 'ETIMEDOUT' })),
		);
		req.on('error', reject);
		req.end(body);
	});

/** The subset of n8n's `this.helpers.httpRequest` that we use; typed loosely to work across n8n 1.x and 2.x. */
type N8nHttpRequest = (options: {
	method: HttpRequest['method'];
	url: string;
	headers?: Record<string, string>;
	body?: string;
	timeout?: number;
	returnFullResponse: true;
	ignoreHttpStatusErrors: true;
	json: false;
	encoding: 'text';
}) => Promise<{ statusCode: number; headers: Record<string, unknown>; body: unknown }>;

/** Adapts n8n's HTTP helper (proxy and TLS settings apply) to a RequestFn. */
export function n8nRequest(httpRequest: N8nHttpRequest): RequestFn {
	return async (request) => {
		const res = await httpRequest({
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
			timeout: request.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
			encoding: 'text',
		});
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = String(v);
		const body =
			typeof res.body === 'string'
				? res.body
				: Buffer.isBuffer(res.body)
					? res.body.toString('utf8')
					: JSON.stringify(res.body ?? '');
		return { status: res.statusCode, headers, body };
	};
}

const MAX_RETRY_WAIT_MS = 120_000;

/** How long to wait before retrying a 429: Retry-After (seconds or an HTTP date), else exponential backoff. */
function retryDelayMs(header: string | undefined, attempt: number): number {
	if (header !== undefined && header.trim() !== '') {
		const seconds = Number(header);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
		if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), MAX_RETRY_WAIT_MS);
	}
	return Math.min(1000 * 2 ** attempt, 30_000);
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends `request`, retrying a 429 (after Retry-After, else backoff) at most `maxRetries` times; the last answer is returned. */
export async function sendRetrying429(
	send: RequestFn,
	request: HttpRequest,
	o: { maxRetries?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<HttpResponse> {
	for (let attempt = 0; ; attempt++) {
		const res = await send(request);
		if (res.status !== 429 || attempt >= (o.maxRetries ?? 5)) return res;
		await (o.sleep ?? defaultSleep)(retryDelayMs(res.headers['retry-after'], attempt));
	}
}

/** How a JSON API's client words its failures, in the service's own error class. */
export interface JsonService {
	name: string;
	error(
		kind: 'network' | 'server',
		message: string,
		extra?: { status?: number; details?: string },
	): Error;
	errorFromResponse(status: number, body: string, what: string): Error;
}

/**
 * Sends a JSON request (a 429 retried as `sendRetrying429` does) and returns the parsed body, undefined when empty.
 * No answer, a non-2xx answer and a body that is not JSON become the service's own errors, saying what was asked.
 */
export async function sendJson(
	service: JsonService,
	send: RequestFn,
	request: Omit<HttpRequest, 'body'> & { body?: unknown },
	what: string,
	o: { maxRetries?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<unknown> {
	const { body } = request;
	const json = body !== undefined;
	let res: HttpResponse;
	try {
		res = await sendRetrying429(
			send,
			{
				...request,
				headers: {
					Accept: 'application/json',
					...request.headers,
					...(json ? { 'Content-Type': 'application/json' } : {}),
				},
				body: json ? JSON.stringify(body) : undefined,
			},
			o,
		);
	} catch (error) {
		const code = (error as { code?: string }).code;
		throw service.error(
			'network',
			`${service.name} could not be reached for ${what} (${code ?? (error as Error).message}): check the base URL and the network`,
		);
	}
	if (res.status < 200 || res.status >= 300)
		throw service.errorFromResponse(res.status, res.body, what);
	if (!res.body.trim()) return undefined;
	try {
		return JSON.parse(res.body);
	} catch {
		throw service.error(
			'server',
			`${service.name} answered ${what} with a body that is not JSON (HTTP ${res.status})`,
			{ status: res.status, details: res.body.slice(0, 500) },
		);
	}
}
