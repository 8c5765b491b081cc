import { Context, FieldsInfo, OdooClient, OdooRecord, Vals } from '../odoo';
import { OdooError } from '../odoo/errors';
import { Binder, Binding, UPSERT_MODULE } from './binder';
import { isolate, mapLimit } from './isolate';
import { callLoad, createColumns, LoadResult, planCreate, planLoad, runLoad } from './load';
import { resolveRelations } from './relations';
import { asFieldType, changedVals, fieldNames, stableKey, unknownFieldError } from './values';

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
		const keyFields = 'fields' in opts.binding ? opts.binding.fields : [];
		resolved.vals.forEach((vals, i) => {
			for (const f of keyFields) if (f in vals) vals[f] = asFieldType(fields[f]?.type, vals[f]);
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
		const readFields = [...new Set(all.flatMap((g) => Object.keys(g.vals)))];
		try {
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

		updates.push(...(await this.create(creates, binder, fields, readFields, settle, opts)));
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

	/**
	 * Creates the new records with `load`, each under its external id (Binder.xmlidOf): Odoo's
	 * unique (module, name) on ir.model.data makes a second execution creating the same key lose
	 * with a serialization failure on that row. Those keys are looked up again and returned as
	 * updates of the winner's record, as are records that another execution created between the
	 * lookup and the load (by key fields, seen when reading the loaded records back).
	 */
	private async create(
		creates: Group[],
		binder: Binder,
		fields: FieldsInfo,
		readFields: string[],
		settle: Settle,
		opts: UpsertOptions,
		round = 1,
	): Promise<Update[]> {
		const { client, model } = this;
		const limit = opts.concurrency ?? 4;
		const fail = (g: Group, error: unknown) =>
			settle(g, { action: 'failed', id: g.record?.id, error: asError(error) });
		const lost: Group[] = [];
		const existing: Update[] = [];
		const staleOnce = new Set<Group>();
		let pending = creates;
		// Each round settles at least one record or stops: rows rolled back for another row's fault
		// (or cut off by Odoo's "more than 10 errors") go again.
		while (pending.length) {
			const made: Made[] = [];
			const again: Group[] = [];
			const parts = new Map<string, Group[]>();
			for (const g of pending) {
				const k = createColumns(fields, g.vals).join();
				parts.set(k, [...(parts.get(k) ?? []), g]);
			}
			await mapLimit([...parts.values()], limit, async (part) => {
				const plan = planCreate(
					fields,
					part.map((g) => ({ xmlid: binder.xmlidOf(g.key), vals: g.vals })),
				);
				let res: LoadResult;
				try {
					const context = { ...opts.context, ...binder.loadContext };
					res = await callLoad(client, model, plan.fields, plan.data, context);
				} catch (err) {
					return part.forEach((g) => fail(g, err));
				}
				const ids = res.ids;
				if (ids)
					return part.forEach((group, n) => made.push({ group, id: ids[n], rest: plan.rest[n] }));
				// Odoo rolled the whole load back; its messages name the rows that failed.
				const errors = res.messages.filter((m) => m.type === 'error');
				const unnamed = errors.find((m) => m.record === undefined)?.message;
				const named = part.map((_, n) => errors.find((m) => m.record === n)?.message ?? unnamed);
				// No row named (or nothing said at all): nothing to retry without, so all fail.
				const none = named.every((m) => m === undefined);
				const why = errors[0]?.message ?? 'the import saved nothing and said why not';
				part.forEach((g, n) => {
					const message = none ? why : named[n];
					if (message === undefined) again.push(g);
					else if (CONFLICT.test(message)) lost.push(g);
					else fail(g, new OdooError('validation', `${model}: ${message}`, { model }));
				});
			});
			const stale: Group[] = [];
			const created: Made[] = [];
			const checked = await this.verify(made, binder, fields, readFields);
			made.forEach((m, n) => {
				const c = checked[n];
				if (c === 'stale' && !staleOnce.has(m.group)) {
					staleOnce.add(m.group);
					stale.push(m.group);
				} else if (c === 'stale')
					fail(
						m.group,
						new OdooError(
							'validation',
							`${model}: record ${m.id} holds this key's lock but another key`,
							{ model },
						),
					);
				else if (c instanceof OdooError) fail(m.group, c);
				else if (c) {
					m.group.record = c;
					existing.push({ group: m.group, vals: changedVals(fields, c, m.group.vals) });
				} else created.push(m);
			});
			if (stale.length)
				await this.unbind(stale.map((g) => binder.xmlidOf(g.key))).catch((err: unknown) =>
					stale.splice(0).forEach((g) => fail(g, err)),
				);
			await mapLimit(created, limit, async ({ group, id, rest }) => {
				try {
					// What load cannot express (x2many commands, empty texts, large files) is written now.
					if (Object.keys(rest).length)
						await client.write(model, [id], rest, { context: opts.context });
					settle(group, { action: 'created', id, changed: Object.keys(group.vals) });
				} catch (err) {
					settle(group, { action: 'failed', id, error: asError(err) });
				}
			});
			pending = [...again, ...stale];
		}
		if (!lost.length) return existing;
		const found = await binder
			.resolve(lost, readFields, fields, opts.context)
			.catch((err: unknown) => new Map(lost.map((g) => [g.key, asError(err)])));
		// No record for the key: the conflict was on another row the create touches (a line's order,
		// updated by another transaction). Odoo rolled the load back, so loading again is safe.
		const retry: Group[] = [];
		for (const g of lost) {
			const hit = found.get(g.key);
			if (hit && !(hit instanceof OdooError)) {
				g.record = hit;
				existing.push({ group: g, vals: changedVals(fields, hit, g.vals) });
			} else if (hit) fail(g, hit);
			else if (round < CREATE_ROUNDS) retry.push(g);
			else
				fail(
					g,
					new OdooError(
						'server',
						`${model}: the create met a concurrent update ${CREATE_ROUNDS} times and found no record for the key; nothing was saved, run it again`,
						{ model, retryable: true, notApplied: true },
					),
				);
		}
		if (retry.length)
			existing.push(
				...(await this.create(retry, binder, fields, readFields, settle, opts, round + 1)),
			);
		return existing;
	}

	/**
	 * By key fields, load leaves a record its external id already names untouched, so the loaded
	 * records are read back: per record, undefined when it holds the loaded values (created),
	 * 'stale' when its key was changed outside since the id was made, or the record when another
	 * execution created it with other values (to update). By external id: nothing to check.
	 */
	private async verify(
		made: Made[],
		binder: Binder,
		fields: FieldsInfo,
		readFields: string[],
	): Promise<(OdooRecord | OdooError | 'stale' | undefined)[]> {
		const keyFields = binder.keyFields;
		if (!keyFields || !made.length) return [];
		let records: OdooRecord[];
		try {
			records = await this.client.read(
				this.model,
				made.map((m) => m.id),
				[...new Set([...keyFields, ...readFields])],
				{ context: { active_test: false } },
			);
		} catch (err) {
			return made.map(() => asError(err));
		}
		const byId = new Map(records.map((r) => [r.id, r]));
		return made.map(({ group, id, rest }) => {
			const record = byId.get(id);
			if (!record)
				return new OdooError('missing', `${this.model}: record ${id} vanished after its import`, {
					model: this.model,
				});
			// A key field that load could not express is written with `rest`: it cannot match yet.
			const keyLoaded = keyFields.every((f) => !(f in rest));
			if (keyLoaded && binder.keyOfRecord(record, fields) !== group.key) return 'stale';
			const loaded = Object.fromEntries(Object.entries(group.vals).filter(([f]) => !(f in rest)));
			return Object.keys(changedVals(fields, record, loaded)).length ? record : undefined;
		});
	}

	/** Drops stale synthetic external ids, so the next load creates the record afresh. */
	private async unbind(xmlids: string[]): Promise<void> {
		const refs = await this.client.search('ir.model.data', [
			['module', '=', UPSERT_MODULE],
			['name', 'in', xmlids.map((x) => x.slice(UPSERT_MODULE.length + 1))],
		]);
		if (refs.length) await this.client.unlink('ir.model.data', refs);
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

interface Made {
	group: Group;
	id: number;
	/** The values the load could not express, to write. */
	rest: Vals;
}

/** Loads of one record that meets concurrent updates before its failure is reported. */
const CREATE_ROUNDS = 3;

/** How Odoo words the row of a load that lost a race on a unique key (or on a row the create updates). */
const CONFLICT = /could not serialize access|concurrent update/i;

const asError = (err: unknown): OdooError =>
	err instanceof OdooError ? err : new OdooError('server', String((err as Error)?.message ?? err));

const updated = (u: Update): UpsertResult => ({
	action: 'updated',
	id: u.group.record!.id,
	changed: Object.keys(u.vals),
});
