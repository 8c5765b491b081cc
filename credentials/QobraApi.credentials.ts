import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class QobraApi implements ICredentialType {
	name = 'qobraApi';

	displayName = 'Qobra API';

	icon = { light: 'file:qobra.svg', dark: 'file:qobra.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-odoo-sync/n8n-nodes-odoo-sync#qobra';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Qobra → Settings → Integrations → API keys. Sent as the X-API-Key header.',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4020/',
			description:
				'Leave empty for https://api.qobra.co/. Set it for a proxy or the local fake; /v1/ and /v2/ go below it.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-API-Key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://api.qobra.co/").replace(/\\/+$/, "") }}',
			url: '/v2/data-structures',
		},
	};
}
