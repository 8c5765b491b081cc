import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { recordProperties } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { asJson, recordFor } from '../shared/parameters';

export const description = recordProperties('create');

export function execute({ ctx, client, resource, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => asJson(await client.create(resource, recordFor(ctx, i))));
}
