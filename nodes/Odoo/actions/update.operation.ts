import { attempt, type ItemOutcome } from '../../../lib/n8n/items';
import { Vals } from '../../../lib/odoo';
import {
	fieldNames,
	isolate,
	resolveRelations,
	stableKey,
	unknownFieldError,
} from '../../../lib/sync';
import { selectByProperties, valuesProperties } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';
import { readVals, selectedIds } from '../shared/parameters';

export const description = [...selectByProperties('update'), ...valuesProperties('update')];

/** Items whose values are identical share one `write` over all their ids. */
export async function execute(batch: OdooBatch): Promise<ItemOutcome[]> {
	const { ctx, client, model, items, context } = batch;
	const outcomes: ItemOutcome[] = new Array(items.length);
	const raw = items.map((i) => attempt(() => readVals(ctx, i)));
	const given = raw.map((r) => (r instanceof Error ? {} : r));
	const fields = await client.fieldsGet(model, fieldNames(given));
	const { vals, errors } = await resolveRelations(client, fields, given, context);
	const targets = await Promise.all(items.map((i) => selectedIds(batch, i).catch((e: Error) => e)));
	const groups = new Map<string, { vals: Vals; members: { n: number; ids: number[] }[] }>();
	items.forEach((_, n) => {
		const error =
			[raw[n], targets[n]].find((x) => x instanceof Error) ??
			errors.get(n) ??
			unknownFieldError(model, fields, vals[n]);
		if (error) {
			outcomes[n] = { error };
			return;
		}
		const key = stableKey(vals[n]);
		const group = groups.get(key) ?? { vals: vals[n], members: [] };
		group.members.push({ n, ids: targets[n] as number[] });
		groups.set(key, group);
	});
	for (const group of groups.values()) {
		const written = await isolate(group.members, async (part) => {
			const ids = [...new Set(part.flatMap((m) => m.ids))];
			if (ids.length) await client.write(model, ids, group.vals, { context });
			return part.map((m) => m.ids);
		});
		written.forEach((o, k) => {
			const { n } = group.members[k];
			outcomes[n] = o.ok
				? { json: { ids: o.value, updated: o.value.length, fields: Object.keys(group.vals) } }
				: { error: o.error };
		});
	}
	return outcomes;
}
