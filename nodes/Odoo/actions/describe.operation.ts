import type { IDataObject } from 'n8n-workflow';
import type { ItemOutcome } from '../../../lib/n8n/items';
import { outputProperty } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';

export const description = [
	outputProperty('describeOutput', 'describe', {
		each: 'One Item per Field',
		single: 'One Item with All Fields',
	}),
];

/** The model's fields: the basis for mappings and for the Qobra type table. */
export async function execute({ ctx, client, model, items }: OdooBatch): Promise<ItemOutcome[]> {
	const fields = await client.fieldsGet(model);
	const list: IDataObject[] = Object.entries(fields)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([name, f]) => ({
			name,
			type: f.type,
			label: f.string,
			required: !!f.required,
			readonly: !!f.readonly,
			stored: f.store !== false,
			relation: f.relation ?? null,
			selection: f.selection ?? null,
			help: f.help ?? null,
		}));
	return items.map((i) => ({
		json:
			ctx.getNodeParameter('describeOutput', i, 'each') === 'single'
				? { model, fields: list }
				: list,
	}));
}
