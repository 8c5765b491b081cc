import type { INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { SalesforceBatch } from '../shared/operation';
import { str } from '../shared/parameters';
import { cursors } from './getChanges.operation';

export const description: INodeProperties[] = [];

const MONTH_MS = 30 * 86_400_000;

/** Deleted ids since the cursor (Salesforce keeps them 30 days); one item per deletion, with its date. */
export function execute(batch: SalesforceBatch): Promise<ItemOutcome[]> {
	const { ctx, client, items } = batch;
	return perItem(ctx, items, async (i) => {
		const type = str(ctx, 'sObject', i);
		const key = `deleted:${type}`;
		const since =
			str(ctx, 'since', i) ||
			(cursors(batch)[key] as string | undefined) ||
			new Date(Date.now() - MONTH_MS + 60_000).toISOString();
		const result = await client.deleted(type, since);
		cursors(batch)[key] = result.latestDateCovered;
		return result.deletedRecords.map((d) => ({
			Id: d.id,
			deletedDate: d.deletedDate,
			sObject: type,
		}));
	});
}
