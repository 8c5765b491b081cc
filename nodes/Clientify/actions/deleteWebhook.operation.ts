import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { webhookEntityProperty } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';

export const description = [webhookEntityProperty('delete')];

export function execute({ ctx, client, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => {
		const entity = ctx.getNodeParameter('entity', i) as string;
		await client.deleteWebhook(entity);
		return { deleted: true, entity };
	});
}
