import type { IDataObject } from 'n8n-workflow';
import { fieldNames, isolate, resolveRelations, unknownFieldError } from '../../../lib/sync';
import { ItemOutcome, Operation, readVals, valuesProperties } from './common';

/** All items of a batch go into one `create`; a rejected batch is split to isolate the bad records. */
export const create: Operation = {
	description: valuesProperties(['create']),
	async execute({ ctx, client, model, items, context }) {
		const outcomes: ItemOutcome[] = new Array(items.length);
		const valid: { n: number; vals: IDataObject }[] = [];
		const raw = items.map((i, n) => {
			try {
				return readVals(ctx, i);
			} catch (error) {
				outcomes[n] = { error: error as Error };
				return {};
			}
		});
		const fields = await client.fieldsGet(model, fieldNames(raw));
		const { vals, errors } = await resolveRelations(client, fields, raw, context);
		vals.forEach((v, n) => {
			if (outcomes[n]) return;
			const error = errors.get(n) ?? unknownFieldError(model, fields, v);
			if (error) outcomes[n] = { error };
			else valid.push({ n, vals: v as IDataObject });
		});
		const created = await isolate(valid, (part) => client.create(model, part.map((p) => p.vals), { context }));
		created.forEach((o, k) => (outcomes[valid[k].n] = o.ok ? { json: { id: o.value, ...valid[k].vals } } : { error: o.error }));
		return outcomes;
	},
};
