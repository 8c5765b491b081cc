import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { webhookEntityProperty } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { asJson } from '../shared/parameters';

export const description = [webhookEntityProperty('list', true)];

export function execute({ ctx, client, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => (await client.listWebhooks((ctx.getNodeParameter('entity', i) as string) || undefined)).map(asJson));
}
