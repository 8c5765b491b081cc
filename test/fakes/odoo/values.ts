/**
 * Value helpers shared by the ORM and the wire formats.
 *
 * JavaScript has one number type, Python two: Odoo answers `14.0` for a float
 * field and `14` for an integer field, and XML-RPC tells them apart
 * (`<double>` vs `<int>`). Float field values therefore travel as `PyFloat`
 * from the ORM to the serializers; `toPlain` strips the marker for callers
 * that want ordinary JSON values (the in-process `env` API).
 */
export class PyFloat {
	constructor(readonly value: number) {}
	toJSON(): number {
		return this.value;
	}
}

/** Python's float repr: `14.0`, `30.75`, `1e-07`, `1e+16`. */
export function pyFloatRepr(x: number): string {
	if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
	const abs = Math.abs(x);
	if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
		const [mant, exp] = x.toExponential().split('e');
		const e = Number(exp);
		return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
	}
	const s = String(x);
	return Number.isInteger(x) ? `${s}.0` : s;
}

/** Python's repr() of a JSON-ish value, as Odoo prints leaves and values in messages. */
export function pyRepr(v: unknown, tuple = false): string {
	if (v === null || v === undefined) return 'None';
	if (v === true) return 'True';
	if (v === false) return 'False';
	if (v instanceof PyFloat) return pyFloatRepr(v.value);
	if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
	if (typeof v === 'string') {
		const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
		const body = v
			.replace(/\\/g, '\\\\')
			.replace(/\n/g, '\\n')
			.replace(/\t/g, '\\t')
			.replace(new RegExp(quote, 'g'), `\\${quote}`);
		return `${quote}${body}${quote}`;
	}
	if (Array.isArray(v)) {
		const inner = v.map((x) => pyRepr(x)).join(', ');
		if (!tuple) return `[${inner}]`;
		return v.length === 1 ? `(${inner},)` : `(${inner})`;
	}
	if (typeof v === 'object') {
		const entries = Object.entries(v as Record<string, unknown>);
		return `{${entries.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
	}
	return String(v);
}

/** Deep copy without PyFloat markers (what a JSON client would see). */
export function toPlain<T>(v: T): T {
	if (v instanceof PyFloat) return v.value as unknown as T;
	if (Array.isArray(v)) return v.map((x) => toPlain(x)) as unknown as T;
	if (v && typeof v === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
		return out as T;
	}
	return v;
}

/** JSON text as Python's json.dumps writes it: floats keep their `.0`. */
export function pyJson(v: unknown): string {
	if (v instanceof PyFloat) return pyFloatRepr(v.value);
	if (v === undefined || v === null) return 'null';
	if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
	if (typeof v === 'object') {
		return `{${Object.entries(v as Record<string, unknown>)
			.map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x)}`)
			.join(', ')}}`;
	}
	return JSON.stringify(v);
}

export const isFalsy = (v: unknown): boolean =>
	v === false || v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
