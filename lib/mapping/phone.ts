import { MappingError } from './types';

/**
 * Normalizes a phone number to `+<country code><number>` (E.164 shape, not
 * validated against numbering plans). Rules, in order:
 * - `+…` and `00…` already carry a country code;
 * - otherwise one leading trunk prefix (default "0") is dropped and the default
 *   country calling code is put in front.
 * Separators (spaces . - / parentheses) are removed. Anything else, or a result
 * outside 8..15 digits, is an error.
 */
export function normalizePhone(value: unknown, countryCode: string, trunkPrefix = '0'): string {
	const raw = String(value).trim();
	if (!/^\+?[\d\s().\-/]+$/.test(raw)) throw new MappingError(`"${raw}" is not a phone number`);
	const digits = raw.replace(/\D/g, '');
	let international: string;
	if (raw.startsWith('+')) international = digits;
	else if (digits.startsWith('00')) international = digits.slice(2);
	else
		international =
			countryCode +
			(trunkPrefix && digits.startsWith(trunkPrefix) ? digits.slice(trunkPrefix.length) : digits);
	if (international.length < 8 || international.length > 15)
		throw new MappingError(`"${raw}" is not a phone number (${international.length} digits)`);
	return `+${international}`;
}
