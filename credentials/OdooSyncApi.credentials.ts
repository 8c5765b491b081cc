import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** Our own type name: n8n's built-in Odoo node owns `odooApi` ("Odoo API"), and n8n keys credential types by bare name. */
// The rule looks for `testedBy` in node files; the Odoo nodes get theirs ('odooSyncApiTest') from lib/n8n/odoo.ts.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required
export class OdooSyncApi implements ICredentialType {
	name = 'odooSyncApi';

	displayName = 'Odoo (Sync) API';

	icon: Icon = { light: 'file:odoo.svg', dark: 'file:odoo.dark.svg' };

	documentationUrl =
		'https://www.odoo.com/documentation/19.0/developer/reference/external_api.html';

	properties: INodeProperties[] = [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://mycompany.odoo.com',
			required: true,
		},
		{
			displayName: 'Database',
			name: 'db',
			type: 'string',
			default: '',
			description:
				'Leave empty when the server has a single database. Odoo shows the name next to the user name when you add ?debug=1 to the URL.',
		},
		{
			displayName: 'Login',
			name: 'username',
			type: 'string',
			default: '',
			placeholder: 'admin@mycompany.com',
			required: true,
		},
		{
			displayName: 'Password or API Key',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API key is recommended (Odoo: avatar › Preferences › Account Security › New API Key). JSON-2 (Odoo 19+) accepts only API keys.',
		},
		{
			displayName: 'Protocol',
			name: 'protocol',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'Auto-Detect',
					value: 'auto',
					description: 'JSON-2 on Odoo 19+ with an API key, else JSON-RPC',
				},
				{ name: 'JSON-2 (Odoo 19+)', value: 'json2' },
				{ name: 'JSON-RPC', value: 'jsonrpc' },
				{ name: 'XML-RPC', value: 'xmlrpc' },
			],
		},
		{
			displayName: 'Read-Only',
			name: 'readOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to refuse every method that writes, before any request is sent',
		},
		{
			displayName: 'Retry For (Seconds)',
			name: 'retryFor',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 0 },
			description:
				'How long to keep retrying while Odoo does not answer (a restart, a deploy): calls that provably did not reach Odoo, and reads. A create that may have reached Odoo is never sent twice. 0 turns retries off. Nodes can override it.',
		},
		{
			displayName: 'Timeout per Call (Seconds)',
			name: 'timeout',
			type: 'number',
			default: 600,
			typeOptions: { minValue: 1 },
			description:
				'How long one call may take before it counts as unanswered; an import of thousands of records can take minutes',
		},
	];
}
