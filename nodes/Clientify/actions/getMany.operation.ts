import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ResourceName } from '../../../lib/clientify';
import { asJson, clientFor, csv, perItem } from './common';

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
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '', description: 'Sent as `created[gt]`' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Exact email (contacts)' },
			{ displayName: 'Modified Since', name: 'modifiedSince', type: 'dateTime', default: '', description: 'Sent as `modified[gte]`' },
			{ displayName: 'Search', name: 'query', type: 'string', default: '', description: 'Free-text search, sent as `query`' },
		],
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], resource: ResourceName): Promise<INodeExecutionData[]> {
	const client = await clientFor(this);
	return perItem(this, items.length, async (i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const fields = csv(this.getNodeParameter('options.fields', i, ''));
		const records = await client.getMany(resource, {
			filters: {
				query: filters.query as string | undefined,
				email: filters.email as string | undefined,
				'modified[gte]': filters.modifiedSince as string | undefined,
				'created[gt]': filters.createdAfter as string | undefined,
			},
			limit: this.getNodeParameter('returnAll', i) ? undefined : (this.getNodeParameter('limit', i) as number),
			fields: fields.length ? fields : undefined,
		});
		return records.map(asJson);
	});
}
