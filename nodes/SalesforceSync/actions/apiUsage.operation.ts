import type { INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { SalesforceBatch } from '../shared/operation';

export const description: INodeProperties[] = [];

/** API requests used and allowed in the last 24 hours (Sforce-Limit-Info of a call to /limits). */
export function execute({ ctx, client, items }: SalesforceBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async () => {
		await client.limits();
		const { used = 0, max = 0 } = client.usage ?? {};
		return { used, max, remaining: max - used };
	});
}
