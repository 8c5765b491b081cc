import { createHash } from 'node:crypto';
import type { HttpRequest, RequestFn } from '../http';
import { sevenTargetsState } from '../mapping/presets/seventargets';
import { SevenTargetsError, errorFromResponse, tokenError } from './errors';

export type Environment = 'production' | 'qa' | 'custom';
export type SevenTargetsRecord = Record<string, unknown>;

export const ENVIRONMENTS: Record<
	Exclude<Environment, 'custom'>,
	{ loginUrl: string; apiUrl: string }
> = {
	production: { loginUrl: 'https://login.7targets.com', apiUrl: 'https://api.7targets.com' },
	qa: { loginUrl: 'https://login-qa.7targets.com', apiUrl: 'https://api-qa.7targets.com' },
};

export interface SevenTargetsConfig {
	clientId: string;
	clientSecret: string;
	/** 7Targets › Settings › User Identifier, sent as `7ts-user-identifier` on every call. */
	userIdentifier: string;
	environment?: Environment;
	/** For `custom`: the base of `/oauth2/token` and of the API (a local server, a proxy). */
	loginUrl?: string;
	apiUrl?: string;
}

export const TOKEN_SCOPE = 'leads/post';

interface Token {
	value: string;
	/** ms since epoch; a token is not reused in its last minute. */
	expiresAt: number;
}

/**
 * Tokens by login URL, client id and secret hash, shared by every client of the process, so
 * one token serves all the items of a run and the runs after it until it expires.
 */
export class TokenCache {
	private readonly tokens = new Map<string, Promise<Token>>();
	constructor(private readonly now: () => number = Date.now) {}

	get(key: string, fetch: () => Promise<Token>): Promise<Token> {
		const cached = this.tokens.get(key);
		const fresh = async (): Promise<Token> => {
			const token = await cached!;
			return token.expiresAt - 60_000 > this.now() ? token : this.renew(key, fetch);
		};
		if (cached) return fresh().catch(() => this.renew(key, fetch));
		return this.renew(key, fetch);
	}

	/**
	 * A token in place of one 7Targets refused: items running in parallel that were refused the same
	 * token share one renewal, and one whose token was already replaced gets the new one.
	 */
	async replace(key: string, refused: string, fetch: () => Promise<Token>): Promise<Token> {
		const cached = this.tokens.get(key);
		const current = await cached?.catch(() => undefined);
		const now = this.tokens.get(key);
		if (now && now !== cached) return now;
		return current && current.value !== refused ? current : this.renew(key, fetch);
	}

	renew(key: string, fetch: () => Promise<Token>): Promise<Token> {
		const next = fetch();
		this.tokens.set(key, next);
		next.catch(() => this.tokens.get(key) === next && this.tokens.delete(key));
		return next;
	}
}

export const sharedTokens = new TokenCache();

/** `DeActivated` → `Deactivated`; a state 7Targets adds later passes through as it is. */
export function normalizeLead(lead: SevenTargetsRecord): SevenTargetsRecord {
	return typeof lead.state === 'string'
		? { ...lead, state: sevenTargetsState(lead.state) ?? lead.state }
		: lead;
}

const trimSlash = (url: string) => url.trim().replace(/\/+$/, '');

/** A small client for 7Targets' REST API (OAuth2 client credentials). Throws only SevenTargetsError. */
export class SevenTargetsClient {
	readonly loginUrl: string;
	readonly apiUrl: string;
	private readonly cacheKey: string;

	constructor(
		private readonly config: SevenTargetsConfig,
		private readonly request: RequestFn,
		private readonly tokens: TokenCache = sharedTokens,
	) {
		for (const [field, label] of [
			['clientId', 'client id'],
			['clientSecret', 'client secret'],
			['userIdentifier', 'user identifier'],
		] as const)
			if (!config[field]?.trim())
				throw new SevenTargetsError(
					'auth',
					`The 7Targets ${label} is empty: set it in the 7Targets API credential`,
				);
		const env = config.environment ?? 'production';
		const urls =
			env === 'custom'
				? { loginUrl: config.loginUrl ?? '', apiUrl: config.apiUrl ?? '' }
				: ENVIRONMENTS[env];
		if (!urls.loginUrl || !urls.apiUrl)
			throw new SevenTargetsError(
				'input',
				'A custom 7Targets environment needs both the login URL and the API URL',
			);
		this.loginUrl = trimSlash(urls.loginUrl);
		this.apiUrl = trimSlash(urls.apiUrl);
		const secret = createHash('sha256').update(config.clientSecret).digest('hex');
		this.cacheKey = `${this.loginUrl} ${config.clientId} ${secret}`;
	}

	/** POST /leads: assign a lead to an assistant (name, email and assistantEmail are required). */
	async assign(lead: SevenTargetsRecord): Promise<SevenTargetsRecord> {
		return this.leadCall('POST', '/leads', `assign lead ${lead.email}`, lead);
	}

	/** PUT /leads: the email identifies the lead and cannot change; empty fields are ignored. */
	async update(lead: SevenTargetsRecord): Promise<SevenTargetsRecord> {
		return this.leadCall('PUT', '/leads', `update lead ${lead.email}`, lead);
	}

	/** PUT /leads/stop/followup: the assistant stops writing to the lead. */
	async stopFollowup(lead: SevenTargetsRecord): Promise<SevenTargetsRecord> {
		return this.leadCall(
			'PUT',
			'/leads/stop/followup',
			`stop the follow-up of ${lead.email}`,
			lead,
		);
	}

	/** Every assistant (all pages), optionally those matching `search`; `limit` stops early. */
	async listAssistants(
		options: { search?: string; limit?: number; pageSize?: number } = {},
	): Promise<SevenTargetsRecord[]> {
		const size = options.pageSize ?? 50;
		const out: SevenTargetsRecord[] = [];
		for (let page = 0; ; page++) {
			const query = new URLSearchParams({
				searchString: options.search ?? '',
				page: String(page),
				size: String(size),
				sort: 'lastModifiedDate,desc',
			});
			const batch = await this.call('GET', `/leads/assistant?${query}`, 'list assistants');
			const list = Array.isArray(batch) ? (batch as SevenTargetsRecord[]) : [];
			out.push(...list);
			if (options.limit !== undefined && out.length >= options.limit)
				return out.slice(0, options.limit);
			if (list.length < size) return out;
		}
	}

	private async leadCall(
		method: HttpRequest['method'],
		path: string,
		what: string,
		lead: SevenTargetsRecord,
	): Promise<SevenTargetsRecord> {
		const answer = await this.call(method, path, what, lead);
		return normalizeLead(
			answer && typeof answer === 'object' ? (answer as SevenTargetsRecord) : lead,
		);
	}

	/** A valid access token, from the cache while it lasts. */
	async token(): Promise<string> {
		return (await this.tokens.get(this.cacheKey, () => this.fetchToken())).value;
	}

	private async fetchToken(): Promise<Token> {
		const basic = Buffer.from(`${this.config.clientId}:${this.config.clientSecret}`).toString(
			'base64',
		);
		const res = await this.send(
			{
				method: 'POST',
				url: `${this.loginUrl}/oauth2/token`,
				headers: {
					Authorization: `Basic ${basic}`,
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					scope: TOKEN_SCOPE,
				}).toString(),
			},
			'the token request',
		);
		if (res.status < 200 || res.status >= 300) throw tokenError(res.status, res.body);
		const parsed = parseJson(res.body) as
			| { access_token?: unknown; expires_in?: unknown }
			| undefined;
		if (typeof parsed?.access_token !== 'string')
			throw new SevenTargetsError(
				'server',
				"7Targets' token endpoint answered without an access_token",
				{
					status: res.status,
				},
			);
		const seconds = Number(parsed.expires_in ?? 3600);
		return {
			value: parsed.access_token,
			expiresAt: Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000,
		};
	}

	/** An API call with the cached token; on 401 the token is renewed once and the call repeated. */
	private async call(
		method: HttpRequest['method'],
		path: string,
		what: string,
		body?: unknown,
	): Promise<unknown> {
		const send = async (token: string) =>
			this.send(
				{
					method,
					url: `${this.apiUrl}${path}`,
					headers: {
						Authorization: `Bearer ${token}`,
						'7ts-user-identifier': this.config.userIdentifier,
						Accept: 'application/json',
						...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
					},
					body: body === undefined ? undefined : JSON.stringify(body),
				},
				what,
			);
		const token = await this.token();
		let res = await send(token);
		if (res.status === 401)
			res = await send(
				(await this.tokens.replace(this.cacheKey, token, () => this.fetchToken())).value,
			);
		if (res.status < 200 || res.status >= 300) throw errorFromResponse(res.status, res.body, what);
		if (!res.body.trim()) return undefined;
		const parsed = parseJson(res.body);
		if (parsed === undefined)
			throw new SevenTargetsError(
				'server',
				`7Targets answered ${what} with a body that is not JSON (HTTP ${res.status})`,
				{
					status: res.status,
					details: res.body.slice(0, 500),
				},
			);
		return parsed;
	}

	private async send(request: HttpRequest, what: string) {
		try {
			return await this.request(request);
		} catch (error) {
			const code = (error as { code?: string }).code;
			throw new SevenTargetsError(
				'network',
				`7Targets could not be reached for ${what} (${code ?? (error as Error).message}): check the environment URLs and the network`,
			);
		}
	}
}

function parseJson(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}
