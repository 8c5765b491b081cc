import { UserError } from 'n8n-workflow';
import type { ItemOutcome } from '../../../lib/n8n/items';
import { isolate } from '../../../lib/sync';
import { selectByProperties } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';
import { selectedIds } from '../shared/parameters';

export const description = [
	...selectByProperties('delete'),
	{
		displayName: 'Confirm Delete by Domain',
		name: 'confirmDomainDelete',
		type: 'boolean' as const,
		default: false,
		description: 'Whether to really delete every record the domain matches',
		displayOptions: { show: { operation: ['delete'], selectBy: ['domain'] } },
	},
];

/** One `unlink` for the ids of the whole batch; deleting by domain needs an explicit confirmation. */
export async function execute(batch: OdooBatch): Promise<ItemOutcome[]> {
	const { ctx, client, model, items, context } = batch;
	const targets = await Promise.all(
		items.map(async (i) => {
			if (
				ctx.getNodeParameter('selectBy', i, 'ids') === 'domain' &&
				!ctx.getNodeParameter('confirmDomainDelete', i, false)
			)
				return new UserError(
					`${model}: deleting by domain needs 'Confirm Delete by Domain' to be on`,
				);
			return selectedIds(batch, i).catch((e: Error) => e);
		}),
	);
	const outcomes: ItemOutcome[] = targets.map((t) =>
		t instanceof Error ? { error: t } : { json: {} },
	);
	const members = items.map((_, n) => n).filter((n) => !(targets[n] instanceof Error));
	const deleted = await isolate(members, async (part) => {
		const ids = [...new Set(part.flatMap((n) => targets[n] as number[]))];
		if (ids.length) await client.unlink(model, ids, { context });
		return part.map((n) => targets[n] as number[]);
	});
	deleted.forEach(
		(o, k) =>
			(outcomes[members[k]] = o.ok
				? { json: { ids: o.value, deleted: o.value.length } }
				: { error: o.error }),
	);
	return outcomes;
}
