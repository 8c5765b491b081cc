import type { IDataObject } from 'n8n-workflow';
import { attempt, type ItemOutcome } from '../../../lib/n8n/items';
import { fieldNames, isolate, resolveRelations, unknownFieldError } from '../../../lib/sync';
import type { OdooBatch } from '../shared/operation';
import { readVals } from '../shared/parameters';
import { valuesProperties } from '../shared/descriptions';

export const description = valuesProperties('create');

/** All items of a batch go into one `create`; a rejected batch is split to isolate the bad records. */
export async function execute({
	ctx,
	client,
	model,
	items,
	context,
}: OdooBatch): Promise<ItemOutcome[]> {
	const raw = items.map((i) => attempt(() => readVals(ctx, i)));
	const given = raw.map((r) => (r instanceof Error ? {} : r));
	const fields = await client.fieldsGet(model, fieldNames(given));
	const { vals, errors } = await resolveRelations(client, fields, given, context);
	const outcomes: ItemOutcome[] = new Array(items.length);
	const valid: { n: number; vals: IDataObject }[] = [];
	vals.forEach((v, n) => {
		const error =
			raw[n] instanceof Error ? raw[n] : (errors.get(n) ?? unknownFieldError(model, fields, v));
		if (error) outcomes[n] = { error };
		else valid.push({ n, vals: v as IDataObject });
	});
	const created = await isolate(valid, (part) =>
		client.create(
			model,
			part.map((p) => p.vals),
			{ context },
		),
	);
	created.forEach(
		(o, k) =>
			(outcomes[valid[k].n] = o.ok
				? { json: { id: o.value, ...valid[k].vals } }
				: { error: o.error }),
	);
	return outcomes;
}
