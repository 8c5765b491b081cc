import type { IDataObject } from 'n8n-workflow';
import { forBatch, Operation, showFor } from './common';

/** The model's fields: the basis for mappings and for the Qobra type table. */
export const describe: Operation = {
	description: [
		{
			displayName: 'Output',
			name: 'describeOutput',
			type: 'options',
			options: [
				{ name: 'One Item per Field', value: 'each' },
				{ name: 'One Item with All Fields', value: 'single' },
			],
			default: 'each',
			displayOptions: showFor('describe'),
		},
	],
	async execute({ ctx, client, model, items }) {
		return forBatch(items, async () => {
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
				json: ctx.getNodeParameter('describeOutput', i, 'each') === 'single' ? { model, fields: list } : list,
			}));
		});
	},
};
