import { IANAZone } from 'luxon';
import { z } from 'zod';
import { Command } from '../odoo/orm';
import { formatDateTime, parseDateTime } from './dates';
import { currencyDecimals, parseInteger, parseNumber, roundHalfUp } from './numbers';
import { getPath, parsePath } from './path';
import { normalizePhone } from './phone';
import type { LookupTables } from './types';
import { MappingError } from './types';

/** One transform of a chain: its name and its parameters (written inline on the field in the JSON spec). */
export interface Step {
	transform: string;
	params: Record<string, unknown>;
}

/**
 * A value that needs the network (many2one ids, downloaded images). Transforms
 * return it during the synchronous pass; the mapper settles all of a batch's
 * pending values together, which is what makes one search per relation possible.
 */
export class Pending {
	constructor(readonly settle: (settled: Settled) => unknown) {}
}

export interface Settled {
	relation(request: RelationRequest): Map<string, number>;
	image(url: string): string;
}

export interface RelationRequest {
	model: string;
	keyField: string;
	context?: Record<string, unknown>;
}

export interface TransformContext {
	/** The whole source record, for transforms that read a sibling field (money's `currencyFrom`). */
	record: unknown;
	tables: LookupTables;
	relation(
		request: RelationRequest,
		keys: string[],
		build: (ids: Map<string, number>) => unknown,
	): Pending;
	image(url: string, maxBytes: number): Pending;
	mapNested(records: Record<string, unknown>[], fields: unknown[]): unknown[];
}

export interface TransformDef<P = Record<string, unknown>> {
	summary: string;
	params: z.ZodType<P, z.ZodTypeDef, unknown>;
	apply(value: unknown, params: P, ctx: TransformContext): unknown;
	/** The steps that undo this one (an empty list is a plain copy), or why it cannot be undone. */
	invert(params: P): Step[] | string;
	/** Field type to suggest when a custom field fed by this transform is missing in Odoo. */
	odooType?: (params: P) => string;
	/** Returns a Pending value, so it must end a chain. */
	deferred?: true;
	/** Whether Odoo's `false` is a real input for this transform rather than Odoo's empty value. */
	keepsFalse?: (params: P, tables: LookupTables) => boolean;
	/** Reads several `from` paths (an array) or writes several `to` paths. */
	arity?: 'manyIn' | 'manyOut';
}

function define<P>(def: TransformDef<P>): TransformDef {
	return def as unknown as TransformDef;
}

const step = (transform: string, params: Record<string, unknown> = {}): Step[] => [
	{ transform, params },
];
const separator = z.enum(['.', ',']).optional();
const zone = z.string().refine(
	(z) => IANAZone.isValidZone(z),
	(z) => ({ message: `unknown time zone "${z}"` }),
);
const pathParam = z.string().refine(
	(p) => typeof parsePath(p) !== 'string',
	(p) => ({ message: `"${p}" is not a valid path` }),
);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const matchMode = z.enum(['exact', 'loose']).optional();

/**
 * A many2one as Odoo reads it, `[id, "name"]`, or as the Odoo node outputs it, `{id, name}`;
 * returned as `[id, name]`, else undefined.
 */
export function many2oneParts(value: unknown): [number, string] | undefined {
	if (
		Array.isArray(value) &&
		value.length === 2 &&
		typeof value[0] === 'number' &&
		typeof value[1] === 'string'
	)
		return [value[0], value[1]];
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const { id, name, ...rest } = value as Record<string, unknown>;
		if (typeof id === 'number' && typeof name === 'string' && !Object.keys(rest).length)
			return [id, name];
	}
	return undefined;
}

/** `loose` matching ignores case and spaces: 7Targets writes both "Out of office" and "DeActivated". */
export function normalizeKey(key: unknown, match: 'exact' | 'loose' = 'exact'): string {
	const text = String(key).trim();
	return match === 'loose' ? text.toLowerCase().replace(/\s+/g, '') : text;
}

/** Table keys are strings in JSON; an inverted table gives ids back as numbers so Odoo can take them. */
function keyAsValue(key: string): string | number {
	return /^-?(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
}

const tableIndexes = new WeakMap<object, Map<string, Map<string, unknown>>>();

/** Indexes a table (or its inverse) once per table object; when several keys share a value, the first wins the inverse. */
function indexTable(
	table: Record<string, unknown>,
	inverse: boolean,
	match: 'exact' | 'loose' = 'exact',
): Map<string, unknown> {
	const byMode = tableIndexes.get(table) ?? new Map<string, Map<string, unknown>>();
	tableIndexes.set(table, byMode);
	const mode = `${inverse}:${match}`;
	let index = byMode.get(mode);
	if (!index) {
		index = new Map();
		for (const [k, v] of Object.entries(table)) {
			const [key, value] = inverse ? [v, keyAsValue(k)] : [k, v];
			const normalized = normalizeKey(key, match);
			if (!index.has(normalized)) index.set(normalized, value);
		}
		byMode.set(mode, index);
	}
	return index;
}

interface TableParams {
	match?: 'exact' | 'loose';
	fallback?: unknown;
	inverse?: boolean;
}

/** A many2one read from Odoo (`[5, "All / Electronics"]`) is looked up by id first, then by name. */
function lookUp(
	table: Record<string, unknown>,
	value: unknown,
	params: TableParams,
	where: string,
): unknown {
	const index = indexTable(table, params.inverse ?? false, params.match);
	const candidates = many2oneParts(value) ?? [value];
	for (const candidate of candidates) {
		const key = normalizeKey(candidate, params.match);
		if (index.has(key)) return index.get(key);
	}
	if ('fallback' in params) return params.fallback;
	const shown = many2oneParts(value)?.[1] ?? String(value);
	const known = [...index.keys()];
	const list = known.slice(0, 10).join(', ') + (known.length > 10 ? ', …' : '');
	throw new MappingError(`"${shown}" is not in ${where} (known: ${list || 'none'})`);
}

function asString(value: unknown, what: string): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	throw new MappingError(`${JSON.stringify(value)} is not ${what}`);
}

const BOOLEAN_WORDS: Record<string, boolean> = {
	true: true,
	false: false,
	yes: true,
	no: false,
	y: true,
	n: false,
	on: true,
	off: false,
	'1': true,
	'0': false,
	si: true,
	sí: true,
};

/** Replaces Odoo's `false` (its empty value) by null, through nested objects and lists. */
function deepReplace(value: unknown, from: unknown, to: unknown): unknown {
	if (value === from) return to;
	if (Array.isArray(value)) return value.map((v) => deepReplace(v, from, to));
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepReplace(v, from, to)]));
	return value;
}

function splitList(value: unknown, separator: string): string[] {
	const items = Array.isArray(value) ? value : String(value).split(separator);
	return items.map((v) => normalizeKey(many2oneParts(v)?.[1] ?? v)).filter((v) => v !== '');
}

function dateTransform(dateOnly: boolean) {
	const params = dateOnly
		? z
				.object({
					inputFormat: z.string().optional(),
					outputFormat: z.string().optional(),
					zone: zone.optional(),
				})
				.strict()
		: z
				.object({
					inputFormat: z.string().optional(),
					inputZone: zone.optional(),
					outputFormat: z.string().optional(),
					outputZone: zone.optional(),
				})
				.strict();
	type P = {
		inputFormat?: string;
		outputFormat?: string;
		zone?: string;
		inputZone?: string;
		outputZone?: string;
	};
	return define<P>({
		summary: dateOnly
			? 'date in any format/zone ⇄ Odoo date `YYYY-MM-DD` (defaults: ISO in, Odoo out, UTC)'
			: 'datetime in any format/zone ⇄ Odoo datetime `YYYY-MM-DD HH:MM:SS` UTC (defaults: ISO in, Odoo out)',
		params,
		apply: (value, p) => {
			const inZone = (dateOnly ? p.zone : p.inputZone) ?? 'UTC';
			const outZone = (dateOnly ? p.zone : p.outputZone) ?? 'UTC';
			const dt = parseDateTime(value, p.inputFormat ?? 'iso', inZone, dateOnly);
			return formatDateTime(dt, p.outputFormat ?? 'odoo', outZone, dateOnly);
		},
		invert: (p) =>
			step(dateOnly ? 'date' : 'datetime', {
				inputFormat: p.outputFormat ?? 'odoo',
				outputFormat: p.inputFormat ?? 'iso',
				...(dateOnly
					? p.zone
						? { zone: p.zone }
						: {}
					: {
							...(p.outputZone ? { inputZone: p.outputZone } : {}),
							...(p.inputZone ? { outputZone: p.inputZone } : {}),
						}),
			}),
		odooType: () => (dateOnly ? 'Date' : 'Datetime'),
	});
}

export const TRANSFORMS: Record<string, TransformDef> = {
	number: define<{ decimalSeparator?: '.' | ',' }>({
		summary:
			'text or number → number, with the decimal separator of the locale ("1.234,56" with ",")',
		params: z.object({ decimalSeparator: separator }).strict(),
		apply: (value, p) => parseNumber(value, p.decimalSeparator),
		invert: () => step('number'),
		odooType: () => 'Float',
	}),
	integer: define<{ decimalSeparator?: '.' | ',' }>({
		summary: 'text or number → integer; a fractional value is an error',
		params: z.object({ decimalSeparator: separator }).strict(),
		apply: (value, p) => parseInteger(value, p.decimalSeparator),
		invert: () => step('integer'),
		odooType: () => 'Integer',
	}),
	money: define<{
		decimalSeparator?: '.' | ',';
		currency?: string;
		currencyFrom?: string;
		decimals?: number;
	}>({
		summary:
			"number rounded half-up to the currency's decimals (`decimals`, else `currency`, else the record's `currencyFrom`, else 2)",
		params: z
			.object({
				decimalSeparator: separator,
				currency: z
					.string()
					.regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code such as "EUR"')
					.optional(),
				currencyFrom: pathParam.optional(),
				decimals: z.number().int().min(0).max(6).optional(),
			})
			.strict(),
		apply: (value, p, ctx) => {
			const recordCurrency =
				p.currencyFrom === undefined ? undefined : getPath(ctx.record, p.currencyFrom);
			const code =
				p.currency ??
				many2oneParts(recordCurrency)?.[1] ??
				(typeof recordCurrency === 'string' ? recordCurrency : undefined);
			return roundHalfUp(
				parseNumber(value, p.decimalSeparator),
				p.decimals ?? (code ? currencyDecimals(code) : 2),
			);
		},
		invert: (p) => step('money', { ...p, decimalSeparator: undefined }),
		odooType: () => 'Float',
	}),
	boolean: define<Record<string, never>>({
		summary: 'true/false, 1/0, yes/no, y/n, on/off, sí/si → boolean; anything else is an error',
		params: z.object({}).strict(),
		apply: (value) => {
			if (typeof value === 'boolean') return value;
			const word = BOOLEAN_WORDS[String(value).trim().toLowerCase()];
			if (word === undefined) throw new MappingError(`${JSON.stringify(value)} is not a boolean`);
			return word;
		},
		invert: () => step('boolean'),
		odooType: () => 'Boolean',
		keepsFalse: () => true,
	}),
	trim: define<Record<string, never>>({
		summary: 'removes leading and trailing spaces',
		params: z.object({}).strict(),
		apply: (value) => (typeof value === 'string' ? value.trim() : value),
		invert: () => step('trim'),
	}),
	case: define<{ case: 'upper' | 'lower' | 'title' }>({
		summary: 'upper, lower or title case (reverses to a plain copy: the original case is lost)',
		params: z.object({ case: z.enum(['upper', 'lower', 'title']) }).strict(),
		apply: (value, p) => {
			const text = asString(value, 'text');
			if (p.case === 'upper') return text.toUpperCase();
			if (p.case === 'lower') return text.toLowerCase();
			return text
				.toLowerCase()
				.replace(
					/(^|[\s\-'])(\p{L})/gu,
					(_, sep: string, letter: string) => sep + letter.toUpperCase(),
				);
		},
		invert: () => [],
	}),
	splitName: define<{ separator?: string }>({
		summary:
			'display name → [first name, last name], split at the first space; `to` is a list of two paths',
		params: z.object({ separator: z.string().min(1).optional() }).strict(),
		apply: (value, p) => {
			const text = asString(value, 'a name').trim();
			const at = text.indexOf(p.separator ?? ' ');
			return at < 0
				? [text, '']
				: [text.slice(0, at).trim(), text.slice(at + (p.separator ?? ' ').length).trim()];
		},
		invert: (p) => step('joinName', p),
		arity: 'manyOut',
	}),
	joinName: define<{ separator?: string }>({
		summary: 'joins name parts (first, last...) skipping empty ones; `from` is a list of paths',
		params: z.object({ separator: z.string().min(1).optional() }).strict(),
		apply: (value, p) =>
			(value as unknown[])
				.filter(
					(part) =>
						part !== undefined && part !== null && part !== false && String(part).trim() !== '',
				)
				.map((part) => String(part).trim())
				.join(p.separator ?? ' '),
		invert: (p) => step('splitName', p),
		arity: 'manyIn',
	}),
	date: dateTransform(true),
	datetime: dateTransform(false),
	selection: define<{
		map: Record<string, string | number | boolean | null>;
		match?: 'exact' | 'loose';
		fallback?: unknown;
		inverse?: boolean;
	}>({
		summary:
			'maps values through an inline `map` (e.g. Odoo selection keys ⇄ labels); unknown values fail unless `fallback` is set',
		params: z
			.object({
				map: z.record(scalar),
				match: matchMode,
				fallback: scalar.optional(),
				inverse: z.boolean().optional(),
			})
			.strict(),
		apply: (value, p) => lookUp(p.map, value, p, 'the selection map'),
		invert: (p) => step('selection', { map: p.map, match: p.match, inverse: !p.inverse }),
		keepsFalse: (p) => indexTable(p.map, p.inverse ?? false, p.match).has('false'),
		odooType: () => 'Selection',
	}),
	lookup: define<{
		table: string;
		match?: 'exact' | 'loose';
		fallback?: unknown;
		inverse?: boolean;
	}>({
		summary:
			'maps values through a named table of the spec (categories, taxes, stage↔state, country code → id); `inverse` reads it right to left',
		params: z
			.object({
				table: z.string().min(1),
				match: matchMode,
				fallback: scalar.optional(),
				inverse: z.boolean().optional(),
			})
			.strict(),
		apply: (value, p, ctx) =>
			lookUp(ctx.tables[p.table], value, p, `table "${p.table}"${p.inverse ? ' (reversed)' : ''}`),
		invert: (p) => step('lookup', { table: p.table, match: p.match, inverse: !p.inverse }),
		keepsFalse: (p, tables) =>
			indexTable(tables[p.table], p.inverse ?? false, p.match).has('false'),
	}),
	many2one: define<{ model: string; keyField?: string; context?: Record<string, unknown> }>({
		summary:
			'a name, code or key → the Odoo id of the record of `model` whose `keyField` (default name) equals it; resolved in bulk',
		params: z
			.object({
				model: z.string().min(1),
				keyField: z.string().min(1).optional(),
				context: z.record(z.unknown()).optional(),
			})
			.strict(),
		apply: (value, p, ctx) => {
			const m2o = many2oneParts(value);
			if (m2o) return m2o[0];
			const key = normalizeKey(value);
			const keyField = p.keyField ?? 'name';
			return ctx.relation({ model: p.model, keyField, context: p.context }, [key], (ids) => {
				const id = ids.get(key);
				if (id === undefined) throw new MappingError(`no ${p.model} has ${keyField} "${key}"`);
				return id;
			});
		},
		invert: (p) =>
			(p.keyField ?? 'name') === 'name'
				? step('many2oneName', { model: p.model })
				: `Odoo reads a many2one as [id, name], so its ${p.keyField} cannot be recovered`,
		odooType: (p) => `Many2one (related model ${p.model})`,
		deferred: true,
	}),
	many2many: define<{
		model: string;
		keyField?: string;
		command?: 'replace' | 'link';
		separator?: string;
		context?: Record<string, unknown>;
	}>({
		summary:
			'a list (or "a, b" text) of names/keys → x2many commands `[[6,0,ids]]` (replace) or `[[4,id],…]` (link); resolved in bulk',
		params: z
			.object({
				model: z.string().min(1),
				keyField: z.string().min(1).optional(),
				command: z.enum(['replace', 'link']).optional(),
				separator: z.string().min(1).optional(),
				context: z.record(z.unknown()).optional(),
			})
			.strict(),
		apply: (value, p, ctx) => {
			const keys = [...new Set(splitList(value, p.separator ?? ','))];
			const keyField = p.keyField ?? 'name';
			return ctx.relation({ model: p.model, keyField, context: p.context }, keys, (ids) => {
				const missing = keys.filter((k) => !ids.has(k));
				if (missing.length)
					throw new MappingError(
						`no ${p.model} has ${keyField} ${missing.map((m) => `"${m}"`).join(', ')}`,
					);
				const resolved = keys.map((k) => ids.get(k)!);
				return p.command === 'link' ? resolved.map(Command.link) : [Command.set(resolved)];
			});
		},
		invert: () =>
			'Odoo reads a many2many as bare ids; read the related names in the workflow instead',
		odooType: (p) => `Many2many (related model ${p.model})`,
		deferred: true,
	}),
	many2oneName: define<{ model?: string }>({
		summary:
			'Odoo many2one `[id, "name"]` → "name" (reverses to many2one by name when `model` is given)',
		params: z.object({ model: z.string().min(1).optional() }).strict(),
		apply: (value) => {
			const m2o = many2oneParts(value);
			if (m2o) return m2o[1];
			if (typeof value === 'string') return value;
			throw new MappingError(`${JSON.stringify(value)} is not a many2one value [id, "name"]`);
		},
		invert: (p) =>
			p.model
				? step('many2one', { model: p.model })
				: 'set "model" so the name can be resolved back to an id',
	}),
	many2oneId: define<Record<string, never>>({
		summary:
			'Odoo many2one `[id, "name"]` → id (reverses to a plain copy: Odoo writes many2ones as ids)',
		params: z.object({}).strict(),
		apply: (value) => {
			const m2o = many2oneParts(value);
			if (m2o) return m2o[0];
			if (typeof value === 'number') return value;
			throw new MappingError(`${JSON.stringify(value)} is not a many2one value [id, "name"]`);
		},
		invert: () => [],
	}),
	image: define<{ maxBytes?: number }>({
		summary:
			'image URL → base64 for `image_1920`; checks content type and file signature, `maxBytes` caps the size (default 10 MB)',
		params: z.object({ maxBytes: z.number().int().positive().optional() }).strict(),
		apply: (value, p, ctx) => {
			const url = asString(value, 'an image URL').trim();
			if (!/^https?:\/\//i.test(url)) throw new MappingError(`"${url}" is not an http(s) URL`);
			return ctx.image(url, p.maxBytes ?? 10 * 1024 * 1024);
		},
		invert: () => 'a downloaded image has no URL to go back to',
		odooType: () => 'Image',
		deferred: true,
	}),
	phone: define<{ countryCode: string; trunkPrefix?: string }>({
		summary:
			'phone → `+<country code><number>`; numbers without + or 00 get `countryCode` and lose one leading `trunkPrefix` (default "0")',
		params: z
			.object({
				countryCode: z.string().regex(/^\d{1,3}$/, 'expected a calling code such as "34"'),
				trunkPrefix: z.string().regex(/^\d*$/).optional(),
			})
			.strict(),
		apply: (value, p) => normalizePhone(value, p.countryCode, p.trunkPrefix),
		invert: (p) => step('phone', p),
	}),
	falseToNull: define<Record<string, never>>({
		summary: "Odoo's empty value `false` → null, also inside lists and objects",
		params: z.object({}).strict(),
		apply: (value) => deepReplace(value, false, null),
		invert: () => step('nullToFalse'),
	}),
	nullToFalse: define<Record<string, never>>({
		summary: 'null → `false`, the way Odoo writes an empty value, also inside lists and objects',
		params: z.object({}).strict(),
		apply: (value) => deepReplace(value, null, false),
		invert: () => step('falseToNull'),
	}),
	each: define<{ fields: unknown[] }>({
		summary: 'maps every record of a list (e.g. order lines → items) with nested `fields`',
		params: z.object({ fields: z.array(z.unknown()) }).strict(),
		apply: (value, p, ctx) => {
			if (!Array.isArray(value))
				throw new MappingError(`${JSON.stringify(value)} is not a list of records`);
			if (value.some((v) => v === null || typeof v !== 'object' || Array.isArray(v))) {
				throw new MappingError(
					'holds ids or values, not records: read the related records first and put them in the item',
				);
			}
			return ctx.mapNested(value as Record<string, unknown>[], p.fields);
		},
		// Nested fields are reversed by the spec reversal itself, which knows about fields.
		invert: (p) => step('each', p),
	}),
};
