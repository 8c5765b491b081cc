/**
 * Dotted paths into plain records: `address.city`, `addresses[0].street`.
 * Paths come from user-written mappings, so segments that would reach the
 * prototype chain are refused when the spec is parsed.
 */
export type PathSegment = string | number;

const SEGMENT = /^([^.[\]{}|'"]+)((?:\[\d+\])*)$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits a path into segments, or returns an error text explaining why it is not one. */
export function parsePath(path: string): PathSegment[] | string {
	if (path.trim() === '') return 'path is empty';
	const segments: PathSegment[] = [];
	for (const part of path.split('.')) {
		const m = SEGMENT.exec(part.trim());
		if (!m) return `"${path}" is not a valid path`;
		const name = m[1].trim();
		if (FORBIDDEN.has(name)) return `"${path}" uses the reserved name "${name}"`;
		segments.push(name);
		for (const index of m[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
	}
	return segments;
}

function segmentsOf(path: string): PathSegment[] {
	const parsed = parsePath(path);
	if (typeof parsed === 'string') throw new Error(parsed);
	return parsed;
}

export function getPath(record: unknown, path: string): unknown {
	let current: unknown = record;
	for (const segment of segmentsOf(path)) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
		current = (current as Record<PathSegment, unknown>)[segment];
	}
	return current;
}

/** Writes a value, creating the objects and arrays the path goes through. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	const segments = segmentsOf(path);
	let current: Record<PathSegment, unknown> = target;
	segments.forEach((segment, i) => {
		if (i === segments.length - 1) {
			current[segment] = value;
			return;
		}
		const next = current[segment];
		if (next === null || typeof next !== 'object')
			current[segment] = typeof segments[i + 1] === 'number' ? [] : {};
		current = current[segment] as Record<PathSegment, unknown>;
	});
}

/**
 * Removes the holes that index paths leave when an earlier element was empty
 * (`phones[0]` skipped, `phones[1]` set), so outputs are plain JSON arrays.
 */
export function compactArrays(value: unknown): unknown {
	if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays);
	if (
		value !== null &&
		typeof value === 'object' &&
		Object.getPrototypeOf(value) === Object.prototype
	) {
		for (const [k, v] of Object.entries(value))
			(value as Record<string, unknown>)[k] = compactArrays(v);
	}
	return value;
}
