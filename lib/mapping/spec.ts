import { z } from 'zod';
import { checkExpression } from './expression';
import { parsePath } from './path';
import type { Step } from './transforms';
import { TRANSFORMS } from './transforms';
import type { LookupTables } from './types';

export const FIELD_TYPES = ['direct', 'transform', 'custom', 'constant', 'expression'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Field properties that are not transform parameters; every other property of a field is a parameter of its transform. */
const FIELD_KEYS = new Set([
	'from',
	'to',
	'type',
	'transform',
	'then',
	'value',
	'expression',
	'required',
	'default',
	'priority',
	'is_active',
	'bidirectional',
	'description',
]);

export interface FieldSpec {
	from?: string | string[];
	to: string | string[];
	type: FieldType;
	transform?: string;
	then?: Record<string, unknown>;
	value?: unknown;
	expression?: string;
	required?: boolean;
	default?: unknown;
	priority?: number;
	is_active?: boolean;
	bidirectional?: boolean;
	description?: string;
	[param: string]: unknown;
}

export interface MappingSpec {
	name?: string;
	description?: string;
	source: string;
	target: string;
	model?: string;
	key?: string[];
	fields: FieldSpec[];
	tables?: LookupTables;
	where?: Record<string, Array<string | number | boolean | null>>;
	bidirectional?: boolean;
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], {
	errorMap: () => ({ message: 'expected text, a number, true/false or null' }),
});
const paths = z.union(
	[z.string(), z.array(z.string()).min(2, 'a list of paths needs at least two')],
	{
		errorMap: (_, ctx) => ({
			message: ctx.data === undefined ? 'Required' : 'expected a path or a list of paths',
		}),
	},
);

const fieldShape = z
	.object({
		from: paths.optional(),
		to: paths,
		type: z.string(),
		transform: z.string().optional(),
		then: z.record(z.unknown()).optional(),
		value: z.unknown().optional(),
		expression: z.string().optional(),
		required: z.boolean().optional(),
		default: z.unknown().optional(),
		priority: z.number().optional(),
		is_active: z.boolean().optional(),
		bidirectional: z.boolean().optional(),
		description: z.string().optional(),
	})
	.passthrough();

const specShape = z
	.object({
		name: z.string().optional(),
		description: z.string().optional(),
		source: z.string().min(1),
		target: z.string().min(1),
		model: z.string().min(1).optional(),
		key: z.array(z.string().min(1)).optional(),
		fields: z.array(fieldShape).min(1, 'a mapping needs at least one field'),
		tables: z.record(z.record(scalar)).optional(),
		where: z.record(z.array(scalar)).optional(),
		bidirectional: z.boolean().optional(),
	})
	.strict();

/** The transform chain of a field: its `transform` (parameters inline) followed by each `then`. */
export function stepsOf(node: Record<string, unknown>, topLevel = true): Step[] {
	if (typeof node.transform !== 'string') return [];
	const params: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(node)) {
		if (k === 'transform' || k === 'then' || (topLevel && FIELD_KEYS.has(k))) continue;
		params[k] = v;
	}
	const then =
		node.then && typeof node.then === 'object'
			? stepsOf(node.then as Record<string, unknown>, false)
			: [];
	return [{ transform: node.transform, params }, ...then];
}

function stepNode(steps: Step[]): Record<string, unknown> {
	const [first, ...rest] = steps;
	const params = Object.fromEntries(
		Object.entries(first.params).filter(([, v]) => v !== undefined),
	);
	return {
		transform: first.transform,
		...params,
		...(rest.length ? { then: stepNode(rest) } : {}),
	};
}

/** The field with its chain replaced (used by reversal). */
export function withSteps(field: FieldSpec, steps: Step[]): FieldSpec {
	const base = Object.fromEntries(
		Object.entries(field).filter(([k]) => FIELD_KEYS.has(k) && k !== 'transform' && k !== 'then'),
	) as FieldSpec;
	return steps.length ? { ...base, ...stepNode(steps) } : base;
}

/** The side of a custom field that lives in Odoo, or undefined when neither side is Odoo. */
export function odooSideOf(
	spec: Pick<MappingSpec, 'source' | 'target'>,
	field: FieldSpec,
): string | undefined {
	const side = spec.target === 'odoo' ? field.to : spec.source === 'odoo' ? field.from : undefined;
	return typeof side === 'string' ? side : undefined;
}

export function asList(paths: string | string[] | undefined): string[] {
	return paths === undefined ? [] : Array.isArray(paths) ? paths : [paths];
}

type Issue = { path: (string | number)[]; message: string };

class Checker {
	readonly issues: Issue[] = [];
	constructor(
		private readonly spec: z.infer<typeof specShape>,
		private readonly tables: LookupTables,
	) {}

	add(path: (string | number)[], message: string) {
		const text = formatPath(path);
		if (!this.issues.some((i) => i.message === message && formatPath(i.path) === text))
			this.issues.push({ path, message });
	}

	paths(value: unknown, path: (string | number)[]) {
		asList(value as string | string[] | undefined).forEach((p, i) => {
			const parsed = parsePath(p);
			if (typeof parsed === 'string') this.add(Array.isArray(value) ? [...path, i] : path, parsed);
		});
	}

	field(raw: Record<string, unknown>, path: (string | number)[], nested: boolean) {
		const field = raw as FieldSpec;
		if (!(FIELD_TYPES as readonly string[]).includes(field.type)) {
			return this.add(
				[...path, 'type'],
				`unknown type "${field.type}" (expected ${FIELD_TYPES.join(', ')})`,
			);
		}
		this.paths(field.to, [...path, 'to']);
		this.paths(field.from, [...path, 'from']);
		const needsFrom =
			field.type === 'direct' || field.type === 'transform' || field.type === 'custom';
		if (needsFrom && field.from === undefined)
			this.add([...path, 'from'], `required for a "${field.type}" field`);
		if (field.type === 'constant' && !('value' in field))
			this.add([...path, 'value'], 'required for a "constant" field');
		if (field.type === 'expression') {
			if (field.expression === undefined)
				this.add([...path, 'expression'], 'required for an "expression" field');
			else {
				const problem = checkExpression(field.expression);
				if (problem) this.add([...path, 'expression'], problem);
			}
		}
		if (field.type === 'transform' && field.transform === undefined)
			this.add([...path, 'transform'], 'required for a "transform" field');
		if ((field.type === 'direct' || field.type === 'constant') && field.transform !== undefined) {
			this.add(
				[...path, 'transform'],
				`a "${field.type}" field takes no transform; use type "transform"`,
			);
		}
		if (field.type === 'custom') this.custom(field, path, nested);
		this.chain(field, path);
	}

	private custom(field: FieldSpec, path: (string | number)[], nested: boolean) {
		if (nested)
			return this.add(
				[...path, 'type'],
				'custom fields are checked on the mapping\'s model only; use "direct" in nested fields',
			);
		const side =
			this.spec.target === 'odoo' ? 'to' : this.spec.source === 'odoo' ? 'from' : undefined;
		if (!side)
			return this.add(
				[...path, 'type'],
				'a "custom" field needs "odoo" as the source or the target',
			);
		const name = odooSideOf(this.spec, field);
		if (name !== undefined && !name.startsWith('x_'))
			this.add(
				[...path, side],
				`custom fields are Odoo "x_" fields; "${name}" does not start with x_`,
			);
		if (!this.spec.model) this.add(['model'], 'required when the mapping has custom fields');
	}

	private chain(field: FieldSpec, path: (string | number)[]) {
		const steps = stepsOf(field);
		let at = path;
		steps.forEach((step, i) => {
			const def = TRANSFORMS[step.transform];
			if (!def) return this.add([...at, 'transform'], `unknown transform "${step.transform}"`);
			const parsed = def.params.safeParse(step.params);
			if (!parsed.success) {
				for (const issue of parsed.error.issues) {
					if (issue.code === 'unrecognized_keys')
						issue.keys.forEach((k) =>
							this.add([...at, k], `unknown parameter of transform "${step.transform}"`),
						);
					else this.add([...at, ...issue.path], issue.message);
				}
			}
			if (def.deferred && i < steps.length - 1)
				this.add([...at, 'then'], `"${step.transform}" must be the last transform of a chain`);
			if (def.arity === 'manyIn' && (i > 0 || !Array.isArray(field.from)))
				this.add(
					[...at, 'transform'],
					`"${step.transform}" must come first and read a list of paths in "from"`,
				);
			if (def.arity === 'manyOut' && (i < steps.length - 1 || !Array.isArray(field.to)))
				this.add(
					[...at, 'transform'],
					`"${step.transform}" must come last and write a list of paths in "to"`,
				);
			if (step.transform === 'lookup' && parsed.success) {
				const table = String(step.params.table);
				if (!this.tables[table])
					this.add(
						[...at, 'table'],
						`unknown table "${table}" (tables: ${Object.keys(this.tables).join(', ') || 'none'})`,
					);
			}
			if (step.transform === 'each' && Array.isArray(step.params.fields)) {
				step.params.fields.forEach((nested, j) =>
					this.fieldOrShape(nested, [...at, 'fields', j], true),
				);
			}
			at = [...at, 'then'];
		});
		if (Array.isArray(field.from) && TRANSFORMS[steps[0]?.transform]?.arity !== 'manyIn')
			this.add(
				[...path, 'from'],
				'a list of paths needs a transform that reads several values, such as joinName',
			);
		if (
			Array.isArray(field.to) &&
			TRANSFORMS[steps[steps.length - 1]?.transform]?.arity !== 'manyOut'
		)
			this.add(
				[...path, 'to'],
				'a list of paths needs a transform that writes several values, such as splitName',
			);
	}

	fieldOrShape(raw: unknown, path: (string | number)[], nested: boolean) {
		const parsed = fieldShape.safeParse(raw);
		if (!parsed.success)
			parsed.error.issues.forEach((issue) => this.add([...path, ...issue.path], issue.message));
		else this.field(parsed.data, path, nested);
	}

	keysAndFilters() {
		const targets = new Set(
			this.spec.fields.filter((f) => f.is_active !== false).flatMap((f) => asList(f.to)),
		);
		this.spec.key?.forEach((k, i) => {
			if (!targets.has(k)) this.add(['key', i], `"${k}" is not the target of any active field`);
		});
		for (const path of Object.keys(this.spec.where ?? {})) this.paths(path, ['where', path]);
	}
}

/** `fields[3].transform`: the notation users see in their JSON. */
export function formatPath(path: (string | number)[]): string {
	return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** An invalid mapping. `issues` lists every problem; the message shows them one per line, each with its path. */
export class MappingSpecError extends Error {
	constructor(
		readonly issues: Issue[],
		readonly zodError?: z.ZodError,
	) {
		super(
			issues
				.map((i) => (i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message))
				.join('\n'),
		);
		this.name = 'MappingSpecError';
	}
}

function zodIssues(error: z.ZodError): Issue[] {
	return error.issues.map((issue) =>
		issue.code === 'unrecognized_keys'
			? {
					path: issue.path,
					message: `unknown propert${issue.keys.length > 1 ? 'ies' : 'y'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
				}
			: { path: issue.path, message: issue.message },
	);
}

function parseJson(text: string, path: (string | number)[], what: string): unknown {
	let problem: string | undefined;
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem !== undefined) throw new MappingSpecError([{ path, message: `${what}: ${problem}` }]);
	return value;
}

export interface ParseOptions {
	/** Tables supplied outside the spec (the node's table parameter); they win over the spec's own. */
	tables?: LookupTables;
}

/**
 * Validates a mapping (an object or its JSON text) and returns it typed, with
 * run-time tables merged in. Throws MappingSpecError before any item is mapped.
 */
export function parseMappingSpec(input: unknown, options: ParseOptions = {}): MappingSpec {
	const raw =
		typeof input === 'string' ? parseJson(input, [], 'the mapping is not valid JSON') : input;
	const parsed = specShape.safeParse(raw);
	if (!parsed.success) throw new MappingSpecError(zodIssues(parsed.error), parsed.error);
	const tables = { ...parsed.data.tables, ...options.tables };
	const checker = new Checker(parsed.data, tables);
	parsed.data.fields.forEach((field, i) => checker.field(field, ['fields', i], false));
	checker.keysAndFilters();
	if (checker.issues.length) {
		const zodError = new z.ZodError(
			checker.issues.map((i) => ({
				code: z.ZodIssueCode.custom,
				path: i.path,
				message: i.message,
			})),
		);
		throw new MappingSpecError(checker.issues, zodError);
	}
	return { ...(parsed.data as MappingSpec), ...(Object.keys(tables).length ? { tables } : {}) };
}

const tablesShape = z.record(z.record(scalar));

/** Validates lookup tables given outside a spec (an object or its JSON text): table name → key → value. */
export function parseTables(input: unknown): LookupTables {
	const raw = typeof input === 'string' ? parseJson(input, ['tables'], 'not valid JSON') : input;
	const parsed = tablesShape.safeParse(raw);
	if (!parsed.success)
		throw new MappingSpecError(
			zodIssues(parsed.error).map((i) => ({ ...i, path: ['tables', ...i.path] })),
			parsed.error,
		);
	return parsed.data;
}

/** Tables from key/value rows; whole numbers become numbers, since they are usually Odoo ids. */
export function tablesFromRows(
	rows: Array<{ table: string; key: string; value: string }>,
): LookupTables {
	const tables: LookupTables = {};
	for (const { table, key, value } of rows)
		(tables[table] ??= {})[key] = /^-?(0|[1-9]\d*)$/.test(value) ? Number(value) : value;
	return tables;
}
