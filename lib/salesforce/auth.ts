import { createHash } from 'node:crypto';
import type { RequestFn } from '../http';
import { SalesforceError } from './errors';

/** Where tokens come from. Production and sandbox orgs log in on different hosts; client credentials need the org's My Domain. */
export const LOGIN_URLS = {
	production: 'https://login.salesforce.com',
	sandbox: 'https://test.salesforce.com',
} as const;

/**
 * How the client gets its access token:
 * - clientCredentials: OAuth2 client credentials (a connected app's run-as user); no browser, no stored token.
 * - refreshToken: a refresh token from the OAuth2 authorization code flow (done once, in a browser).
 * - password: the legacy username + password + security token flow (no refresh token; being retired by Salesforce).
 * - accessToken: a token someone else obtained (n8n's OAuth2 credential), with its refresh token when there is one.
 */
export type AuthFlow = 'clientCredentials' | 'refreshToken' | 'password' | 'accessToken';

export interface SalesforceAuth {
	flow: AuthFlow;
	/** The login host (login.salesforce.com, test.salesforce.com or the org's My Domain URL). */
	loginUrl: string;
	clientId?: string;
	clientSecret?: string;
	refreshToken?: string;
	username?: string;
	password?: string;
	securityToken?: string;
	accessToken?: string;
	instanceUrl?: string;
}

export interface Token {
	accessToken: string;
	instanceUrl: string;
	refreshToken?: string;
}

const trimUrl = (url: string) => url.trim().replace(/\/+$/, '');

const HINTS: Record<string, string> = {
	password: ', username, password and security token',
	// Revoked, expired by the connected app's policy, or issued for another app.
	refresh_token: ', or reconnect the credential (Connect my account)',
};

/** POSTs a grant to the token endpoint; the error names the flow, never the secrets. */
export async function requestToken(
	request: RequestFn,
	loginUrl: string,
	grant: Record<string, string | undefined>,
	what: string,
): Promise<Token> {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(grant)) if (v !== undefined) body.set(k, v);
	let res;
	try {
		res = await request({
			method: 'POST',
			url: `${trimUrl(loginUrl)}/services/oauth2/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: body.toString(),
		});
	} catch (error) {
		const code = (error as { code?: string }).code;
		throw new SalesforceError(
			'network',
			`Salesforce login host ${trimUrl(loginUrl)} could not be reached for ${what} (${code ?? (error as Error).message}): check the login URL`,
		);
	}
	let parsed: Record<string, string> = {};
	try {
		parsed = JSON.parse(res.body) as Record<string, string>;
	} catch {
		// an HTML error page: reported by status below
	}
	if (res.status !== 200 || !parsed.access_token) {
		const reason = parsed.error
			? `${parsed.error}: ${parsed.error_description ?? ''}`.trim()
			: `HTTP ${res.status}`;
		throw new SalesforceError(
			'auth',
			`Salesforce refused ${what} (${reason}): check the credential's login URL, client ID and secret${HINTS[grant.grant_type ?? ''] ?? ''}`,
			{ status: res.status },
		);
	}
	return {
		accessToken: parsed.access_token,
		instanceUrl: trimUrl(parsed.instance_url ?? loginUrl),
		refreshToken: parsed.refresh_token,
	};
}

/** The authorization code flow's second step: a code (from the browser redirect) for tokens, refresh token included. */
export function exchangeAuthorizationCode(
	request: RequestFn,
	options: {
		loginUrl: string;
		clientId: string;
		clientSecret: string;
		code: string;
		redirectUri: string;
	},
): Promise<Token> {
	return requestToken(
		request,
		options.loginUrl,
		{
			grant_type: 'authorization_code',
			code: options.code,
			client_id: options.clientId,
			client_secret: options.clientSecret,
			redirect_uri: options.redirectUri,
		},
		'the authorization code',
	);
}

/** The authorize URL a user opens once to grant access (authorization code flow). */
export function authorizeUrl(loginUrl: string, clientId: string, redirectUri: string): string {
	const url = new URL(`${trimUrl(loginUrl)}/services/oauth2/authorize`);
	url.searchParams.set('response_type', 'code');
	url.searchParams.set('client_id', clientId);
	url.searchParams.set('redirect_uri', redirectUri);
	return url.toString();
}

/** A fresh token for the flow (the refresh step after a 401 too). */
export function fetchToken(request: RequestFn, auth: SalesforceAuth): Promise<Token> {
	const client = { client_id: auth.clientId, client_secret: auth.clientSecret };
	switch (auth.flow) {
		case 'clientCredentials':
			return requestToken(
				request,
				auth.loginUrl,
				{ grant_type: 'client_credentials', ...client },
				'the client credentials',
			);
		case 'password':
			return requestToken(
				request,
				auth.loginUrl,
				{
					grant_type: 'password',
					...client,
					username: auth.username,
					password: `${auth.password ?? ''}${auth.securityToken ?? ''}`,
				},
				'the username-password login',
			);
		case 'refreshToken':
		case 'accessToken':
			if (!auth.refreshToken)
				throw new SalesforceError(
					'auth',
					'Salesforce rejected the access token and the credential has no refresh token: reconnect the credential',
				);
			return requestToken(
				request,
				auth.loginUrl,
				{ grant_type: 'refresh_token', refresh_token: auth.refreshToken, ...client },
				'the refresh token',
			).then((t) => ({ ...t, refreshToken: t.refreshToken ?? auth.refreshToken }));
	}
}

/** Tokens shared across executions per credential (hashed key, so no secret is kept as a key), bounded. */
const tokens = new Map<string, Token>();
const MAX_TOKENS = 100;

export function tokenKey(auth: SalesforceAuth): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				auth.flow,
				auth.loginUrl,
				auth.clientId,
				auth.clientSecret,
				auth.username,
				auth.password,
				auth.refreshToken,
				auth.accessToken,
			]),
		)
		.digest('hex');
}

export const sharedTokens = {
	get: (key: string) => tokens.get(key),
	set(key: string, token: Token) {
		tokens.delete(key);
		tokens.set(key, token);
		if (tokens.size > MAX_TOKENS) tokens.delete(tokens.keys().next().value!);
	},
	delete: (key: string) => tokens.delete(key),
	clear: () => tokens.clear(),
};
