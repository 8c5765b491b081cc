import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';
import { n8nRequest, nodeRequest, type RequestFn } from '../http';
import { SalesforceClient, type SalesforceAuth } from '../salesforce';

/** The pack's credential types; n8n's built-in Salesforce node owns salesforceOAuth2Api and salesforceJwtApi. */
export const SALESFORCE_CREDENTIAL = 'salesforceSyncApi';
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a credential type name, not a secret
export const SALESFORCE_OAUTH2_CREDENTIAL = 'salesforceSyncOAuth2Api';

const slot = (name: string) => ({ show: { authentication: [name] } });

export const salesforceCredentials: INodeCredentialDescription[] = [
	{
		name: SALESFORCE_CREDENTIAL,
		required: true,
		testedBy: 'salesforceSyncApiTest',
		displayOptions: slot(SALESFORCE_CREDENTIAL),
	},
	{
		name: SALESFORCE_OAUTH2_CREDENTIAL,
		required: true,
		displayOptions: slot(SALESFORCE_OAUTH2_CREDENTIAL),
	},
];

export const salesforceAuthentication: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Client Credentials or Legacy Password',
			value: SALESFORCE_CREDENTIAL,
			description: 'No browser needed: a connected app with the client credentials flow',
		},
		{
			name: 'OAuth2 (Authorization Code)',
			value: SALESFORCE_OAUTH2_CREDENTIAL,
			description: 'Connect once in the browser, production or sandbox',
		},
	],
	default: SALESFORCE_CREDENTIAL,
};

interface OAuthTokenData {
	access_token?: string;
	refresh_token?: string;
	instance_url?: string;
}

/** The client's auth for either credential type; the OAuth2 one brings the token n8n obtained. */
export function salesforceAuth(type: string, data: ICredentialDataDecryptedObject): SalesforceAuth {
	const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : undefined);
	if (type === SALESFORCE_OAUTH2_CREDENTIAL) {
		const token = (data.oauthTokenData ?? {}) as OAuthTokenData;
		return {
			flow: 'accessToken',
			loginUrl: (str('accessTokenUrl') ?? 'https://login.salesforce.com').replace(
				/\/services\/oauth2\/token$/,
				'',
			),
			clientId: str('clientId'),
			clientSecret: str('clientSecret'),
			accessToken: token.access_token,
			refreshToken: token.refresh_token,
			instanceUrl: token.instance_url,
		};
	}
	return {
		flow: str('authFlow') === 'password' ? 'password' : 'clientCredentials',
		loginUrl: str('loginUrl') || 'https://login.salesforce.com',
		clientId: str('clientId'),
		clientSecret: str('clientSecret'),
		username: str('username'),
		password: str('password'),
		securityToken: str('securityToken'),
	};
}

function client(
	type: string,
	data: ICredentialDataDecryptedObject,
	request: RequestFn,
): SalesforceClient {
	return new SalesforceClient({
		auth: salesforceAuth(type, data),
		request,
		apiVersion:
			typeof data.apiVersion === 'string' && data.apiVersion ? data.apiVersion : undefined,
		shareTokens: true,
	});
}

/** A Salesforce client for the node's credential, talking through n8n's HTTP helper (proxy and TLS settings apply). */
export async function connectSalesforce(ctx: IExecuteFunctions): Promise<SalesforceClient> {
	const type = ctx.getNodeParameter('authentication', 0, SALESFORCE_CREDENTIAL) as string;
	const data = await ctx.getCredentials(type);
	return client(type, data, n8nRequest(ctx.helpers.httpRequest));
}

/** The node's `methods.credentialTest`: logs in and runs one cheap call, so a wrong login URL, key or secret is named. */
export const credentialTest = {
	async salesforceSyncApiTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		try {
			const sf = client(SALESFORCE_CREDENTIAL, credential.data ?? {}, nodeRequest);
			await sf.limits();
			const usage = sf.usage ? ` (API usage ${sf.usage.used}/${sf.usage.max})` : '';
			return { status: 'OK', message: `Connected to ${await sf.instanceUrl()}${usage}` };
		} catch (err) {
			return { status: 'Error', message: (err as Error).message };
		}
	},
};
