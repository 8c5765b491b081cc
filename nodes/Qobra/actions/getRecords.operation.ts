import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { ReportingKind } from '../../../lib/qobra';
import type { QobraBatch } from '../shared/operation';
import { requiredString, showFor } from '../shared/parameters';

export const structureProperty = (...operation: string[]): INodeProperties => ({
	displayName: 'Data Structure ID',
	name: 'structureId',
	type: 'string',
	required: true,
	default: '',
	description: 'The ID that List Data Structures gives',
	displayOptions: showFor(...operation),
});

export const description: INodeProperties[] = [
	structureProperty('getRecords'),
	{
		displayName: 'Read',
		name: 'kind',
		type: 'options',
		options: [
			{
				name: 'Records',
				value: 'records',
				description: 'Of a records reporting structure or a data table',
			},
			{
				name: 'Statements',
				value: 'statements',
				description: 'Of a statements reporting structure',
			},
		],
		default: 'records',
		displayOptions: showFor('getRecords'),
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor('getRecords'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getRecords'], returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor('getRecords'),
		options: [
			{
				displayName: 'Modified After',
				name: 'modifiedAfter',
				type: 'dateTime',
				default: '',
				description:
					'Sent as `last_modified_after`: only records modified since (incremental sync)',
			},
			{
				displayName: 'Modified Before',
				name: 'modifiedBefore',
				type: 'dateTime',
				default: '',
				description: 'Sent as `last_modified_before`',
			},
		],
	},
];

/** Every page, 2,000 records a call, following `start_id`; one item per record. */
export function execute({ ctx, client, items }: QobraBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => {
		const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const iso = (v: unknown) => (v ? new Date(String(v)).toISOString() : undefined);
		return (await client.reporting(
			requiredString(ctx, 'structureId', i, 'Data Structure ID'),
			ctx.getNodeParameter('kind', i, 'records') as ReportingKind,
			{
				limit: ctx.getNodeParameter('returnAll', i, true)
					? undefined
					: (ctx.getNodeParameter('limit', i) as number),
				modifiedAfter: iso(filters.modifiedAfter),
				modifiedBefore: iso(filters.modifiedBefore),
			},
		)) as IDataObject[];
	});
}
