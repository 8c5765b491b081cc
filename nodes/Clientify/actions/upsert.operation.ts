import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { upsertRecords, type ClientifyRecord, type ResourceName, type UpsertOutcome } from '../../../lib/clientify';
import { clientFor, perItem, recordFor } from './common';

export const description: INodeProperties[] = [
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
					{ name: 'One Filtered Call per Key', value: 'filter', description: 'Best when the batch is small compared with the records in Clientify' },
					{ name: 'Scan All Records Once', value: 'scan', description: 'Best when the batch is large compared with the records in Clientify' },
				],
				default: 'filter',
			},
			{
				displayName: 'Lookup Parameter',
				name: 'lookupParam',
				type: 'string',
				default: '',
				placeholder: 'query',
				description: 'Query parameter that narrows the list to one key. Empty: `email` for contacts, `query` otherwise. Matches are re-checked exactly.',
			},
			{
				displayName: 'Match On',
				name: 'key',
				type: 'string',
				default: '',
				placeholder: 'sku',
				description: 'Field identifying a record. Empty: email (contact), taxpayer_identification_number (company), sku (product).',
			},
		],
	},
];

/** Upserts the whole batch at once (keys looked up together), then reports one result per item. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], resource: ResourceName): Promise<INodeExecutionData[]> {
	const client = await clientFor(this);
	const records: Array<ClientifyRecord | Error> = items.map((_, i) => {
		try {
			return recordFor(this, i);
		} catch (error) {
			return error as Error;
		}
	});
	const options = this.getNodeParameter('upsertOptions', 0, {}) as IDataObject;
	const valid = records.flatMap((r, i) => (r instanceof Error ? [] : [{ i, r }]));
	let outcomes: Map<number, UpsertOutcome> | Error;
	try {
		const results = await upsertRecords(
			client,
			resource,
			valid.map((v) => v.r),
			{ key: (options.key as string) || undefined, lookup: options.lookup as 'filter' | 'scan' | undefined, lookupParam: (options.lookupParam as string) || undefined },
		);
		outcomes = new Map(valid.map((v, n) => [v.i, results[n]]));
	} catch (error) {
		outcomes = error as Error;
	}
	return perItem(this, items.length, async (i) => {
		const record = records[i];
		if (record instanceof Error) throw record;
		if (outcomes instanceof Error) throw outcomes;
		const outcome = outcomes.get(i)!;
		if (!outcome.ok) throw outcome.error;
		return { ...outcome.result } as IDataObject;
	});
}
