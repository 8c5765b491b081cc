import type { INodeProperties } from 'n8n-workflow';
import { attempt, forBatch, Operation, parseIds, shape, showFor } from './common';

export const fieldsProperty = (operations: string[]): INodeProperties => ({
	displayName: 'Fields to Return',
	name: 'fields',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getFieldNames', loadOptionsDependsOn: ['model.value'] },
	default: [],
	description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: 'Leave empty to return every field',
	displayOptions: showFor(...operations),
});

/** One `read` for the ids of every item in the batch. */
export const get: Operation = {
	description: [
		{
			displayName: 'Record IDs',
			name: 'ids',
			type: 'string',
			default: '',
			required: true,
			placeholder: '7 or 7,8,9',
			displayOptions: showFor('get'),
		},
		fieldsProperty(['get']),
	],
	async execute({ ctx, client, model, items, context, shape: o }) {
		const wanted = items.map((i) => attempt(() => parseIds(ctx.getNodeParameter('ids', i))));
		const fieldList = ctx.getNodeParameter('fields', items[0], []) as string[];
		return forBatch(items, async () => {
			const fields = await client.fieldsGet(model);
			const all = wanted.filter((w): w is number[] => !(w instanceof Error)).flat();
			const records = all.length ? await client.read(model, [...new Set(all)], fieldList.length ? fieldList : undefined, { context }) : [];
			const byId = new Map(records.map((r) => [r.id, r]));
			return wanted.map((ids) => {
				if (ids instanceof Error) return { error: ids };
				const missing = ids.filter((id) => !byId.has(id));
				if (missing.length) return { error: new Error(`${model}: no record with ID ${missing.join(', ')} (deleted, or not visible to this user)`) };
				// Copies: shaping works in place, and two items may ask for the same record.
				return { json: shape(fields, ids.map((id) => ({ ...byId.get(id)! })), o) };
			});
		});
	},
};
