import { Context, FieldsInfo, OdooClient, OdooRecord, Vals } from '../odoo';
import { OdooError } from '../odoo/errors';
import { isolate, mapLimit } from './isolate';
import { planLoad, runLoad } from './load';
import { resolveRelations } from './relations';
import { changedVals, fieldNames, stableKey, unknownFieldError } from './values';

/** How an input record is bound to an Odoo record: by key fields, or by an external id in ir.model.data. */
export type Binding = { fields: string[] } | { xmlidModule: string };

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
	xmlid?: string;
	record?: OdooRecord;
	error?: OdooError;
}

/**
 * Creates or updates a batch idempotently: one lookup for every key in the batch, one
 * `create` for all new records, and `write`s only for records whose values changed,
 * records with identical changes sharing one `write`.
 */
export class Binder {
	constructor(
		private readonly client: OdooClient,
		private readonly model: string,
	) {}

	async upsert(items: UpsertItem[], opts: UpsertOptions): Promise<UpsertResult[]> {
		const { client, model } = this;
		const results: UpsertResult[] = items.map(() => ({ action: 'failed' }));
		const fields = await client.fieldsGet(model, fieldNames(items.map((i) => i.vals)));
		const resolved = await resolveRelations(client, fields, items.map((i) => i.vals), opts.context);
		const groups = new Map<string, Group>();
		resolved.vals.forEach((vals, i) => {
			const error = resolved.errors.get(i) ?? unknownFieldError(model, fields, vals);
			const key = error ? undefined : this.keyOf(opts.binding, vals, items[i]);
			const group = typeof key === 'string' ? groups.get(key) : undefined;
			if (error || typeof key !== 'string') results[i] = { action: 'failed', error: error ?? (key as OdooError) };
			else if (group) {
				// The same key twice in a batch: merge, later values win, never two records.
				group.items.push(i);
				Object.assign(group.vals, vals);
			} else groups.set(key, { key, items: [i], vals: { ...vals }, xmlid: items[i].xmlid });
		});

		const settle: Settle = (g, r) => g.items.forEach((i, n) => (results[i] = n ? { ...r, mergedInto: g.items[0] } : r));
		const all = [...groups.values()];
		try {
			await this.bind(all, opts.binding, fields, opts.context);
		} catch (err) {
			for (const g of all) settle(g, { action: 'failed', error: err as OdooError });
			return results;
		}
		for (const g of all) if (g.error) settle(g, { action: 'failed', error: g.error });
		const creates = all.filter((g) => !g.record && !g.error);
		const updates = all
			.filter((g) => g.record)
			.map((g) => ({ group: g, vals: changedVals(fields, g.record!, g.vals) }));

		if (opts.dryRun) {
			for (const g of creates) settle(g, { action: 'created', changed: Object.keys(g.vals), dryRun: true });
			for (const u of updates) settle(u.group, { action: Object.keys(u.vals).length ? 'updated' : 'unchanged', id: u.group.record!.id, changed: Object.keys(u.vals), dryRun: true });
			return results;
		}

		const created = await isolate(creates, async (part) => {
			const ids = await client.create(model, part.map((g) => g.vals), { context: opts.context });
			if ('xmlidModule' in opts.binding) await this.createXmlids(opts.binding.xmlidModule, part, ids);
			return ids;
		});
		created.forEach((o, n) => settle(creates[n], o.ok ? { action: 'created', id: o.value, changed: Object.keys(creates[n].vals) } : { action: 'failed', error: o.error }));

		for (const u of updates) if (!Object.keys(u.vals).length) settle(u.group, { action: 'unchanged', id: u.group.record!.id, changed: [] });
		const changed = updates.filter((u) => Object.keys(u.vals).length);
		// Identical changes already share one write: load only pays off when the changes differ.
		const viaLoad = opts.writeStrategy === 'load' && new Set(changed.map((u) => stableKey(u.vals))).size > 1;
		const rest = viaLoad ? await this.loadChanges(changed, fields, settle, opts.context) : changed;
		await this.writeChanges(rest, settle, opts);
		return results;
	}

	/** Saves the changes in one `load`; returns those left to `write` (all of them when Odoo refused it). */
	private async loadChanges(updates: Update[], fields: FieldsInfo, settle: Settle, context?: Context): Promise<Update[]> {
		const plan = planLoad(fields, updates.map((u) => ({ record: u.group.record!, vals: u.vals })));
		if (!plan.rows.length || !(await runLoad(this.client, this.model, plan, context))) return updates;
		for (const n of plan.rows) settle(updates[n].group, updated(updates[n]));
		return plan.writes.map((n) => updates[n]);
	}

	/** write() applies one set of values to many ids: records whose changes are identical share one. */
	private async writeChanges(updates: Update[], settle: Settle, opts: UpsertOptions): Promise<void> {
		const writes = new Map<string, Update[]>();
		for (const u of updates) {
			const k = stableKey(u.vals);
			writes.set(k, [...(writes.get(k) ?? []), u]);
		}
		await mapLimit([...writes.values()], opts.concurrency ?? 4, async (same) => {
			const outcomes = await isolate(same, async (part) => {
				await this.client.write(this.model, part.map((u) => u.group.record!.id), part[0].vals, { context: opts.context });
				return part;
			});
			outcomes.forEach((o, n) => settle(same[n].group, o.ok ? updated(same[n]) : { action: 'failed', error: o.error }));
		});
	}

	/** The item's key as a string, or an error when a key value is missing. */
	private keyOf(binding: Binding, vals: Vals, item: UpsertItem): string | OdooError {
		if ('xmlidModule' in binding) {
			if (!item.xmlid) return new OdooError('validation', `${this.model}: the external id is empty`, { model: this.model });
			return item.xmlid;
		}
		const missing = binding.fields.filter((f) => vals[f] === undefined || vals[f] === null || vals[f] === '' || vals[f] === false);
		if (missing.length)
			return new OdooError('validation', `${this.model}: key field ${missing.map((f) => `'${f}'`).join(', ')} has no value`, { model: this.model, field: missing[0] });
		return stableKey(binding.fields.map((f) => normalizeKey(vals[f])));
	}

	/** Finds the existing record of every group in one lookup (two when binding by external id). */
	private async bind(groups: Group[], binding: Binding, fields: FieldsInfo, context?: Context): Promise<void> {
		if (!groups.length) return;
		const readFields = [...new Set(groups.flatMap((g) => Object.keys(g.vals)))];
		// Archived records keep their keys: match them too, or a re-run would duplicate them.
		const ctx = { ...context, active_test: false };
		if ('xmlidModule' in binding) {
			const refs = await this.client.searchRead(
				'ir.model.data',
				[['model', '=', this.model], ['module', '=', binding.xmlidModule], ['name', 'in', groups.map((g) => g.xmlid)]],
				{ fields: ['name', 'res_id'] },
			);
			const resIds = new Map(refs.map((r) => [String(r.name), Number(r.res_id)]));
			const records = resIds.size ? await this.client.read(this.model, [...resIds.values()], readFields, { context: ctx }) : [];
			const byId = new Map(records.map((r) => [r.id, r]));
			for (const g of groups) g.record = byId.get(resIds.get(g.xmlid!) ?? 0);
			return;
		}
		const keyFields = binding.fields;
		const domain =
			keyFields.length === 1
				? [[keyFields[0], 'in', groups.map((g) => g.vals[keyFields[0]])]]
				: [
						...Array(groups.length - 1).fill('|'),
						...groups.flatMap((g) => [...Array(keyFields.length - 1).fill('&'), ...keyFields.map((f) => [f, '=', g.vals[f]])]),
					];
		const records = await this.client.searchRead(this.model, domain, { fields: [...new Set([...keyFields, ...readFields])], context: ctx });
		const byKey = new Map<string, OdooRecord[]>();
		for (const r of records) {
			const k = stableKey(keyFields.map((f) => normalizeKey(r[f], fields[f]?.type)));
			byKey.set(k, [...(byKey.get(k) ?? []), r]);
		}
		for (const g of groups) {
			const found = byKey.get(g.key) ?? [];
			if (found.length > 1)
				g.error = new OdooError('validation', `${this.model}: ${found.length} records share the key ${g.key} (ids ${found.map((r) => r.id).join(', ')}); make the key unique`, { model: this.model });
			else g.record = found[0];
		}
	}

	private async createXmlids(module: string, groups: Group[], ids: number[]): Promise<void> {
		await this.client.create(
			'ir.model.data',
			groups.map((g, n) => ({ module, name: g.xmlid, model: this.model, res_id: ids[n], noupdate: true })),
		);
	}
}

const updated = (u: Update): UpsertResult => ({ action: 'updated', id: u.group.record!.id, changed: Object.keys(u.vals) });

/** Key values compare as strings, with a many2one read as [id, name] reduced to its id. */
function normalizeKey(value: unknown, type?: string): string {
	if (type === 'many2one' && Array.isArray(value)) return String(value[0]);
	return String(value);
}
