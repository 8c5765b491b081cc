import { FieldInfo, FieldsInfo, Vals } from '../odoo';
import { OdooError } from '../odoo/errors';

const isEmpty = (v: unknown) => v === false || v === null || v === undefined || v === '';

/** The ids a many2one / x2many value stands for, in read or write form. */
function idsOf(value: unknown): number[] {
	if (!Array.isArray(value)) return typeof value === 'number' ? [value] : [];
	if (value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string')
		return [value[0]];
	return value.filter((v): v is number => typeof v === 'number');
}

/**
 * Whether writing `next` (write form) would change `current` (read form).
 * Odoo reads empty values as false, many2one as [id, name] and x2many as id lists.
 */
export function differs(info: FieldInfo | undefined, current: unknown, next: unknown): boolean {
	switch (info?.type) {
		case 'boolean':
			return Boolean(current) !== Boolean(next);
		case 'float':
		case 'monetary':
			return isEmpty(next)
				? !isEmpty(current) && current !== 0
				: Math.abs(Number(current) - Number(next)) > 1e-9;
		case 'integer':
			return Number(current || 0) !== Number(next || 0);
		case 'many2one':
			return (idsOf(current)[0] ?? false) !== (idsOf(next)[0] ?? false);
		case 'many2many':
		case 'one2many':
			return x2manyDiffers(idsOf(current), next);
		default:
			if (isEmpty(current) && isEmpty(next)) return false;
			return typeof next === 'object'
				? JSON.stringify(current) !== JSON.stringify(next)
				: current !== next;
	}
}

/** Only replace (6), link (4) and unlink (3) commands can be compared; anything else counts as a change. */
function x2manyDiffers(current: number[], commands: unknown): boolean {
	if (!Array.isArray(commands)) return true;
	const have = new Set(current);
	for (const c of commands as unknown[][]) {
		if (c[0] === 6) {
			const want = new Set(c[2] as number[]);
			if (want.size !== have.size || [...want].some((id) => !have.has(id))) return true;
		} else if (c[0] === 4) {
			if (!have.has(c[1] as number)) return true;
		} else if (c[0] === 3) {
			if (have.has(c[1] as number)) return true;
		} else return true;
	}
	return false;
}

/** The subset of `vals` that would change `record`. */
export function changedVals(fields: FieldsInfo, record: Record<string, unknown>, vals: Vals): Vals {
	return Object.fromEntries(
		Object.entries(vals).filter(([f, v]) => differs(fields[f], record[f], v)),
	);
}

/** Every field named in a list of values, once. */
export function fieldNames(valsList: Vals[]): string[] {
	return [...new Set(valsList.flatMap((vals) => Object.keys(vals)))];
}

/** Refuses fields the model does not have, naming them, before anything is sent. */
export function unknownFieldError(
	model: string,
	fields: FieldsInfo,
	vals: Vals,
): OdooError | undefined {
	const unknown = Object.keys(vals).filter((f) => !(f in fields));
	if (!unknown.length) return undefined;
	return new OdooError(
		'validation',
		`${model}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `'${f}'`).join(', ')}. Use "Describe Model" to list the fields${unknown.some((f) => f.startsWith('x_')) ? '; custom fields are created in Settings › Technical › Fields (or with Studio)' : ''}.`,
		{ model, field: unknown[0] },
	);
}

export interface OutputShape {
	/** many2one as {id, name} (default) or as the bare id. */
	many2one?: 'object' | 'id';
	/** Odoo reads empty values as false; turn them into null for non-boolean fields. */
	falseToNull?: boolean;
}

/**
 * Shapes a record as read from Odoo for n8n output, in place: records come fresh from the decoder,
 * and copying each one took 10-20 times longer than the changes themselves (34k records: 120-500 ms against 5-30 ms).
 */
export function shapeRecord(
	fields: FieldsInfo,
	record: Record<string, unknown>,
	shape: OutputShape = {},
): Record<string, unknown> {
	for (const name in record) {
		const value = record[name];
		const type = fields[name]?.type;
		if (type === 'many2one' && Array.isArray(value))
			record[name] = shape.many2one === 'id' ? value[0] : { id: value[0], name: value[1] };
		else if (
			value === false &&
			type !== 'boolean' &&
			shape.falseToNull !== false &&
			type !== undefined
		)
			record[name] = null;
	}
	return record;
}

/** JSON with sorted keys, so equal values group together. */
export function stableKey(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value as object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableKey((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value);
}

const TEXT_TYPES = new Set(['char', 'text', 'html', 'selection']);
const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * A key value in its field's type: a number for a text field (`ref: 1001`), a numeric text for a
 * number field. Odoo stores them converted, so unconverted they would not match the record read back.
 */
export function asFieldType(type: string | undefined, value: unknown): unknown {
	if (typeof value === 'number' && type && TEXT_TYPES.has(type)) return String(value);
	if (typeof value === 'string' && NUMERIC.test(value)) {
		if (type === 'integer' && Number.isInteger(Number(value))) return Number(value);
		if (type === 'float' || type === 'monetary') return Number(value);
	}
	return value;
}
