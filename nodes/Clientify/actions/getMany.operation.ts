import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { readOptionsProperty } from '../shared/descriptions';
import type { ClientifyBatch } from '../shared/operation';
import { asJson, fieldsOption } from '../shared/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { operation: ['getAll'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getAll'], returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { operation: ['getAll'] } },
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: 'Sent as `created[gt]`',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Exact email (contacts)',
			},
			{
				displayName: 'Modified Since',
				name: 'modifiedSince',
				type: 'dateTime',
				default: '',
				description: 'Sent as `modified[gte]`',
			},
			{
				displayName: 'Search',
				name: 'query',
				type: 'string',
				default: '',
				description: 'Free-text search, sent as `query`',
			},
		],
	},
	readOptionsProperty('getAll'),
];

export function execute({ ctx, client, resource, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => {
		const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const records = await client.getMany(resource, {
			filters: {
				query: filters.query as string | undefined,
				email: filters.email as string | undefined,
				'modified[gte]': filters.modifiedSince as string | undefined,
				'created[gt]': filters.createdAfter as string | undefined,
			},
			limit: ctx.getNodeParameter('returnAll', i)
				? undefined
				: (ctx.getNodeParameter('limit', i) as number),
			fields: fieldsOption(ctx, i),
		});
		return records.map(asJson);
	});
}
