import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { QobraBatch } from '../shared/operation';

export const description: INodeProperties[] = [];

/** One item per data structure: statements reporting, records reporting and data tables. */
export function execute({ ctx, client, items }: QobraBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async () => (await client.listDataStructures()) as IDataObject[]);
}
