import { MappingError } from './types';

export type DecimalSeparator = '.' | ',';

/** Spaces, no-break spaces and apostrophes only ever group thousands, so they can go before parsing. */
const GROUPING_SPACES = /[\s\u00a0\u202f'’]/g;

/**
 * Parses "1.234,56" (decimal ",") or "1,234.56" (decimal "."). The other
 * separator is accepted only as a thousands separator in groups of three, so
 * "1,5" read with decimal "." is an error instead of silently becoming 15.
 */
export function parseNumber(value: unknown, decimalSeparator: DecimalSeparator = '.'): number {
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
		throw new MappingError(`${value} is not a finite number`);
	}
	if (typeof value !== 'string') throw new MappingError(`${JSON.stringify(value)} is not a number`);
	const group = decimalSeparator === ',' ? '\\.' : ',';
	const dec = decimalSeparator === ',' ? ',' : '\\.';
	const compact = value.replace(GROUPING_SPACES, '');
	const grouped = new RegExp(`^[+-]?\\d{1,3}(${group}\\d{3})+(${dec}\\d+)?$`);
	const plain = new RegExp(`^[+-]?(\\d+(${dec}\\d*)?|${dec}\\d+)$`);
	if (!grouped.test(compact) && !plain.test(compact)) {
		throw new MappingError(`"${value}" is not a number (decimal separator "${decimalSeparator}")`);
	}
	const normalized = compact.replace(new RegExp(group, 'g'), '').replace(decimalSeparator, '.');
	return Number(normalized);
}

export function parseInteger(value: unknown, decimalSeparator: DecimalSeparator = '.'): number {
	const n = parseNumber(value, decimalSeparator);
	if (!Number.isInteger(n)) throw new MappingError(`${JSON.stringify(value)} is not an integer`);
	return n;
}

/** ISO 4217 minor units that differ from 2 (the default). */
const CURRENCY_DECIMALS: Record<string, number> = {
	...Object.fromEntries(
		[
			'BIF',
			'CLP',
			'DJF',
			'GNF',
			'ISK',
			'JPY',
			'KMF',
			'KRW',
			'PYG',
			'RWF',
			'UGX',
			'UYI',
			'VND',
			'VUV',
			'XAF',
			'XOF',
			'XPF',
		].map((c) => [c, 0]),
	),
	...Object.fromEntries(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((c) => [c, 3])),
	CLF: 4,
	UYW: 4,
};

export function currencyDecimals(code: string): number {
	return CURRENCY_DECIMALS[code.trim().toUpperCase()] ?? 2;
}

/**
 * Rounds half away from zero, like Odoo's float_round (HALF-UP). Going through
 * 15 significant digits first absorbs binary noise: 1.005 * 100 is
 * 100.49999999999999 but must round to 101.
 */
export function roundHalfUp(value: number, decimals: number): number {
	const factor = 10 ** decimals;
	const scaled = Number((Math.abs(value) * factor).toPrecision(15));
	return (Math.sign(value) * Math.round(scaled)) / factor;
}
