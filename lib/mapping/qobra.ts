import type { FieldsGetResult } from './types';

/**
 * Odoo field type → Qobra column types, exactly as Qobra documents its Odoo
 * integration: the first entry is the default, the others are alternatives.
 * `user` stands for a many2one to res.users.
 */
export const QOBRA_TYPES: Readonly<Record<string, readonly string[]>> = {
	float: ['number', 'amount'],
	integer: ['number', 'user'],
	monetary: ['amount'],
	text: ['string'],
	char: ['string', 'user'],
	boolean: ['bool'],
	selection: ['picklist'],
	date: ['date'],
	datetime: ['date'],
	user: ['user'],
};

export interface QobraColumn {
	field: string;
	label: string;
	odooType: string;
	type: string;
	alternatives: string[];
}

export interface QobraColumns {
	columns: QobraColumn[];
	/** Fields Qobra cannot hold (binary, html, x2many, many2one to anything but users...). */
	unsupported: Array<{ field: string; odooType: string }>;
}

/** The Qobra column of every field of a `fields_get` answer that Qobra supports. */
export function qobraColumnTypes(fields: FieldsGetResult): QobraColumns {
	const result: QobraColumns = { columns: [], unsupported: [] };
	for (const [field, info] of Object.entries(fields)) {
		const odooType = info.type === 'many2one' && info.relation === 'res.users' ? 'user' : info.type;
		const types = QOBRA_TYPES[odooType];
		if (!types) result.unsupported.push({ field, odooType: info.type });
		else
			result.columns.push({
				field,
				label: info.string,
				odooType,
				type: types[0],
				alternatives: types.slice(1),
			});
	}
	return result;
}
