import type { ICredentialType, INodeProperties } from 'n8n-workflow';

const flow = (...values: string[]) => ({ show: { authFlow: values } });

/**
 * Salesforce without a browser: OAuth2 client credentials (a connected app's run-as user), or the legacy
 * username + password + security token flow. The node logs in itself (lib/salesforce/auth.ts), so no
 * `authenticate` here; the node's credential test logs in for real.
 */
// The node tests it (testedBy: salesforceSyncApiTest in lib/n8n/salesforce.ts), which the rule cannot see.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required
export class SalesforceSyncApi implements ICredentialType {
	name = 'salesforceSyncApi';

	displayName = 'Salesforce Sync API';

	icon = { light: 'file:salesforceSync.svg', dark: 'file:salesforceSync.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-odoo-sync/n8n-nodes-odoo-sync#salesforce';

	properties: INodeProperties[] = [
		{
			displayName: 'Flow',
			name: 'authFlow',
			type: 'options',
			options: [
				{
					name: 'OAuth2 Client Credentials',
					value: 'clientCredentials',
					description: 'A connected app with the client credentials flow enabled and a run-as user',
				},
				{
					name: 'Username + Password + Security Token (Legacy)',
					value: 'password',
					description:
						'Being retired by Salesforce: off by default in new orgs, SOAP login() unavailable from API 65.0 and retired in Summer ’27',
				},
			],
			default: 'clientCredentials',
		},
		{
			displayName:
				'Legacy flow: Salesforce is retiring it (no refresh token; SOAP login() unavailable from API 65.0 and retired in Summer ’27). Prefer client credentials, or the Salesforce Sync OAuth2 API credential.',
			name: 'legacyNotice',
			type: 'notice',
			default: '',
			displayOptions: flow('password'),
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: 'https://login.salesforce.com',
			placeholder: 'https://mycompany.my.salesforce.com',
			required: true,
			description:
				"Client credentials need the org's My Domain URL; the legacy flow also accepts https://login.salesforce.com (production) or https://test.salesforce.com (sandbox)",
		},
		{
			displayName: 'Consumer Key (Client ID)',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Consumer Secret (Client Secret)',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			displayOptions: flow('password'),
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: flow('password'),
		},
		{
			displayName: 'Security Token',
			name: 'securityToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Appended to the password; empty when the login IP is trusted',
			displayOptions: flow('password'),
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '62.0',
		},
	];
}
