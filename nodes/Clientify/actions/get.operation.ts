import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { readOptionsProperty, recordIdProperty } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { asJson, fieldsOption } from '../shared/parameters';

export const description = [recordIdProperty('get'), readOptionsProperty('get')];

export function execute({ ctx, client, resource, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) =>
		asJson(
			await client.get(
				resource,
				ctx.getNodeParameter('recordId', i) as string,
				fieldsOption(ctx, i),
			),
		),
	);
}
