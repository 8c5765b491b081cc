import type { Domain } from './client';

/**
 * Builders for the two small languages of Odoo's ORM besides plain values: domains (combined as
 * `osv.expression.AND/OR` do) and x2many commands (as `fields.Command` writes them).
 */

/** One x2many command; a field's value is a list of them, e.g. `[Command.set(ids)]`. */
export type X2manyCommand = [number, ...unknown[]];

export const Command = {
	/** Replaces the whole relation with `ids`: (6, 0, ids). */
	set: (ids: number[]): X2manyCommand => [6, 0, ids],
	/** Adds the record `id` to the relation: (4, id). */
	link: (id: number): X2manyCommand => [4, id],
};

/** Writes a domain's implicit '&'s out, so that it can be one operand of '|' or '&'. */
function explicit(domain: Domain): Domain {
	const out: Domain = [];
	let expected = 1;
	for (const term of domain) {
		if (expected === 0) {
			out.unshift('&');
			expected = 1;
		}
		// A leaf fills a slot; '&' and '|' open one more; '!' takes its slot's place.
		expected += term === '&' || term === '|' ? 1 : term === '!' ? 0 : -1;
		out.push(term);
	}
	return out;
}

function combine(operator: '&' | '|', domains: Domain[]): Domain {
	const parts = domains.map(explicit);
	return [...Array<string>(parts.length - 1).fill(operator), ...parts.flat(1)];
}

/** Records matching every domain; empty domains (no condition) are skipped. */
export function and(domains: Domain[]): Domain {
	const parts = domains.filter((d) => d.length);
	return parts.length ? combine('&', parts) : [];
}

/** Records matching any domain: all records when one is empty, none when there is no domain. */
export function or(domains: Domain[]): Domain {
	if (!domains.length) return [['id', 'in', []]];
	return domains.some((d) => !d.length) ? [] : combine('|', domains);
}
