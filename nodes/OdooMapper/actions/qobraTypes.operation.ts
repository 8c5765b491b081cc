import type { IDataObject } from 'n8n-workflow';
import { qobraColumnTypes, type FieldsGetResult } from '../../../lib/mapping';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { MapperBatch } from '../shared/operation';

export const description = [];

/** Each input item is an Odoo fields_get result (or a Describe Model output with `fields`). */
export function execute({ ctx, items }: MapperBatch): Promise<ItemOutcome[]> {
	const input = ctx.getInputData();
	return perItem(
		ctx,
		items,
		async (i) =>
			qobraColumnTypes(
				(input[i].json.fields ?? input[i].json) as FieldsGetResult,
			) as unknown as IDataObject,
	);
}
