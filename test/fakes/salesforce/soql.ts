/**
 * The SOQL the fake understands: SELECT fields (relationship paths such as Account.Name too) FROM type
 * [WHERE conditions with AND, OR, NOT, parentheses, = != < <= > >= LIKE IN NOT IN] [ORDER BY field [ASC|DESC]]
 * [LIMIT n]. Values: 'strings', numbers, true/false, null, date and datetime literals.
 */
export type Row = Record<string, unknown>;

export interface Query {
	fields: string[];
	type: string;
	where?: Condition;
	orderBy?: { field: string; desc: boolean };
	limit?: number;
}

export type Condition =
	| { op: 'and' | 'or'; terms: Condition[] }
	| { op: 'not'; term: Condition }
	| { op: 'cmp'; field: string; cmp: string; value: unknown };

export class SoqlError extends Error {}

const TOKEN =
	/\s*('(?:[^'\\]|\\.)*'|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2}))?|-?\d+(?:\.\d+)?|[A-Za-z_][\w.]*|!=|<=|>=|[(),=<>*])/y;

function tokenize(text: string): string[] {
	const tokens: string[] = [];
	TOKEN.lastIndex = 0;
	while (text.slice(TOKEN.lastIndex).trim()) {
		const start = TOKEN.lastIndex;
		const m = TOKEN.exec(text);
		if (!m) throw new SoqlError(`unexpected token at: ${text.slice(start, start + 20)}`);
		tokens.push(m[1]);
	}
	return tokens;
}

export function parse(text: string): Query {
	const t = tokenize(text);
	let i = 0;
	const peek = () => t[i]?.toUpperCase();
	const next = () => t[i++];
	const expect = (word: string) => {
		if (peek() !== word) throw new SoqlError(`expecting ${word}, found ${t[i] ?? 'end of query'}`);
		i++;
	};
	expect('SELECT');
	const fields: string[] = [];
	do fields.push(next());
	while (peek() === ',' && next());
	expect('FROM');
	const type = next();
	const query: Query = { fields, type };

	const value = (): unknown => {
		const tok = next();
		if (tok === undefined) throw new SoqlError('missing value');
		if (tok.startsWith("'")) return tok.slice(1, -1).replace(/\\(.)/g, '$1');
		const upper = tok.toUpperCase();
		if (upper === 'TRUE') return true;
		if (upper === 'FALSE') return false;
		if (upper === 'NULL') return null;
		if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
		if (/^\d{4}-\d{2}-\d{2}/.test(tok)) return tok;
		throw new SoqlError(`unexpected value ${tok}`);
	};
	const atom = (): Condition => {
		if (peek() === '(') {
			next();
			const c = or();
			expect(')');
			return c;
		}
		if (peek() === 'NOT') {
			next();
			return { op: 'not', term: atom() };
		}
		const field = next();
		let cmp = next()?.toUpperCase();
		if (cmp === 'NOT' && peek() === 'IN') {
			next();
			cmp = 'NOT IN';
		}
		if (cmp === 'IN' || cmp === 'NOT IN') {
			expect('(');
			const values: unknown[] = [];
			do values.push(value());
			while (peek() === ',' && next());
			expect(')');
			return { op: 'cmp', field, cmp, value: values };
		}
		if (!['=', '!=', '<', '<=', '>', '>=', 'LIKE'].includes(cmp ?? ''))
			throw new SoqlError(`unknown operator ${cmp}`);
		return { op: 'cmp', field, cmp: cmp!, value: value() };
	};
	const and = (): Condition => {
		const terms = [atom()];
		while (peek() === 'AND' && next()) terms.push(atom());
		return terms.length === 1 ? terms[0] : { op: 'and', terms };
	};
	const or = (): Condition => {
		const terms = [and()];
		while (peek() === 'OR' && next()) terms.push(and());
		return terms.length === 1 ? terms[0] : { op: 'or', terms };
	};
	if (peek() === 'WHERE') {
		next();
		query.where = or();
	}
	if (peek() === 'ORDER') {
		next();
		expect('BY');
		const field = next();
		const dir = peek();
		if (dir === 'ASC' || dir === 'DESC') next();
		query.orderBy = { field, desc: dir === 'DESC' };
	}
	if (peek() === 'LIMIT') {
		next();
		query.limit = Number(next());
	}
	if (i < t.length) throw new SoqlError(`unexpected ${t[i]}`);
	return query;
}

/** Dates compare as instants, everything else as is. */
function comparable(v: unknown): unknown {
	if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return Date.parse(v);
	return v;
}

export function matches(c: Condition | undefined, get: (path: string) => unknown): boolean {
	if (!c) return true;
	if (c.op === 'not') return !matches(c.term, get);
	if (c.op !== 'cmp')
		return c.op === 'and'
			? c.terms.every((x) => matches(x, get))
			: c.terms.some((x) => matches(x, get));
	const actual = get(c.field) ?? null;
	if (c.cmp === 'IN') return (c.value as unknown[]).includes(actual);
	if (c.cmp === 'NOT IN') return !(c.value as unknown[]).includes(actual);
	if (c.cmp === 'LIKE') {
		const re = new RegExp(
			`^${String(c.value)
				.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
				.replace(/%/g, '.*')
				.replace(/_/g, '.')}$`,
			'i',
		);
		return typeof actual === 'string' && re.test(actual);
	}
	const a = comparable(actual);
	const b = comparable(c.value);
	switch (c.cmp) {
		case '=':
			return a === b;
		case '!=':
			return a !== b;
	}
	if (a === null || b === null) return false;
	const x = a as number;
	const y = b as number;
	return c.cmp === '<' ? x < y : c.cmp === '<=' ? x <= y : c.cmp === '>' ? x > y : x >= y;
}
