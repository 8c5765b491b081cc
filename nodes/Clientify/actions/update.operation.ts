import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { recordIdProperty, recordProperties } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { asJson, recordFor } from '../shared/parameters';

export const description = [recordIdProperty('update'), ...recordProperties('update')];

export function execute({ ctx, client, resource, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) =>
		asJson(
			await client.update(
				resource,
				ctx.getNodeParameter('recordId', i) as string,
				recordFor(ctx, i),
			),
		),
	);
}
