import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ClientifyApi implements ICredentialType {
	name = 'clientifyApi';

	displayName = 'Clientify API';

	icon = { light: 'file:clientify.svg', dark: 'file:clientify.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-odoo-sync/n8n-nodes-odoo-sync#clientify';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Clientify → Settings → Integrations → API key. Sent as "Authorization: Token &lt;key&gt;".',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			options: [
				{ name: 'v1 (api.clientify.net)', value: 'v1' },
				{ name: 'v2 (api-plus.clientify.com)', value: 'v2' },
			],
			default: 'v1',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/v1/',
			description:
				"Leave empty for the version's public URL. Set it for a sandbox, a proxy or tests.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Token {{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.baseUrl || ($credentials.apiVersion === "v2" ? "https://api-plus.clientify.com/v2/" : "https://api.clientify.net/v1/")).replace(/\\/+$/, "") }}',
			url: '/me/',
			// v2 answers a GET without `fields=` with 400; v1 ignores the parameter.
			qs: { fields: 'id' },
		},
	};
}
