import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { QobraBatch } from '../shared/operation';
import { requiredString } from '../shared/parameters';
import { structureProperty } from './getRecords.operation';

export const description: INodeProperties[] = [structureProperty('listFields')];

/** One item per field of the structure: its key, name and type. */
export function execute({ ctx, client, items }: QobraBatch): Promise<ItemOutcome[]> {
	return perItem(
		ctx,
		items,
		async (i) =>
			(await client.listFields(
				requiredString(ctx, 'structureId', i, 'Data Structure ID'),
			)) as IDataObject[],
	);
}
