import { getPath, parsePath } from './path';

/**
 * The small expression language of `expression` fields, evaluated without
 * eval or Function:
 * - a path: `address.city`, `phones[0].phone`;
 * - fallbacks: `display_name || name || 'Unknown'` (first non-empty wins; quoted text is a literal);
 * - a template: `{{first_name}} {{last_name}}`, each placeholder being a path with optional fallbacks.
 */
const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const LITERAL = /^'([^']*)'$|^"([^"]*)"$/;

export function isEmpty(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function terms(alternatives: string): string[] {
	return alternatives.split('||').map((t) => t.trim());
}

/** Returns an error text for the first invalid part of an expression, or undefined when it is valid. */
export function checkExpression(expression: string): string | undefined {
	const bodies = expression.includes('{{')
		? [...expression.matchAll(PLACEHOLDER)].map((m) => m[1])
		: [expression];
	if (bodies.length === 0 || expression.replace(PLACEHOLDER, '').includes('{{'))
		return `"${expression}" has an unclosed {{ placeholder`;
	for (const term of bodies.flatMap(terms)) {
		if (LITERAL.test(term)) continue;
		const parsed = parsePath(term);
		if (typeof parsed === 'string') return parsed;
	}
	return undefined;
}

function evaluateAlternatives(
	record: unknown,
	alternatives: string,
	isBlank: (v: unknown) => boolean,
): unknown {
	for (const term of terms(alternatives)) {
		const literal = LITERAL.exec(term);
		const value = literal ? (literal[1] ?? literal[2]) : getPath(record, term);
		if (!isBlank(value)) return value;
	}
	return undefined;
}

export function evaluateExpression(
	record: unknown,
	expression: string,
	isBlank: (v: unknown) => boolean = isEmpty,
): unknown {
	if (!expression.includes('{{')) return evaluateAlternatives(record, expression, isBlank);
	let filled = false;
	const text = expression.replace(PLACEHOLDER, (_, body: string) => {
		const value = evaluateAlternatives(record, body, isBlank);
		if (isBlank(value)) return '';
		filled = true;
		return Array.isArray(value) && value.length === 2 && typeof value[1] === 'string'
			? value[1]
			: String(value);
	});
	// An empty placeholder would leave doubled or dangling spaces ("Ana  Ruiz", "Ana ").
	return filled ? text.replace(/\s{2,}/g, ' ').trim() : undefined;
}

/** A single path with no fallbacks or template: the only kind of expression that can be reversed. */
export function isPlainPath(expression: string): boolean {
	return (
		!expression.includes('{{') &&
		!expression.includes('||') &&
		typeof parsePath(expression) !== 'string'
	);
}
