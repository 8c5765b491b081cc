import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { WEBHOOK_ENTITIES } from '../../../lib/clientify';
import { asJson, clientFor, csv, perItem } from './common';

const show = (operation: string[]) => ({ show: { resource: ['webhook'], operation } });
const entityOptions = WEBHOOK_ENTITIES.map((e) => ({ name: e.charAt(0).toUpperCase() + e.slice(1), value: e }));

export const description: INodeProperties[] = [
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'options',
		options: entityOptions,
		default: 'contact',
		description: 'Clientify keeps one webhook slot per entity',
		displayOptions: show(['register', 'delete']),
	},
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'options',
		options: [{ name: 'All', value: '' }, ...entityOptions],
		default: '',
		displayOptions: show(['list']),
	},
	{
		displayName: 'Target URL',
		name: 'target',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…',
		displayOptions: show(['register']),
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'string',
		default: '',
		placeholder: 'contact.saved,contact.deleted',
		description: 'Comma-separated. Empty: `&lt;entity&gt;.saved` only.',
		displayOptions: show(['register']),
	},
	{
		displayName: 'Headers',
		name: 'headers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Sent by Clientify with every delivery (Clientify signs nothing, so put a shared secret here)',
		displayOptions: show(['register']),
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
				],
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], operation: string): Promise<INodeExecutionData[]> {
	const client = await clientFor(this);
	return perItem(this, items.length, async (i) => {
		const entity = this.getNodeParameter('entity', i) as string;
		if (operation === 'list') return (await client.listWebhooks(entity || undefined)).map(asJson);
		if (operation === 'delete') {
			await client.deleteWebhook(entity);
			return { deleted: true, entity };
		}
		const headers = ((this.getNodeParameter('headers.header', i, []) as IDataObject[]) ?? []).filter((h) => h.name);
		const events = csv(this.getNodeParameter('events', i, ''));
		const registered = await client.registerWebhook({
			entity,
			target: this.getNodeParameter('target', i) as string,
			events: events.length ? events : [`${entity}.saved`],
			headers: Object.fromEntries(headers.map((h) => [String(h.name), String(h.value ?? '')])),
		});
		// Header values are secrets: report only their names.
		return { ...asJson(registered), headers: headers.map((h) => String(h.name)) };
	});
}
