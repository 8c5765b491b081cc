import { Context, FieldsInfo, OdooClient, OdooRecord, Vals } from '../odoo';
import { OdooError } from '../odoo/errors';
import { Binder, Binding } from './binder';
import { isolate, mapLimit } from './isolate';
import { planLoad, runLoad } from './load';
import { resolveRelations } from './relations';
import { changedVals, fieldNames, stableKey, unknownFieldError } from './values';

export interface UpsertItem {
	vals: Vals;
	/** The external id's name (without module), when binding by external id. */
	xmlid?: string;
}

export interface UpsertOptions {
	binding: Binding;
	context?: Context;
	/** Plan only: look up and compare, but write nothing. */
	dryRun?: boolean;
	/** Parallel `write` calls in flight (default 4). */
	concurrency?: number;
	/**
	 * How changed records are saved: 'parallel' (default) runs one `write` per distinct change,
	 * `concurrency` in flight; 'load' sends the changes of the batch as one `load` (Odoo's import),
	 * with `write` for the records it cannot express and, when Odoo refuses the load, for all.
	 */
	writeStrategy?: 'parallel' | 'load';
	/** Write every given field of a found record, even when Odoo already holds the value (seed 003's `force_update`). */
	forceUpdate?: boolean;
}

export type UpsertAction = 'created' | 'updated' | 'unchanged' | 'failed';

export interface UpsertResult {
	action: UpsertAction;
	id?: number;
	/** Fields written (all given fields for a create). */
	changed?: string[];
	error?: OdooError;
	/** Index of the earlier item with the same key that this one was merged into. */
	mergedInto?: number;
	dryRun?: boolean;
}

type Settle = (g: Group, r: UpsertResult) => void;
interface Update {
	group: Group;
	/** The values that change the record, in write form. */
	vals: Vals;
}

interface Group {
	key: string;
	items: number[];
	vals: Vals;
	record?: OdooRecord;
	error?: OdooError;
}

/**
 * Creates or updates a batch idempotently: one lookup for every key in the batch, one
 * `create` for all new records, and `write`s only for records whose values changed,
 * records with identical changes sharing one `write`.
 */
export class Upserter {
	constructor(
		private readonly client: OdooClient,
		private readonly model: string,
	) {}

	async upsert(items: UpsertItem[], opts: UpsertOptions): Promise<UpsertResult[]> {
		const { client, model } = this;
		const results: UpsertResult[] = items.map(() => ({ action: 'failed' }));
		const fields = await client.fieldsGet(model, fieldNames(items.map((i) => i.vals)));
		const resolved = await resolveRelations(
			client,
			fields,
			items.map((i) => i.vals),
			opts.context,
		);
		const binder = new Binder(client, model, opts.binding);
		const groups = new Map<string, Group>();
		resolved.vals.forEach((vals, i) => {
			const error = resolved.errors.get(i) ?? unknownFieldError(model, fields, vals);
			const key = error ? undefined : binder.keyOf(vals, items[i].xmlid);
			const group = typeof key === 'string' ? groups.get(key) : undefined;
			if (error || typeof key !== 'string')
				results[i] = { action: 'failed', error: error ?? (key as OdooError) };
			else if (group) {
				// The same key twice in a batch: merge, later values win, never two records.
				group.items.push(i);
				Object.assign(group.vals, vals);
			} else groups.set(key, { key, items: [i], vals: { ...vals } });
		});

		const settle: Settle = (g, r) =>
			g.items.forEach((i, n) => (results[i] = n ? { ...r, mergedInto: g.items[0] } : r));
		const all = [...groups.values()];
		try {
			const readFields = [...new Set(all.flatMap((g) => Object.keys(g.vals)))];
			const found = await binder.resolve(all, readFields, fields, opts.context);
			for (const g of all) {
				const hit = found.get(g.key);
				if (hit instanceof OdooError) g.error = hit;
				else g.record = hit;
			}
		} catch (err) {
			for (const g of all) settle(g, { action: 'failed', error: err as OdooError });
			return results;
		}
		for (const g of all) if (g.error) settle(g, { action: 'failed', error: g.error });
		const creates = all.filter((g) => !g.record && !g.error);
		const updates = all
			.filter((g) => g.record)
			.map((g) => ({
				group: g,
				vals: opts.forceUpdate ? { ...g.vals } : changedVals(fields, g.record!, g.vals),
			}));

		if (opts.dryRun) {
			for (const g of creates)
				settle(g, { action: 'created', changed: Object.keys(g.vals), dryRun: true });
			for (const u of updates)
				settle(u.group, {
					action: Object.keys(u.vals).length ? 'updated' : 'unchanged',
					id: u.group.record!.id,
					changed: Object.keys(u.vals),
					dryRun: true,
				});
			return results;
		}

		const created = await isolate(creates, async (part) => {
			const ids = await client.create(
				model,
				part.map((g) => g.vals),
				{ context: opts.context },
			);
			await binder.bind(
				part.map((g) => g.key),
				ids,
			);
			return ids;
		});
		created.forEach((o, n) =>
			settle(
				creates[n],
				o.ok
					? { action: 'created', id: o.value, changed: Object.keys(creates[n].vals) }
					: { action: 'failed', error: o.error },
			),
		);

		for (const u of updates)
			if (!Object.keys(u.vals).length)
				settle(u.group, { action: 'unchanged', id: u.group.record!.id, changed: [] });
		const changed = updates.filter((u) => Object.keys(u.vals).length);
		// Identical changes already share one write: load only pays off when the changes differ.
		const viaLoad =
			opts.writeStrategy === 'load' && new Set(changed.map((u) => stableKey(u.vals))).size > 1;
		const rest = viaLoad ? await this.loadChanges(changed, fields, settle, opts.context) : changed;
		await this.writeChanges(rest, settle, opts);
		return results;
	}

	/** Saves the changes in one `load`; returns those left to `write` (all of them when Odoo refused it). */
	private async loadChanges(
		updates: Update[],
		fields: FieldsInfo,
		settle: Settle,
		context?: Context,
	): Promise<Update[]> {
		const plan = planLoad(
			fields,
			updates.map((u) => ({ record: u.group.record!, vals: u.vals })),
		);
		if (!plan.rows.length || !(await runLoad(this.client, this.model, plan, context)))
			return updates;
		for (const n of plan.rows) settle(updates[n].group, updated(updates[n]));
		return plan.writes.map((n) => updates[n]);
	}

	/** write() applies one set of values to many ids: records whose changes are identical share one. */
	private async writeChanges(
		updates: Update[],
		settle: Settle,
		opts: UpsertOptions,
	): Promise<void> {
		const writes = new Map<string, Update[]>();
		for (const u of updates) {
			const k = stableKey(u.vals);
			writes.set(k, [...(writes.get(k) ?? []), u]);
		}
		await mapLimit([...writes.values()], opts.concurrency ?? 4, async (same) => {
			const outcomes = await isolate(same, async (part) => {
				await this.client.write(
					this.model,
					part.map((u) => u.group.record!.id),
					part[0].vals,
					{ context: opts.context },
				);
				return part;
			});
			outcomes.forEach((o, n) =>
				settle(same[n].group, o.ok ? updated(same[n]) : { action: 'failed', error: o.error }),
			);
		});
	}
}

const updated = (u: Update): UpsertResult => ({
	action: 'updated',
	id: u.group.record!.id,
	changed: Object.keys(u.vals),
});
