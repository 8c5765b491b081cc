import { Command, FieldsInfo, OdooClient, or, Vals } from '../odoo';
import { OdooError } from '../odoo/errors';

/** Resolves keys to ids on one model; the mapping engine injects this. One search per call. */
export interface RelationResolver {
	resolve(
		model: string,
		keyField: string,
		values: string[],
		context?: Record<string, unknown>,
	): Promise<Map<string, number>>;
}

/** Fields tried, in order, when a many2one is given as a plain string. */
const KEY_FIELDS: Record<string, string[]> = {
	'res.country': ['code', 'name'],
	'res.country.state': ['code', 'name'],
	'res.currency': ['name'],
	'res.users': ['login', 'name'],
	'product.category': ['complete_name', 'name'],
	'product.product': ['default_code', 'barcode', 'name'],
	'product.template': ['default_code', 'barcode', 'name'],
	'uom.uom': ['name'],
};

/** A value that names a record rather than giving its id: "Belgium", or {code: "BE"}. */
interface KeyRef {
	fields: string[];
	value: string;
}

function keyRef(value: unknown, relation: string): KeyRef | undefined {
	if (typeof value === 'string' && value.trim() && !/^\d+$/.test(value.trim()))
		return { fields: KEY_FIELDS[relation] ?? ['name'], value: value.trim() };
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'id');
		if (entries.length === 1) return { fields: [entries[0][0]], value: String(entries[0][1]) };
	}
	return undefined;
}

/** An id given directly: 7, "7", [7, "Name"] (as Odoo reads a many2one) or {id: 7}. */
function directId(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
	if (
		Array.isArray(value) &&
		typeof value[0] === 'number' &&
		value.length === 2 &&
		typeof value[1] === 'string'
	)
		return value[0];
	if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'number')
		return (value as { id: number }).id;
	return undefined;
}

export class UnresolvedError extends OdooError {
	constructor(field: string, relation: string, value: string, problem: string) {
		super('validation', `${field}: ${problem} '${value}' in ${relation}`, {
			field,
			model: relation,
		});
	}
}

type Slot = { index: number; field: string; relation: string; ref: KeyRef };
/** An x2many list waiting for its names to become ids. */
type PendingList = { index: number; field: string; entries: (number | Slot)[] };

/**
 * Turns names and keys in many2one / x2many values into ids, for a whole batch:
 * one search_read per relation, never one per item. Errors are per item.
 */
export async function resolveRelations(
	client: OdooClient,
	fields: FieldsInfo,
	valsList: Vals[],
	context?: Record<string, unknown>,
): Promise<{ vals: Vals[]; errors: Map<number, OdooError> }> {
	const out = valsList.map((v) => ({ ...v }));
	const errors = new Map<number, OdooError>();
	const slots: Slot[] = [];
	const lists: PendingList[] = [];
	const many2ones: Slot[] = [];
	out.forEach((vals, index) => {
		for (const [field, value] of Object.entries(vals)) {
			const info = fields[field];
			if (!info?.relation) continue;
			const asId = (v: unknown): number | Slot | undefined => {
				const id = directId(v);
				if (id !== undefined) return id;
				const ref = keyRef(v, info.relation!);
				if (!ref) return undefined;
				const slot = { index, field, relation: info.relation!, ref };
				slots.push(slot);
				return slot;
			};
			if (info.type === 'many2one') {
				const target = value === null || value === false || value === '' ? false : asId(value);
				if (typeof target === 'object') many2ones.push(target);
				else if (target !== undefined) vals[field] = target;
			} else if (Array.isArray(value) && !isCommandList(value)) {
				lists.push({ index, field, entries: value.map((v) => asId(v) ?? Number.NaN) });
			}
		}
	});
	const groups = new Map<string, Slot[]>();
	for (const s of slots) {
		const key = `${s.relation}|${s.ref.fields.join(',')}`;
		groups.set(key, [...(groups.get(key) ?? []), s]);
	}
	const found = new Map<Slot, number>();
	await Promise.all(
		[...groups.values()].map(async (group) => {
			const { relation, ref } = group[0];
			const matches = await lookup(
				client,
				relation,
				ref.fields,
				[...new Set(group.map((s) => s.ref.value))],
				context,
			);
			for (const s of group) {
				const ids = matches.get(s.ref.value) ?? [];
				if (ids.length === 1) found.set(s, ids[0]);
				else
					errors.set(
						s.index,
						new UnresolvedError(
							s.field,
							s.relation,
							s.ref.value,
							ids.length ? `${ids.length} records match` : 'no record matches',
						),
					);
			}
		}),
	);
	for (const s of many2ones) if (found.has(s)) out[s.index][s.field] = found.get(s);
	for (const l of lists) {
		if (errors.has(l.index)) continue;
		const ids = l.entries.map((e) => (typeof e === 'number' ? e : found.get(e)!));
		if (ids.some((id) => !Number.isInteger(id)))
			errors.set(
				l.index,
				new OdooError('validation', `${l.field}: expected a list of ids or names`, {
					field: l.field,
				}),
			);
		else out[l.index][l.field] = [Command.set(ids)];
	}
	return { vals: out, errors };
}

/** Already Odoo x2many commands, e.g. [[6, 0, [1, 2]]] or [[4, 7]]. */
function isCommandList(value: unknown[]): boolean {
	return (
		value.length > 0 &&
		value.every(
			(c) =>
				Array.isArray(c) &&
				typeof c[0] === 'number' &&
				c[0] >= 0 &&
				c[0] <= 6 &&
				c.length >= 1 &&
				c.length <= 3 &&
				!(c.length === 2 && typeof c[1] === 'string'),
		)
	);
}

/** value -> ids, searching every candidate key field in one query. */
async function lookup(
	client: OdooClient,
	model: string,
	keyFields: string[],
	values: string[],
	context?: Record<string, unknown>,
) {
	const records = await client.searchRead(model, or(keyFields.map((f) => [[f, 'in', values]])), {
		fields: keyFields,
		context,
	});
	const matches = new Map<string, number[]>();
	for (const value of values) {
		for (const f of keyFields) {
			const ids = records.filter((r) => r[f] === value).map((r) => r.id);
			if (ids.length) {
				matches.set(value, ids);
				break;
			}
		}
	}
	return matches;
}

/** The mapping engine's resolver: one search_read per (model, keyField) per batch. */
export function createRelationResolver(client: OdooClient): RelationResolver {
	return {
		async resolve(model, keyField, values, context) {
			const matches = await lookup(client, model, [keyField], [...new Set(values)], context);
			const out = new Map<string, number>();
			for (const [value, ids] of matches) if (ids.length === 1) out.set(value, ids[0]);
			return out;
		},
	};
}
