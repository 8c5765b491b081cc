import { qobraColumnTypes } from '../mapping';
import type { FieldsInfo, OdooRecord } from '../odoo';
import { QobraError } from './errors';
import type { QobraRow } from './client';

/** One column of a Qobra data table made from an Odoo field: the header is the field's API name. */
export interface TableColumn {
	header: string;
	label: string;
	/** Qobra's type (the documented mapping's default), and the others Qobra accepts for this Odoo type. */
	qobraType: string;
	alternatives: string[];
	odooType: string;
	/** `id` is the table's id field, `name` its name field; `currency` holds a monetary column's currency. */
	role?: 'id' | 'name' | 'currency';
	/** For a currency column: the monetary field it belongs to, and the Odoo field holding the currency. */
	of?: string;
	currencyField?: string;
}

export interface TableTemplate {
	model: string;
	columns: TableColumn[];
	/** Fields Qobra cannot hold: x2many, binary, html, properties... */
	unsupported: Array<{ field: string; odooType: string }>;
}

/** The fields an Odoo read needs beyond the columns, and how to turn a record into a row. */
export interface OdooReader {
	/** Reads `res.users` for the emails of the users a page names (one read per page, for ids not seen yet). */
	read(model: string, ids: number[], fields: string[]): Promise<Array<Record<string, unknown>>>;
}

/** A monetary field's currency: the field fields_get names, else Odoo's conventional one. */
function currencyFieldOf(fields: FieldsInfo, monetary: string): string | undefined {
	return [fields[monetary]?.currency_field, 'currency_id', 'company_currency_id'].find(
		(f) => f && fields[f]?.type === 'many2one',
	);
}

/**
 * The Qobra table for an Odoo model's fields (all of them, or `names`): Qobra's documented type mapping, plus
 * many2one → string (the record's name), many2one to res.users → user (the user's email), and a `<field>_currency`
 * column beside each monetary field. `id` always comes first: it is the table's id field.
 */
export function tableTemplate(model: string, fields: FieldsInfo, names?: string[]): TableTemplate {
	const unknown = (names ?? []).filter((n) => !(n in fields));
	if (unknown.length)
		throw new QobraError(
			'input',
			`${model} has no field ${unknown.map((n) => `"${n}"`).join(', ')}: check the field names`,
		);
	// Without names: the stored fields (computed ones cost Odoo a computation per record and page).
	const wanted = names?.length
		? names.filter((n) => n !== 'id')
		: Object.keys(fields).filter((n) => n !== 'id' && fields[n].store !== false);
	const picked: FieldsInfo = {
		id: fields.id ?? { type: 'integer', string: 'ID' },
		...Object.fromEntries(wanted.map((n) => [n, fields[n]])),
	};
	const { columns, unsupported } = qobraColumnTypes(picked);
	const out: TableColumn[] = columns.map((c) => ({
		header: c.field,
		label: c.label,
		qobraType: c.type,
		alternatives: c.alternatives,
		odooType: c.odooType,
		...(c.field === 'id' ? { role: 'id' as const } : {}),
		...(c.field === nameField(picked) ? { role: 'name' as const } : {}),
	}));
	const left: TableTemplate['unsupported'] = [];
	for (const u of unsupported) {
		if (u.odooType === 'many2one')
			out.push({
				header: u.field,
				label: picked[u.field].string,
				qobraType: 'string',
				alternatives: [],
				odooType: 'many2one',
			});
		else left.push(u);
	}
	for (const c of [...out]) {
		const currencyField = c.odooType === 'monetary' && currencyFieldOf(fields, c.header);
		if (currencyField)
			out.splice(out.indexOf(c) + 1, 0, {
				header: `${c.header}_currency`,
				label: `${c.label} (currency)`,
				qobraType: 'string',
				alternatives: [],
				odooType: 'many2one',
				role: 'currency',
				of: c.header,
				currencyField,
			});
	}
	const idFirst = [...out.filter((c) => c.role === 'id'), ...out.filter((c) => c.role !== 'id')];
	return { model, columns: idFirst, unsupported: left };
}

function nameField(fields: FieldsInfo): string | undefined {
	return ['display_name', 'name'].find((f) => fields[f]);
}

/** What a converter reads from Odoo for its columns: the columns' fields and the currency field of monetary ones. */
export function readFieldsOf(template: TableTemplate): string[] {
	return [
		...new Set(template.columns.map((c) => (c.role === 'currency' ? c.currencyField! : c.header))),
	];
}

const isoDatetime = (v: string) => `${v.replace(' ', 'T')}Z`;

/**
 * Turns Odoo records into Qobra rows, page by page: numbers stay numbers, `false` becomes null (except for
 * booleans), selections their label, dates ISO (datetimes in UTC, as Odoo stores them), many2one the record's name,
 * a user its email (looked up once per user), and a monetary value gets its currency's code beside it.
 */
export class QobraConverter {
	private readonly emails = new Map<number, string | null>();
	/** Users a record names who have no email: their column stays empty, and the export says so. */
	readonly usersWithoutEmail: Array<{ id: number; login: string }> = [];
	constructor(
		readonly template: TableTemplate,
		private readonly fields: FieldsInfo,
		private readonly odoo: OdooReader,
	) {}

	get readFields(): string[] {
		return readFieldsOf(this.template);
	}

	async convert(records: OdooRecord[]): Promise<QobraRow[]> {
		await this.loadEmails(records);
		return records.map((record) => {
			const row: QobraRow = {};
			for (const c of this.template.columns) {
				row[c.header] = this.value(c, record[c.role === 'currency' ? c.currencyField! : c.header]);
			}
			return row;
		});
	}

	private value(column: TableColumn, value: unknown): unknown {
		if (column.odooType === 'boolean') return value === true;
		if (value === false || value === null || value === undefined) return null;
		switch (column.odooType) {
			case 'user':
				return this.emails.get((value as [number, string])[0]) ?? null;
			case 'many2one':
				return Array.isArray(value) ? String(value[1]) : value;
			case 'selection': {
				const label = this.fields[column.header].selection?.find(([key]) => key === value);
				return label ? label[1] : value;
			}
			case 'datetime':
				return isoDatetime(String(value));
			default:
				return value;
		}
	}

	private async loadEmails(records: OdooRecord[]): Promise<void> {
		const userColumns = this.template.columns.filter((c) => c.odooType === 'user');
		if (!userColumns.length) return;
		const ids = new Set<number>();
		for (const record of records)
			for (const c of userColumns) {
				const v = record[c.header];
				if (Array.isArray(v) && !this.emails.has(v[0] as number)) ids.add(v[0] as number);
			}
		if (!ids.size) return;
		const users = await this.odoo.read('res.users', [...ids], ['email', 'login']);
		for (const id of ids) this.emails.set(id, null);
		for (const u of users) {
			// Qobra knows users by email: a login is used only when it is one.
			const email = [u.email, u.login].find((v) => typeof v === 'string' && v.includes('@'));
			this.emails.set(u.id as number, (email as string | undefined) ?? null);
			if (!email) this.usersWithoutEmail.push({ id: u.id as number, login: String(u.login ?? '') });
		}
	}
}
