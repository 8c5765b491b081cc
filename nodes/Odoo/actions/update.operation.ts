import type { INodeProperties } from 'n8n-workflow';
import { Vals } from '../../../lib/odoo';
import { fieldNames, isolate, resolveRelations, stableKey, unknownFieldError } from '../../../lib/sync';
import { attempt, domainParam, ItemOutcome, Operation, parseIds, readVals, showFor, valuesProperties } from './common';

export const selectByProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Select Records By',
		name: 'selectBy',
		type: 'options',
		options: [
			{ name: 'IDs', value: 'ids' },
			{ name: 'Domain', value: 'domain' },
		],
		default: 'ids',
		displayOptions: showFor(operation),
	},
	{
		displayName: 'Record IDs',
		name: 'ids',
		type: 'string',
		default: '',
		required: true,
		placeholder: '7 or 7,8,9',
		displayOptions: { show: { operation: [operation], selectBy: ['ids'] } },
	},
	{
		displayName: 'Domain',
		name: 'domain',
		type: 'json',
		default: '[]',
		placeholder: '[["active", "=", false]]',
		displayOptions: { show: { operation: [operation], selectBy: ['domain'] } },
	},
];

/** The ids item i points at: given directly, or found with its domain. */
export async function selectedIds(op: Parameters<Operation['execute']>[0], i: number): Promise<number[]> {
	const { ctx, client, model, context } = op;
	if (ctx.getNodeParameter('selectBy', i, 'ids') === 'ids') return parseIds(ctx.getNodeParameter('ids', i));
	return client.search(model, domainParam(ctx, 'domain', i), { context });
}

/** Items whose values are identical share one `write` over all their ids. */
export const update: Operation = {
	description: [...selectByProperties('update'), ...valuesProperties(['update'])],
	async execute(op) {
		const { ctx, client, model, items, context } = op;
		const outcomes: ItemOutcome[] = new Array(items.length);
		const raw = items.map((i) => attempt(() => readVals(ctx, i)));
		const given = raw.map((r) => (r instanceof Error ? {} : r));
		const fields = await client.fieldsGet(model, fieldNames(given));
		const { vals, errors } = await resolveRelations(client, fields, given, context);
		const targets = await Promise.all(items.map((i) => selectedIds(op, i).catch((e: Error) => e)));
		const groups = new Map<string, { vals: Vals; members: { n: number; ids: number[] }[] }>();
		items.forEach((_, n) => {
			const error = [raw[n], targets[n]].find((x) => x instanceof Error) ?? errors.get(n) ?? unknownFieldError(model, fields, vals[n]);
			if (error) return void (outcomes[n] = { error: error as Error });
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
				outcomes[n] = o.ok ? { json: { ids: o.value, updated: o.value.length, fields: Object.keys(group.vals) } } : { error: o.error };
			});
		}
		return outcomes;
	},
};
