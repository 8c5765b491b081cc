import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readThenRun, type ItemOutcome } from '../../../lib/n8n/items';
import type { CollectionAction } from '../../../lib/salesforce';
import { externalIdProperty, showFor } from '../shared/descriptions';
import type { SalesforceBatch } from '../shared/operation';
import { recordFor, str } from '../shared/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Action',
		name: 'collectionAction',
		type: 'options',
		options: [
			{ name: 'Create', value: 'create' },
			{ name: 'Update (Records Carry Their ID)', value: 'update' },
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
		],
		default: 'upsert',
		displayOptions: showFor('collection'),
	},
	externalIdProperty({ operation: ['collection'], collectionAction: ['upsert'] }),
	{
		displayName: 'All or None',
		name: 'allOrNone',
		type: 'boolean',
		default: false,
		description:
			'Whether one refused record rolls back the others of its call of 200; off, the valid records land and each refused one is reported on its item',
		displayOptions: showFor('collection'),
	},
];

interface Settings {
	type: string;
	action: CollectionAction;
	externalIdField: string;
	allOrNone: boolean;
}

/** One collection per sObject, action and options: items with different settings go to different calls. */
export function settings(ctx: IExecuteFunctions, i: number): Settings {
	const action = ctx.getNodeParameter('collectionAction', i) as CollectionAction;
	return {
		type: str(ctx, 'sObject', i),
		action,
		externalIdField: action === 'upsert' ? str(ctx, 'externalIdField', i) : '',
		allOrNone: ctx.getNodeParameter('allOrNone', i, false) as boolean,
	};
}

/** Every item is one record; Salesforce takes 200 a call, so the client splits; each item gets its record's result. */
export function execute({
	ctx,
	client,
	items,
	settings: s,
}: SalesforceBatch<Settings>): Promise<ItemOutcome[]> {
	return readThenRun(
		items,
		(i) => recordFor(ctx, i),
		async (records) => {
			const results = await client.collection(s.action, s.type, records, {
				allOrNone: s.allOrNone,
				externalIdField: s.externalIdField || undefined,
			});
			const usage = client.usage ? { apiUsage: { ...client.usage } } : {};
			return results.map(({ error, ...result }) =>
				error ? { error } : { json: { ...result, ...usage } as IDataObject },
			);
		},
	);
}
