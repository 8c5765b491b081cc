import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { pageSizeFor } from '../../../lib/odoo';
import { fieldsProperty, filterProperties, outputProperty, showFor } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';
import { readDomain, shape } from '../shared/parameters';

export const description: INodeProperties[] = [
	...filterProperties('search'),
	fieldsProperty(showFor('search')),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor('search'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['search'], returnAll: [false] } },
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'string',
		default: '',
		placeholder: 'write_date desc',
		displayOptions: showFor('search'),
	},
	outputProperty('output', 'search', {
		each: 'One Item per Record',
		single: 'One Item with All Records',
	}),
];

/** One search_read per item (each item has its own filter), a few in flight. */
export function execute({
	ctx,
	client,
	model,
	items,
	context,
	shape: o,
}: OdooBatch): Promise<ItemOutcome[]> {
	return perItem(
		ctx,
		items,
		async (i) => {
			const fields = await client.fieldsGet(model);
			const fieldList = ctx.getNodeParameter('fields', i, []) as string[];
			const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
			const records = await client.searchRead(model, readDomain(ctx, i), {
				fields: fieldList.length ? fieldList : undefined,
				pageSize: pageSizeFor(fieldList, fields),
				order: (ctx.getNodeParameter('order', i, '') as string) || undefined,
				limit: returnAll ? undefined : (ctx.getNodeParameter('limit', i, 50) as number),
				context,
			});
			const shaped = shape(fields, records, o);
			return ctx.getNodeParameter('output', i, 'each') === 'single'
				? ({ records: shaped, count: shaped.length } as IDataObject)
				: shaped;
		},
		4,
	);
}
