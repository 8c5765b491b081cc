import type { INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { showFor } from '../shared/descriptions';
import type { SalesforceBatch } from '../shared/operation';
import { asJson, str } from '../shared/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'SOQL',
		name: 'soql',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: 'SELECT Id, Name FROM Account',
		description: 'Every page is read (nextRecordsUrl is followed); one output item per row',
		displayOptions: showFor('query'),
	},
	{
		displayName: 'Include Deleted and Archived',
		name: 'queryAll',
		type: 'boolean',
		default: false,
		description:
			'Whether to use queryAll, which also returns deleted (IsDeleted = true) and archived rows',
		displayOptions: showFor('query'),
	},
];

export function execute({ ctx, client, items }: SalesforceBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) =>
		(
			await client.query(str(ctx, 'soql', i), {
				all: ctx.getNodeParameter('queryAll', i, false) as boolean,
			})
		).map(asJson),
	);
}
