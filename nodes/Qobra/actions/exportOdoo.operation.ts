import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { connectOdoo } from '../../../lib/n8n/odoo';
import { exportOdooTable, waitForImports, type OdooSource } from '../../../lib/qobra';
import type { QobraBatch } from '../shared/operation';
import {
	csv,
	jsonParam,
	modeProperty,
	pushOptionsProperty,
	pushSettings,
	requiredString,
	showFor,
	tableProperty,
} from '../shared/parameters';
import { odooModelProperties } from '../shared/odoo';

export const description: INodeProperties[] = [
	...odooModelProperties('exportOdoo'),
	{
		displayName: 'Domain (JSON)',
		name: 'domain',
		type: 'json',
		default: '[]',
		description: 'Which records to export, as an Odoo domain; [] exports every record',
		displayOptions: showFor('exportOdoo'),
	},
	tableProperty('exportOdoo'),
	modeProperty('exportOdoo'),
	{
		displayName: 'Odoo Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5000,
		description:
			'Records read from Odoo per call (keyset paging on ID). Each page is converted and pushed before the next is read, so memory holds one page whatever the table size.',
		displayOptions: showFor('exportOdoo'),
	},
	pushOptionsProperty('exportOdoo'),
];

/**
 * One export per input item (its model, table and fields may come from the item). Reads with the Odoo credential,
 * which only needs to read: nothing is written to Odoo. Output: counts, import ids and, when waiting, Qobra's
 * imported count and per-line errors.
 */
export async function execute({ ctx, client, items }: QobraBatch): Promise<ItemOutcome[]> {
	const odoo = await connectOdoo(ctx);
	return perItem(ctx, items, async (i) => {
		const push = pushSettings(ctx, i);
		const result = await exportOdooTable(odoo as OdooSource, client, {
			model: requiredString(ctx, 'model', i, 'Odoo Model'),
			fields: csv(ctx.getNodeParameter('fields', i, '')),
			domain: jsonParam<unknown[]>(ctx, 'domain', i, []),
			table: push.table,
			mode: push.mode,
			pageSize: ctx.getNodeParameter('pageSize', i, 5000) as number,
			chunkSize: push.chunkSize,
			debounce: push.debounce,
		});
		return {
			...result,
			...(push.wait
				? await waitForImports(client, result.importIds, push.table, push.waitFor)
				: {}),
		} as unknown as IDataObject;
	});
}
