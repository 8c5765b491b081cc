import { DateTime } from 'luxon';
import { MappingError } from './types';

/** `odoo` is Odoo's wire format: dates `YYYY-MM-DD`, datetimes `YYYY-MM-DD HH:MM:SS` in UTC. */
export type DateFormat = 'iso' | 'odoo' | 'millis' | string;

const ODOO_DATE = 'yyyy-MM-dd';
const ODOO_DATETIME = 'yyyy-MM-dd HH:mm:ss';

export function parseDateTime(
	value: unknown,
	format: DateFormat,
	zone: string,
	dateOnly: boolean,
): DateTime {
	let dt: DateTime;
	if (value instanceof Date) dt = DateTime.fromJSDate(value, { zone });
	else if (typeof value === 'number' || format === 'millis')
		dt = DateTime.fromMillis(Number(value), { zone });
	else if (typeof value !== 'string')
		throw new MappingError(`${JSON.stringify(value)} is not a date`);
	else if (format === 'iso') dt = DateTime.fromISO(value.trim(), { zone, setZone: true });
	// Odoo datetimes are always UTC, whatever zone the field is configured with.
	else if (format === 'odoo')
		dt = dateOnly
			? DateTime.fromFormat(value.trim(), ODOO_DATE, { zone })
			: DateTime.fromFormat(value.trim(), ODOO_DATETIME, { zone: 'UTC' });
	else dt = DateTime.fromFormat(value.trim(), format, { zone });
	if (!dt.isValid)
		throw new MappingError(
			`"${String(value)}" is not a valid ${dateOnly ? 'date' : 'datetime'} (format ${format})`,
		);
	return dt;
}

export function formatDateTime(
	dt: DateTime,
	format: DateFormat,
	zone: string,
	dateOnly: boolean,
): string | number {
	if (format === 'millis') return dt.toMillis();
	if (format === 'odoo')
		return dateOnly ? dt.setZone(zone).toFormat(ODOO_DATE) : dt.toUTC().toFormat(ODOO_DATETIME);
	const local = dt.setZone(zone);
	if (format === 'iso')
		return dateOnly ? local.toISODate()! : local.toISO({ suppressMilliseconds: true })!;
	return local.toFormat(format);
}
