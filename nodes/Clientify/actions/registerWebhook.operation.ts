import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { webhookEntityProperty } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { asJson, csv } from '../shared/parameters';

const show = { show: { resource: ['webhook'], operation: ['register'] } };

export const description: INodeProperties[] = [
	webhookEntityProperty('register'),
	{
		displayName: 'Target URL',
		name: 'target',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…',
		displayOptions: show,
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'string',
		default: '',
		placeholder: 'contact.saved,contact.deleted',
		description: 'Comma-separated. Empty: `&lt;entity&gt;.saved` only.',
		displayOptions: show,
	},
	{
		displayName: 'Headers',
		name: 'headers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Sent by Clientify with every delivery (Clientify signs nothing, so put a shared secret here)',
		displayOptions: show,
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						typeOptions: { password: true },
						default: '',
					},
				],
			},
		],
	},
];

/** Fills the entity's webhook slot and activates it. */
export function execute({ ctx, client, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => {
		const entity = ctx.getNodeParameter('entity', i) as string;
		const headers = ((ctx.getNodeParameter('headers.header', i, []) as IDataObject[]) ?? []).filter(
			(h) => h.name,
		);
		const events = csv(ctx.getNodeParameter('events', i, ''));
		const registered = await client.registerWebhook({
			entity,
			target: ctx.getNodeParameter('target', i) as string,
			events: events.length ? events : [`${entity}.saved`],
			headers: Object.fromEntries(headers.map((h) => [String(h.name), String(h.value ?? '')])),
		});
		// Header values are secrets: report only their names.
		return { ...asJson(registered), headers: headers.map((h) => String(h.name)) };
	});
}
