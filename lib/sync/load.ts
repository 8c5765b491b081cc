import { Context, FieldInfo, FieldsInfo, OdooClient, OdooRecord, Vals } from '../odoo';

/**
 * Odoo's import method, `load(fields, data)`, updates many records with different values in
 * one call: a text cell per column, rows keyed by database id (`.id`). This module turns the
 * changes of an upsert into that call, and says which records it cannot express.
 */

/**
 * Base64 above this size stays with `write`: a `load` row carries every column, so a large
 * image would travel again for every record of the batch that keeps its own.
 */
export const MAX_LOAD_BINARY_CHARS = 64 * 1024;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** `write` stores '' in these as an empty string, the import as false (NULL): only write keeps it. */
const TEXT = new Set(['char', 'text', 'html', 'binary']);
const EXPRESSIBLE = new Set([
	'boolean',
	'integer',
	'float',
	'monetary',
	'char',
	'text',
	'html',
	'selection',
	'date',
	'datetime',
	'many2one',
	'many2many',
	'binary',
]);

/** The ids of a many2many value: as read (an id list) or as a single replace command [[6, 0, ids]]. */
function many2manyIds(value: unknown): number[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const replace = value.length === 1 && Array.isArray(value[0]) && value[0][0] === 6;
	const ids: unknown = replace ? value[0][2] : value;
	return Array.isArray(ids) && ids.every((id) => Number.isInteger(id)) ? ids : undefined;
}

/**
 * The import rule matches a selection case-insensitively against every key and label, first hit
 * wins: a key is safe only when no earlier option claims it.
 */
function selectionKeyIsUnambiguous(info: FieldInfo, key: string): boolean {
	const hit = info.selection?.find(
		([k, label]) =>
			k.toLowerCase() === key.toLowerCase() || label.toLowerCase() === key.toLowerCase(),
	);
	return hit?.[0] === key;
}

/**
 * A field value, in write form or as read, as the text `load` imports to the same stored value;
 * undefined when `load` cannot express it (that record then goes through `write`).
 * Empty values become '', which the import writes as false.
 */
export function importText(info: FieldInfo | undefined, value: unknown): string | undefined {
	if (!info || !EXPRESSIBLE.has(info.type) || value === undefined) return undefined;
	if (value === '') return TEXT.has(info.type) ? undefined : '';
	if (value === null || value === false) return '';
	switch (info.type) {
		case 'boolean':
			return value === true ? '1' : undefined;
		case 'integer':
			return Number.isInteger(value) ? String(value) : undefined;
		case 'float':
		case 'monetary':
			return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
		case 'many2one': {
			const id =
				Array.isArray(value) && value.length === 2 && typeof value[1] === 'string'
					? value[0]
					: value;
			return Number.isInteger(id) && (id as number) > 0 ? String(id) : undefined;
		}
		case 'many2many':
			return many2manyIds(value)?.join(',');
		case 'date':
			return typeof value === 'string' && DATE.test(value) ? value : undefined;
		case 'datetime':
			return typeof value === 'string' && DATETIME.test(value) ? value : undefined;
		case 'selection':
			return typeof value === 'string' && selectionKeyIsUnambiguous(info, value)
				? value
				: undefined;
		case 'binary':
			return typeof value === 'string' && value.length <= MAX_LOAD_BINARY_CHARS ? value : undefined;
		default:
			return typeof value === 'string' ? value : undefined;
	}
}

/** The import column of a field: relations by database id. */
const column = (fields: FieldsInfo, name: string) =>
	fields[name].type === 'many2one' || fields[name].type === 'many2many' ? `${name}/.id` : name;

export interface LoadChange {
	/** The record as read (many2one as [id, name], x2many as ids). */
	record: OdooRecord;
	/** The values that change it, in write form. */
	vals: Vals;
}

export interface LoadPlan {
	/** `load`'s first argument: '.id', then one column per changed field. */
	fields: string[];
	/** One row of text cells per record in `rows`. */
	data: string[][];
	/** Indexes of the changes the call carries. */
	rows: number[];
	/** Indexes of the changes `load` cannot express: they need `write`. */
	writes: number[];
}

/**
 * One `load` for many changes: the columns are every field some record changes; a record that
 * keeps a column's field carries its current value, so the import writes it back unchanged.
 */
export function planLoad(fields: FieldsInfo, changes: LoadChange[]): LoadPlan {
	const cells = (c: LoadChange, names: string[]) =>
		names.map((f) => importText(fields[f], f in c.vals ? c.vals[f] : c.record[f]));
	const expressible = (cs: (string | undefined)[]): cs is string[] =>
		cs.every((x) => x !== undefined);
	const candidates = new Set(
		changes
			.map((_, n) => n)
			.filter((n) => expressible(cells(changes[n], Object.keys(changes[n].vals)))),
	);
	const names = [...new Set([...candidates].flatMap((n) => Object.keys(changes[n].vals)))];
	const plan: LoadPlan = {
		fields: ['.id', ...names.map((f) => column(fields, f))],
		data: [],
		rows: [],
		writes: [],
	};
	changes.forEach((c, n) => {
		const row = candidates.has(n) ? cells(c, names) : [undefined];
		if (expressible(row)) {
			plan.rows.push(n);
			plan.data.push([String(c.record.id), ...row]);
		} else plan.writes.push(n);
	});
	return plan;
}

export interface LoadCreatePlan {
	/** `load`'s first argument: 'id' (the external id), then one column per field. */
	fields: string[];
	data: string[][];
	/** Per record, the values `load` cannot express: written after the record exists. */
	rest: Vals[];
}

/**
 * One `load` that creates records by external id. Every record must give the same fields (the
 * caller groups them by `createColumns`): an empty cell would store false where create would
 * have used the field's default.
 */
export function planCreate(
	fields: FieldsInfo,
	records: { xmlid: string; vals: Vals }[],
): LoadCreatePlan {
	const names = createColumns(fields, records[0].vals);
	return {
		fields: ['id', ...names.map((f) => column(fields, f))],
		data: records.map((r) => [r.xmlid, ...names.map((f) => importText(fields[f], r.vals[f])!)]),
		rest: records.map((r) =>
			Object.fromEntries(Object.entries(r.vals).filter(([f]) => !names.includes(f))),
		),
	};
}

/** The fields of a record's values that `load` can express, sorted: records sharing them share a load. */
export function createColumns(fields: FieldsInfo, vals: Vals): string[] {
	return Object.keys(vals)
		.filter((f) => importText(fields[f], vals[f]) !== undefined)
		.sort();
}

export interface LoadResult {
	ids: number[] | false;
	messages: { type: string; message: string; record?: number; field?: string }[];
}

/** Calls `load`. The import reads datetimes in the context's time zone; ours are UTC, as write takes them. */
export function callLoad(
	client: OdooClient,
	model: string,
	columns: string[],
	data: string[][],
	context?: Context,
): Promise<LoadResult> {
	return client.call<LoadResult>(
		model,
		'load',
		[columns, data],
		{},
		{
			context: { ...context, tz: 'UTC' },
		},
	);
}

/**
 * Sends the plan as one `load`; true when Odoo saved it. An error message means Odoo rolled
 * the whole call back, and any other failure leaves it unknown: either way the caller writes
 * the same values again, which is safe because they are absolute values keyed by id.
 */
export async function runLoad(
	client: OdooClient,
	model: string,
	plan: LoadPlan,
	context?: Context,
): Promise<boolean> {
	try {
		// It checks every .id with a search: archived records (matched by the upsert, accepted by
		// write) must be found too.
		const res = await callLoad(client, model, plan.fields, plan.data, {
			...context,
			active_test: false,
		});
		return Array.isArray(res.ids) && !res.messages.some((m) => m.type === 'error');
	} catch {
		return false;
	}
}
