import type { ICredentialType, INodeProperties } from 'n8n-workflow';

const host = (path: string) =>
	`={{ ($self["environment"] === "custom" ? $self["loginUrl"] : $self["environment"] === "sandbox" ? "https://test.salesforce.com" : "https://login.salesforce.com").replace(/\\/+$/, "") + "${path}" }}`;

/** Salesforce's OAuth2 authorization code flow, connected once in the browser; n8n keeps the refresh token. */
export class SalesforceSyncOAuth2Api implements ICredentialType {
	name = 'salesforceSyncOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Salesforce Sync OAuth2 API';

	icon = { light: 'file:salesforceSync.svg', dark: 'file:salesforceSync.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-odoo-sync/n8n-nodes-odoo-sync#salesforce';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production (login.salesforce.com)', value: 'production' },
				{ name: 'Sandbox (test.salesforce.com)', value: 'sandbox' },
				{ name: 'My Domain or Other Login URL', value: 'custom' },
			],
			default: 'production',
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: '',
			placeholder: 'https://mycompany.my.salesforce.com',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: host('/services/oauth2/authorize'),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: host('/services/oauth2/token'),
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: 'api refresh_token' },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{ displayName: 'API Version', name: 'apiVersion', type: 'string', default: '62.0' },
	];
}
