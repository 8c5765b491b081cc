import type { INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { entityOptions } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { asJson } from '../shared/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'options',
		options: [{ name: 'All', value: '' }, ...entityOptions],
		default: '',
		displayOptions: { show: { resource: ['webhook'], operation: ['list'] } },
	},
];

export function execute({ ctx, client, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) =>
		(await client.listWebhooks((ctx.getNodeParameter('entity', i) as string) || undefined)).map(
			asJson,
		),
	);
}
