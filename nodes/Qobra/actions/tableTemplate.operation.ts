import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { connectOdoo } from '../../../lib/n8n/odoo';
import { tableTemplate } from '../../../lib/qobra';
import { odooModelProperties } from '../shared/odoo';
import type { QobraBatch } from '../shared/operation';
import { csv, requiredString } from '../shared/parameters';

export const description: INodeProperties[] = odooModelProperties('tableTemplate');

/**
 * The Qobra table for an Odoo model: each column's header (the field's API name) and Qobra type, and a CSV header
 * line to create the table in Qobra once. One `fields_get`, nothing else.
 */
export async function execute({ ctx, items }: QobraBatch): Promise<ItemOutcome[]> {
	const odoo = await connectOdoo(ctx);
	return perItem(ctx, items, async (i) => {
		const model = requiredString(ctx, 'model', i, 'Odoo Model');
		const names = csv(ctx.getNodeParameter('fields', i, ''));
		const template = tableTemplate(model, await odoo.fieldsGet(model, names), names);
		return {
			...template,
			csvHeader: template.columns.map((c) => c.header).join(','),
		} as unknown as IDataObject;
	});
}
