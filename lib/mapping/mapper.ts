import { evaluateExpression, isEmpty } from './expression';
import { downloadImage } from './image';
import { compactArrays, getPath, setPath } from './path';
import type { FieldSpec, MappingSpec } from './spec';
import { asList, odooSideOf, stepsOf } from './spec';
import type { RelationRequest, Settled, Step, TransformContext } from './transforms';
import { Pending, TRANSFORMS, many2oneParts } from './transforms';
import type { LookupTables, MapperDeps } from './types';
import { MappingConfigError, MappingError } from './types';

/** Which target fields an item got, and why the others are missing. Paths are target paths. */
export interface MappingMeta {
	set: string[];
	skipped: string[];
	defaulted: string[];
}

export type ItemResult =
	| { status: 'mapped'; values: Record<string, unknown>; meta: MappingMeta }
	| { status: 'failed'; error: MappingError }
	| { status: 'filtered'; reason: string };

export interface Mapper {
	readonly spec: MappingSpec;
	/** Maps a batch: one resolver call per relation, then every item settles. Never throws for a bad item. */
	map(records: Record<string, unknown>[]): Promise<ItemResult[]>;
	/** Checks the mapping's custom fields exist in Odoo (once per mapper); throws MappingConfigError naming how to create them. */
	checkCustomFields(): Promise<void>;
}

const IMAGE_CONCURRENCY = 4;

function describeSource(field: FieldSpec): string {
	if (field.type === 'expression') return `"${field.expression}"`;
	return asList(field.from)
		.map((p) => `"${p}"`)
		.join(' + ');
}

function labelOf(prefix: string, to: string | string[]): string {
	return prefix + asList(to).join(' + ');
}

/** Adds the field to an error raised by a transform; errors from nested fields already name theirs. */
function onField(error: unknown, label: string, field: FieldSpec): never {
	if (error instanceof MappingError && error.field) throw error;
	const message = error instanceof Error ? error.message : String(error);
	throw new MappingError(`Field "${label}" (from ${describeSource(field)}): ${message}`, label);
}

/** Collects what a batch needs from the network, so each relation is searched once. */
class BatchNeeds {
	readonly relations = new Map<string, { request: RelationRequest; keys: Set<string> }>();
	readonly images = new Map<string, number>();

	static relationKey(r: RelationRequest): string {
		return JSON.stringify([r.model, r.keyField, r.context ?? {}]);
	}

	addRelation(request: RelationRequest, keys: string[]) {
		const id = BatchNeeds.relationKey(request);
		const entry = this.relations.get(id) ?? { request, keys: new Set<string>() };
		keys.forEach((k) => entry.keys.add(k));
		this.relations.set(id, entry);
	}

	async settle(deps: MapperDeps): Promise<Settled> {
		const relations = new Map<string, Map<string, number>>();
		if (this.relations.size && !deps.resolver) {
			const models = [...this.relations.values()].map((r) => r.request.model).join(', ');
			throw new MappingConfigError(
				`Resolving many2one values (${models}) needs an Odoo connection: add an Odoo credential to the mapper`,
			);
		}
		await Promise.all(
			[...this.relations].map(async ([id, { request, keys }]) => {
				relations.set(
					id,
					await deps.resolver!.resolve(request.model, request.keyField, [...keys], request.context),
				);
			}),
		);
		const images = new Map<string, string | MappingError>();
		const urls = [...this.images];
		if (urls.length && !deps.fetchBinary)
			throw new MappingConfigError(
				'Downloading images needs a fetch function (the node provides one)',
			);
		for (let i = 0; i < urls.length; i += IMAGE_CONCURRENCY) {
			await Promise.all(
				urls.slice(i, i + IMAGE_CONCURRENCY).map(async ([url, maxBytes]) => {
					images.set(
						url,
						await downloadImage(deps.fetchBinary!, url, maxBytes).catch((e: MappingError) => e),
					);
				}),
			);
		}
		return {
			relation: (request) => relations.get(BatchNeeds.relationKey(request))!,
			image: (url) => {
				const result = images.get(url)!;
				if (result instanceof MappingError) throw result;
				return result;
			},
		};
	}
}

/** Whatever goes wrong while mapping an item (even an unexpected TypeError on odd data) fails that item only. */
function failure(error: unknown): ItemResult {
	return {
		status: 'failed',
		error:
			error instanceof MappingError
				? error
				: new MappingError(error instanceof Error ? error.message : String(error)),
	};
}

function replacePending(value: unknown, settled: Settled): unknown {
	if (value instanceof Pending) return value.settle(settled);
	if (Array.isArray(value)) return value.map((v) => replacePending(v, settled));
	if (value !== null && typeof value === 'object') {
		for (const [k, v] of Object.entries(value))
			(value as Record<string, unknown>)[k] = replacePending(v, settled);
	}
	return value;
}

function whereFailure(spec: MappingSpec, record: Record<string, unknown>): string | undefined {
	for (const [path, allowed] of Object.entries(spec.where ?? {})) {
		const raw = getPath(record, path);
		const value = many2oneParts(raw)?.[0] ?? raw;
		if (!allowed.some((a) => a === value || String(a) === String(value))) {
			return `${path} is ${JSON.stringify(value)}, not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
		}
	}
	return undefined;
}

export function createMapper(spec: MappingSpec, deps: MapperDeps = {}): Mapper {
	const tables: LookupTables = { ...spec.tables, ...deps.tables };
	const fromOdoo = spec.source === 'odoo';
	let customCheck: Promise<void> | undefined;

	/**
	 * Empty means: nothing to write. Odoo reads "no value" as false, except in
	 * boolean fields, so false is a value only where the first transform says it
	 * takes one (boolean, or a selection/lookup with a `false` key).
	 */
	function blank(value: unknown, steps: Step[]): boolean {
		const first = steps[0] && TRANSFORMS[steps[0].transform];
		if (Array.isArray(value) && first?.arity === 'manyIn') return value.every((v) => blank(v, []));
		return (
			isEmpty(value) ||
			(fromOdoo && value === false && !first?.keepsFalse?.(steps[0].params, tables))
		);
	}

	function read(record: Record<string, unknown>, field: FieldSpec): unknown {
		if (field.type === 'constant') return field.value;
		if (field.type === 'expression')
			return evaluateExpression(record, field.expression!, (v) => blank(v, []));
		return Array.isArray(field.from)
			? field.from.map((p) => getPath(record, p))
			: getPath(record, field.from!);
	}

	function mapFields(
		record: Record<string, unknown>,
		fields: FieldSpec[],
		prefix: string,
		needs: BatchNeeds,
		meta: MappingMeta,
	) {
		const values: Record<string, unknown> = {};
		const active = fields
			.filter((f) => f.is_active !== false)
			.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
		for (const field of active) {
			const label = labelOf(prefix, field.to);
			const steps = stepsOf(field);
			let value = read(record, field);
			if (field.type !== 'constant' && blank(value, steps)) {
				if ('default' in field) {
					asList(field.to).forEach((to) => setPath(values, to, field.default));
					meta.defaulted.push(label);
				} else if (field.required) {
					throw new MappingError(
						`Field "${label}" is required but ${describeSource(field)} is empty`,
						label,
					);
				} else meta.skipped.push(label);
				continue;
			}
			const ctx = contextFor(record, label, field, needs, meta);
			try {
				for (const step of steps) value = TRANSFORMS[step.transform].apply(value, step.params, ctx);
			} catch (error) {
				onField(error, label, field);
			}
			if (!Array.isArray(field.to)) {
				setPath(values, field.to, value);
				meta.set.push(label);
				continue;
			}
			field.to.forEach((to, i) => {
				const part = (value as unknown[])[i];
				if (isEmpty(part)) meta.skipped.push(prefix + to);
				else {
					setPath(values, to, part);
					meta.set.push(prefix + to);
				}
			});
		}
		return values;
	}

	function contextFor(
		record: Record<string, unknown>,
		label: string,
		field: FieldSpec,
		needs: BatchNeeds,
		meta: MappingMeta,
	): TransformContext {
		const guarded = (settle: (s: Settled) => unknown) =>
			new Pending((settled) => {
				try {
					return settle(settled);
				} catch (error) {
					return onField(error, label, field);
				}
			});
		return {
			record,
			tables,
			relation: (request, keys, build) => {
				needs.addRelation(request, keys);
				return guarded((s) => build(s.relation(request)));
			},
			image: (url, maxBytes) => {
				needs.images.set(url, Math.min(maxBytes, needs.images.get(url) ?? Infinity));
				return guarded((s) => s.image(url));
			},
			mapNested: (records, nestedFields) =>
				records.map((nested, i) => {
					// Nested fields report what they set under their list path, e.g. items[0].sku.
					const nestedMeta: MappingMeta = { set: [], skipped: [], defaulted: [] };
					const out = mapFields(
						nested,
						nestedFields as FieldSpec[],
						`${label}[${i}].`,
						needs,
						nestedMeta,
					);
					meta.skipped.push(...nestedMeta.skipped);
					meta.defaulted.push(...nestedMeta.defaulted);
					return out;
				}),
		};
	}

	async function checkCustomFields(): Promise<void> {
		const custom = spec.fields.filter((f) => f.type === 'custom' && f.is_active !== false);
		if (!custom.length || !deps.fieldsGet) return;
		const model = spec.model!;
		const named = custom.map((field) => ({ field, name: odooSideOf(spec, field)! }));
		const existing = await deps.fieldsGet(
			model,
			named.map((n) => n.name),
		);
		const problems = named
			.filter(({ name }) => !(name in existing))
			.map(({ field, name }) => {
				const steps = stepsOf(field);
				const last = steps[steps.length - 1];
				const type = last ? (TRANSFORMS[last.transform].odooType?.(last.params) ?? 'Char') : 'Char';
				return `Custom field "${name}" does not exist on ${model}. Create it in Settings › Technical › Database Structure › Fields (developer mode) or with Studio: model ${model}, field name ${name}, type ${type}.`;
			});
		if (problems.length) throw new MappingConfigError(problems.join('\n'));
	}

	return {
		spec,
		checkCustomFields: () => (customCheck ??= checkCustomFields()),
		async map(records) {
			await (customCheck ??= checkCustomFields());
			const needs = new BatchNeeds();
			const firstPass = records.map((record): ItemResult => {
				const reason = whereFailure(spec, record);
				if (reason) return { status: 'filtered', reason };
				const meta: MappingMeta = { set: [], skipped: [], defaulted: [] };
				try {
					return {
						status: 'mapped',
						values: mapFields(record, spec.fields, '', needs, meta),
						meta,
					};
				} catch (error) {
					return failure(error);
				}
			});
			const settled = await needs.settle(deps);
			return firstPass.map((result) => {
				if (result.status !== 'mapped') return result;
				try {
					return {
						...result,
						values: compactArrays(replacePending(result.values, settled)) as Record<
							string,
							unknown
						>,
					};
				} catch (error) {
					return failure(error);
				}
			});
		},
	};
}
