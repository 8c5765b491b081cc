import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { n8nRequest } from '../lib/http';
import { ENVIRONMENTS, SevenTargetsClient, TokenCache } from '../lib/seventargets';
import { sevenTargetsConfig } from '../lib/seventargets/config';

/**
 * OAuth2 client credentials (scope leads/post). The access token lives in a hidden expirable
 * field: n8n fills it through `preAuthentication` when it is empty and again once after a 401,
 * so the credential test and the HTTP Request node reuse one token. The 7Targets node keeps its
 * own cache with the token's expiry (lib/seventargets), to report errors in 7Targets' words.
 */
export class SevenTargetsApi implements ICredentialType {
	name = 'sevenTargetsApi';

	displayName = '7Targets API';

	icon: Icon = { light: 'file:seventargets.svg', dark: 'file:seventargets.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-odoo-sync/n8n-nodes-odoo-sync#7targets';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Ask support@7targets.com for the client ID and secret',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'User Identifier',
			name: 'userIdentifier',
			type: 'string',
			default: '',
			required: true,
			description: '7Targets › Settings › User Identifier, sent as the 7ts-user-identifier header',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'QA', value: 'qa' },
				{ name: 'Custom URLs', value: 'custom', description: 'A local server, a proxy or tests' },
			],
			default: 'production',
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4020',
			description: 'Base of /oauth2/token',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4020',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		// A cache of its own: n8n stores the token in the credential and asks again only after a 401.
		const client = new SevenTargetsClient(
			sevenTargetsConfig(credentials),
			n8nRequest(this.helpers.httpRequest),
			new TokenCache(),
		);
		return { accessToken: await client.token() };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
				'7ts-user-identifier': '={{$credentials.userIdentifier}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ($credentials.environment === "custom" ? $credentials.apiUrl : $credentials.environment === "qa" ? "${ENVIRONMENTS.qa.apiUrl}" : "${ENVIRONMENTS.production.apiUrl}").replace(/\\/+$/, "") }}`,
			url: '/leads/assistant',
			qs: { searchString: '', page: 0, size: 1 },
		},
	};
}
