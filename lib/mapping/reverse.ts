import { isPlainPath } from './expression';
import type { FieldSpec, MappingSpec } from './spec';
import { asList, stepsOf, withSteps } from './spec';
import type { Step } from './transforms';
import { TRANSFORMS } from './transforms';
import { MappingConfigError } from './types';

export interface IrreversibleField {
	/** The field as named in the forward spec (its `to`), or `key …` / `where`. */
	field: string;
	reason: string;
}

export interface ReversedMapping {
	spec: MappingSpec;
	/** What the reversed spec leaves out, and why. */
	irreversible: IrreversibleField[];
}

type Reversal = { field: FieldSpec } | { reason: string };

function omit<T extends object>(value: T, keys: string[]): T {
	return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as T;
}

function invertSteps(
	steps: Step[],
	prefix: string,
	irreversible: IrreversibleField[],
): Step[] | string {
	const inverted: Step[] = [];
	for (const step of [...steps].reverse()) {
		if (step.transform === 'each') {
			const nested = reverseFields(step.params.fields as FieldSpec[], prefix, irreversible);
			inverted.push({ transform: 'each', params: { fields: nested } });
			continue;
		}
		const result = TRANSFORMS[step.transform].invert(step.params);
		if (typeof result === 'string') return `${step.transform}: ${result}`;
		inverted.push(...result);
	}
	return inverted;
}

function reverseField(
	field: FieldSpec,
	label: string,
	irreversible: IrreversibleField[],
): Reversal {
	if (field.bidirectional === false) return { reason: 'marked "bidirectional": false' };
	if (field.type === 'constant') return { reason: 'a constant has no source value to go back to' };
	let from = field.from;
	if (field.type === 'expression') {
		if (!isPlainPath(field.expression!))
			return { reason: 'a template or fallback expression cannot be reversed' };
		from = field.expression;
	}
	const steps = invertSteps(stepsOf(field), `${label}[].`, irreversible);
	if (typeof steps === 'string') return { reason: steps };
	const kept = omit(field, ['default', 'expression']);
	const type = field.type === 'custom' ? 'custom' : steps.length ? 'transform' : 'direct';
	return { field: withSteps({ ...kept, type, from: field.to, to: from! }, steps) };
}

function reverseFields(
	fields: FieldSpec[],
	prefix: string,
	irreversible: IrreversibleField[],
): FieldSpec[] {
	const reversed: FieldSpec[] = [];
	for (const field of fields.filter((f) => f.is_active !== false)) {
		const label = prefix + asList(field.to).join(' + ');
		const result = reverseField(field, label, irreversible);
		if ('reason' in result) irreversible.push({ field: label, reason: result.reason });
		else reversed.push(result.field);
	}
	return reversed;
}

/**
 * Turns a bidirectional spec around: source ⇄ target, from ⇄ to, each
 * transform chain inverted step by step. Defaults are dropped (they are values
 * of the old target). Fields that cannot be inverted are left out and listed.
 */
export function reverseSpec(spec: MappingSpec): ReversedMapping {
	if (!spec.bidirectional) {
		throw new MappingConfigError(
			`The mapping ${spec.name ? `"${spec.name}" ` : ''}(${spec.source} → ${spec.target}) is not bidirectional; set "bidirectional": true to use it in reverse`,
		);
	}
	const irreversible: IrreversibleField[] = [];
	const fields = reverseFields(spec.fields, '', irreversible);
	const key: string[] = [];
	for (const k of spec.key ?? []) {
		const forward = spec.fields.find((f) => f.is_active !== false && f.to === k);
		const back = forward && fields.find((f) => f.from === k);
		if (back && typeof back.to === 'string') key.push(back.to);
		else irreversible.push({ field: `key ${k}`, reason: 'its field cannot be reversed' });
	}
	if (spec.where)
		irreversible.push({ field: 'where', reason: 'filters are written on the source shape' });
	const rest = omit(spec, ['where', 'key']);
	return {
		spec: {
			...rest,
			source: spec.target,
			target: spec.source,
			fields,
			...(key.length ? { key } : {}),
		},
		irreversible,
	};
}
