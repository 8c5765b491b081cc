import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { filterProperties } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';
import { readDomain } from '../shared/parameters';

export const description = filterProperties('count');

export function execute({ ctx, client, model, items, context }: OdooBatch): Promise<ItemOutcome[]> {
	return perItem(
		ctx,
		items,
		async (i) => ({ count: await client.count(model, readDomain(ctx, i), { context }) }),
		4,
	);
}
