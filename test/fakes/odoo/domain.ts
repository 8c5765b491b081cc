/**
 * Odoo domains evaluated in memory: prefix `&`, `|`, `!` (Polish notation, implicit AND),
 * every term operator, dotted paths through relations, `any` / `not any` (17+),
 * `child_of` / `parent_of`, many2one compared by id or by name.
 */
import { OdooError } from './errors';
import type { ModelDef } from './schema';
import type { Raw } from './store';
import { pyRepr } from './values';

export interface DomainHost {
	readonly v19: boolean;
	def(model: string): ModelDef;
	records(model: string): Iterable<Raw>;
	get(model: string, rec: Raw, field: string): unknown;
	searchIds(model: string, domain: unknown[], context: Record<string, unknown>): number[];
}

type Pred = (rec: Raw) => boolean;

const TERM_OPERATORS = new Set([
	'=',
	'!=',
	'<=',
	'<',
	'>',
	'>=',
	'=?',
	'=like',
	'=ilike',
	'like',
	'not like',
	'ilike',
	'not ilike',
	'in',
	'not in',
	'child_of',
	'parent_of',
	'any',
	'not any',
]);
const NEGATIVE: Record<string, string> = {
	'!=': '=',
	'not like': 'like',
	'not ilike': 'ilike',
	'not in': 'in',
	'not any': 'any',
};
const RELATIONAL = new Set(['many2one', 'one2many', 'many2many']);

const isEmpty = (v: unknown): boolean => v === false || v === null || v === undefined || v === '';

function likeRegex(pattern: string, wrap: boolean, ci: boolean): RegExp {
	let re = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\' && i + 1 < pattern.length)
			re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		else if (c === '%') re += '[\\s\\S]*';
		else if (c === '_') re += '[\\s\\S]';
		else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	return new RegExp(wrap ? `^[\\s\\S]*${re}[\\s\\S]*$` : `^${re}$`, ci ? 'i' : '');
}

/** One scalar comparison with SQL-like semantics (NULL never matches a positive operator). */
function compare(op: string, raw: unknown, value: unknown): boolean {
	switch (op) {
		case '=?':
			return isEmpty(value) && value !== '' ? true : compare('=', raw, value);
		case '=':
			if (value === false || value === null) return isEmpty(raw);
			return !isEmpty(raw) && raw === value;
		case '!=':
			if (value === false || value === null) return !isEmpty(raw);
			return isEmpty(raw) || raw !== value;
		case 'in': {
			const list = Array.isArray(value) ? value : [value];
			return list.some((v) => compare('=', raw, v));
		}
		case 'not in':
			return !compare('in', raw, value);
		case '<':
		case '>':
		case '<=':
		case '>=': {
			if (isEmpty(raw) || isEmpty(value)) return false;
			const [a, b] = [raw as number | string, value as number | string];
			return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
		}
		default: {
			// like family
			const negative = op.startsWith('not ');
			const base = negative ? op.slice(4) : op;
			if (isEmpty(raw)) return negative;
			const re = likeRegex(String(value ?? ''), !base.startsWith('='), base.endsWith('ilike'));
			return re.test(String(raw)) !== negative;
		}
	}
}

export class DomainEngine {
	constructor(private readonly host: DomainHost) {}

	compile(model: string, domain: unknown[], context: Record<string, unknown>): Pred {
		if (!Array.isArray(domain))
			throw new OdooError('ValueError', `Invalid domain ${pyRepr(domain)}`);
		let i = 0;
		const expr = (): Pred => {
			if (i >= domain.length) {
				throw new OdooError('ValueError', `Domain ${pyRepr(domain)} is syntactically not correct.`);
			}
			const t = domain[i++];
			if (t === '&' || t === '|') {
				const a = expr();
				const b = expr();
				return t === '&' ? (r) => a(r) && b(r) : (r) => a(r) || b(r);
			}
			if (t === '!') {
				const a = expr();
				return (r) => !a(r);
			}
			return this.leaf(model, t, context);
		};
		const parts: Pred[] = [];
		while (i < domain.length) parts.push(expr());
		return (r) => parts.every((p) => p(r));
	}

	private invalidLeaf(leaf: unknown): OdooError {
		return new OdooError('ValueError', `Invalid leaf ${pyRepr(leaf, Array.isArray(leaf))}`);
	}

	private leaf(model: string, leaf: unknown, context: Record<string, unknown>): Pred {
		if (!Array.isArray(leaf) || leaf.length !== 3) throw this.invalidLeaf(leaf);
		const [left, op, value] = leaf as [unknown, unknown, unknown];
		// TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1)
		if ((left === 1 || left === 0) && op === '=' && value === 1) return () => left === 1;
		if (typeof left !== 'string' || typeof op !== 'string') throw this.invalidLeaf(leaf);
		const operator = op.toLowerCase();
		const anyAllowed = this.host.v19 || (operator !== 'any' && operator !== 'not any');
		if (!TERM_OPERATORS.has(operator) || !anyAllowed) throw this.invalidLeaf(leaf);

		const def = this.host.def(model);
		const [fname, ...rest] = left.split('.');
		const field = def.fields[fname];
		if (!field) {
			throw new OdooError(
				'ValueError',
				`Invalid field ${model}.${fname} in ${this.host.v19 ? 'condition' : 'leaf'} ${pyRepr(leaf, true)}`,
			);
		}
		const relational = RELATIONAL.has(field.type);
		const links = (r: Raw): number[] => {
			const v = this.host.get(model, r, fname);
			if (Array.isArray(v)) return v as number[];
			return isEmpty(v) ? [] : [v as number];
		};
		const anyIn = (ids: Set<number>) => (r: Raw) => links(r).some((id) => ids.has(id));

		if (rest.length) {
			if (!relational || !field.relation) throw this.invalidLeaf(leaf);
			const sub = new Set(
				this.host.searchIds(field.relation, [[rest.join('.'), operator, value]], {
					...context,
					active_test: field.type === 'many2one' ? false : context.active_test,
				}),
			);
			return anyIn(sub);
		}

		if (operator === 'any' || operator === 'not any') {
			if (!relational || !field.relation) throw this.invalidLeaf(leaf);
			const sub = new Set(this.host.searchIds(field.relation, value as unknown[], context));
			const p = anyIn(sub);
			return operator === 'any' ? p : (r) => !p(r);
		}

		if (operator === 'child_of' || operator === 'parent_of') {
			const target = relational && field.relation ? field.relation : model;
			const roots = this.toIds(target, value, context);
			const family = this.hierarchy(target, roots, operator === 'child_of');
			return fname === 'id' ? (r) => family.has(r.id) : anyIn(family);
		}

		// many2one / x2many compared with names: resolve them on the comodel first
		const values = Array.isArray(value) ? value : [value];
		if (relational && field.relation && values.some((v) => typeof v === 'string')) {
			const positive = NEGATIVE[operator] ?? operator;
			const nameOp = positive === 'in' ? '=' : positive;
			const sub = new Set<number>();
			for (const v of values) {
				if (typeof v !== 'string') {
					if (typeof v === 'number') sub.add(v);
					continue;
				}
				for (const id of this.host.searchIds(field.relation, [['display_name', nameOp, v]], {
					...context,
					active_test: false,
				})) {
					sub.add(id);
				}
			}
			const p = anyIn(sub);
			return operator in NEGATIVE ? (r) => !p(r) : p;
		}

		if (field.type === 'one2many' || field.type === 'many2many') {
			if (isEmpty(value) && (operator === '=' || operator === '!=')) {
				return (r) => (links(r).length === 0) === (operator === '=');
			}
			const positive = NEGATIVE[operator] ?? operator;
			const p = (r: Raw) => links(r).some((id) => compare(positive, id, value));
			return operator in NEGATIVE ? (r) => !p(r) : p;
		}

		// a boolean NULL is False for Odoo
		const normalize = field.type === 'boolean' ? (v: unknown) => !!v : (v: unknown) => v;
		const val = field.type === 'boolean' && value === null ? false : value;
		return (r) => compare(operator, normalize(this.host.get(model, r, fname)), val);
	}

	private toIds(model: string, value: unknown, context: Record<string, unknown>): number[] {
		const list = Array.isArray(value) ? value : [value];
		return list.flatMap((v) =>
			typeof v === 'string'
				? this.host.searchIds(model, [['display_name', 'ilike', v]], {
						...context,
						active_test: false,
					})
				: typeof v === 'number'
					? [v]
					: [],
		);
	}

	private hierarchy(model: string, roots: number[], down: boolean): Set<number> {
		const parentField = this.host.def(model).parentField;
		const result = new Set(roots);
		if (!parentField) return result;
		const recs = [...this.host.records(model)];
		const parentOf = new Map(recs.map((r) => [r.id, r[parentField] as number | false]));
		if (down) {
			let grew = true;
			while (grew) {
				grew = false;
				for (const r of recs) {
					const p = parentOf.get(r.id);
					if (p && result.has(p) && !result.has(r.id)) {
						result.add(r.id);
						grew = true;
					}
				}
			}
		} else {
			for (const root of roots) {
				let p = parentOf.get(root);
				while (p && !result.has(p)) {
					result.add(p);
					p = parentOf.get(p);
				}
			}
		}
		return result;
	}
}
