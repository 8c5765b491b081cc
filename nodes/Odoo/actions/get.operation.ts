import type { IExecuteFunctions } from 'n8n-workflow';
import { attempt, type ItemOutcome } from '../../../lib/n8n/items';
import { fieldsProperty, recordIdsProperty, showFor } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';
import { parseIds, shape } from '../shared/parameters';

export const description = [recordIdsProperty(showFor('get')), fieldsProperty(showFor('get'))];

type Settings = { fields: string[] };

/** The fields to read: one `read` serves the whole batch, so items asking for other fields form another batch. */
export const settings = (ctx: IExecuteFunctions, i: number): Settings => ({
	fields: ctx.getNodeParameter('fields', i, []) as string[],
});

/** One `read` for the ids of every item in the batch. */
export async function execute({
	ctx,
	client,
	model,
	items,
	context,
	shape: o,
	settings: { fields: fieldList },
}: OdooBatch<Settings>): Promise<ItemOutcome[]> {
	const wanted = items.map((i) => attempt(() => parseIds(ctx.getNodeParameter('ids', i))));
	const fields = await client.fieldsGet(model);
	const all = wanted.filter((w): w is number[] => !(w instanceof Error)).flat();
	const records = all.length
		? await client.read(model, [...new Set(all)], fieldList.length ? fieldList : undefined, {
				context,
			})
		: [];
	const byId = new Map(records.map((r) => [r.id, r]));
	return wanted.map((ids) => {
		if (ids instanceof Error) return { error: ids };
		const missing = ids.filter((id) => !byId.has(id));
		if (missing.length)
			return {
				error: new Error(
					`${model}: no record with ID ${missing.join(', ')} (deleted, or not visible to this user)`,
				),
			};
		// Copies: shaping works in place, and two items may ask for the same record.
		return {
			json: shape(
				fields,
				ids.map((id) => ({ ...byId.get(id)! })),
				o,
			),
		};
	});
}
