import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { upsertRecords, type UpsertOptions } from '../../../lib/clientify';
import { readThenRun, type ItemOutcome } from '../../../lib/n8n/items';
import { recordProperties } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { recordFor } from '../shared/parameters';

export const description: INodeProperties[] = [
	...recordProperties('upsert'),
	{
		displayName: 'Upsert Options',
		name: 'upsertOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['upsert'] } },
		options: [
			{
				displayName: 'Key Lookup',
				name: 'lookup',
				type: 'options',
				options: [
					{
						name: 'One Filtered Call per Key',
						value: 'filter',
						description: 'Best when the batch is small compared with the records in Clientify',
					},
					{
						name: 'Scan All Records Once',
						value: 'scan',
						description: 'Best when the batch is large compared with the records in Clientify',
					},
				],
				default: 'filter',
			},
			{
				displayName: 'Lookup Parameter',
				name: 'lookupParam',
				type: 'string',
				default: '',
				placeholder: 'query',
				description:
					'Query parameter that narrows the list to one key. Empty: `email` for contacts, `query` otherwise. Matches are re-checked exactly.',
			},
			{
				displayName: 'Match On',
				name: 'key',
				type: 'string',
				default: '',
				placeholder: 'sku',
				description:
					'Field identifying a record. Empty: email (contact), taxpayer_identification_number (company), sku (product).',
			},
		],
	},
];

type Settings = Pick<UpsertOptions, 'key' | 'lookup' | 'lookupParam'>;

/** How the batch matches: its keys are looked up together, so items matched differently form another batch. */
export function settings(ctx: IExecuteFunctions, i: number): Settings {
	const options = ctx.getNodeParameter('upsertOptions', i, {}) as IDataObject;
	return {
		key: (options.key as string) || undefined,
		lookup: options.lookup as Settings['lookup'],
		lookupParam: (options.lookupParam as string) || undefined,
	};
}

/** Upserts the whole batch at once (keys looked up together), then reports one result per item. */
export function execute({
	ctx,
	client,
	resource,
	items,
	settings: options,
}: ClientifyBatch<Settings>): Promise<ItemOutcome[]> {
	return readThenRun(
		items,
		(i) => recordFor(ctx, i),
		async (records) => {
			const results = await upsertRecords(client, resource, records, options);
			return results.map((outcome) =>
				outcome.ok ? { json: { ...outcome.result } as IDataObject } : { error: outcome.error },
			);
		},
	);
}
