/**
 * Initial database content: the reference data every Odoo has (company, users, currencies,
 * countries, units, categories, taxes, stages...) and, for the 'demo' seed, Odoo's own demo
 * records as recorded over the API (test/fixtures/odoo/odoo16/demo_data.json), with their ids.
 */
import type { Orm } from './orm';
import { readFixture } from './schema';
import type { Raw } from './store';

type Recorded = Record<string, unknown> & { id: number };
type Dataset = Record<string, Recorded[]>;

export const ADMIN_UID = 2;
export const DEMO_UID = 6;
// Seeded records are stamped long before any time a test sets on the clock, so that
// "changes since" queries only ever see what the test itself wrote.
export const SEED_DATE = '2020-01-01 00:00:00';

// Records the recordings refer to without recording them.
const EXTRA: Dataset = {
	'res.country': [{ id: 49, name: 'Colombia', code: 'CO' }],
	'res.country.state': [
		{ id: 13, name: 'California', code: 'CA', country_id: 233 },
		{ id: 22, name: 'Illinois', code: 'IL', country_id: 233 },
		{ id: 25, name: 'Kansas', code: 'KS', country_id: 233 },
		{ id: 36, name: 'North Carolina', code: 'NC', country_id: 233 },
		{ id: 33, name: 'New Jersey', code: 'NJ', country_id: 233 },
		{ id: 47, name: 'Pennsylvania', code: 'PA', country_id: 233 },
		{ id: 52, name: 'Texas', code: 'TX', country_id: 233 },
		{ id: 659, name: 'Córdoba', code: 'COR', country_id: 49 },
	],
	'res.company': [
		{ id: 1, name: 'My Company (San Francisco)', partner_id: 1, currency_id: 1, country_id: 233 },
		{ id: 2, name: 'My Company (Chicago)', partner_id: 41, currency_id: 1, country_id: 233 },
	],
	'crm.tag': [
		'Product',
		'Software',
		'Services',
		'Information',
		'Design',
		'Training',
		'Consulting',
		'Other',
	].map((name, i) => ({ id: i + 1, name })),
	'res.partner.category': [
		'Vendor',
		'Prospects',
		'Employees',
		'Office Supplies',
		'Consulting Services',
		'Desk Manufacturers',
		'Services',
	].map((name, i) => ({ id: i + 1, name })),
	'account.tax.group': [{ id: 1, name: 'Tax 15%' }],
};

/**
 * Values Odoo's demo data lacks but the sync templates key on, so that each template shows a result
 * on its first run in the sandbox: Spanish tax ids (Reference) on four demo companies (the others stay
 * without one, as a real database has both kinds) and a barcode on one product (a Clientify SKU).
 */
export const DEMO_ADDITIONS: Record<string, Record<number, Record<string, unknown>>> = {
	'res.partner': {
		14: { ref: 'ESB10000014' }, // Azure Interior
		10: { ref: 'ESB10000010' }, // Deco Addict
		11: { ref: 'ESB10000011' }, // Gemini Furniture
		12: { ref: 'ESB10000012' }, // Ready Mat
	},
	'product.product': { 6: { barcode: '8412345000066' } }, // Office Lamp
};

// External ids clients commonly use with `load` or ir.model.data lookups.
const XMLIDS: [string, string, string, number][] = [
	['base', 'main_company', 'res.company', 1],
	['base', 'main_partner', 'res.partner', 1],
	['base', 'partner_admin', 'res.partner', 3],
	['base', 'user_admin', 'res.users', 2],
	['base', 'user_demo', 'res.users', 6],
	['base', 'EUR', 'res.currency', 1],
	['base', 'USD', 'res.currency', 2],
	['base', 'be', 'res.country', 20],
	['base', 'fr', 'res.country', 75],
	['base', 'de', 'res.country', 57],
	['base', 'es', 'res.country', 68],
	['base', 'us', 'res.country', 233],
	['base', 'co', 'res.country', 49],
	['uom', 'product_uom_unit', 'uom.uom', 1],
	['product', 'product_category_all', 'product.category', 1],
	['crm', 'stage_lead1', 'crm.stage', 1],
	['sales_team', 'team_sales_department', 'crm.team', 1],
];

// The partners that reference data (company, users) needs even in the 'empty' seed.
const REFERENCE_PARTNERS = new Set([1, 3, 7, 8, 41]);

export function seed(orm: Orm, kind: 'demo' | 'empty'): void {
	const demo = readFixture<Dataset>('odoo16', 'demo_data.json');
	const reference = readFixture<Dataset>('odoo16', 'demo_reference_data.json');
	const insert = (model: string, recs: Recorded[]) => {
		for (const r of recs) insertRecorded(orm, model, r);
	};

	insert(
		'ir.model',
		readFixture<Recorded[]>('odoo16', 'ir_model.json').filter((m) =>
			orm.registry.get(m.model as string),
		),
	);
	seedIrModelFields(orm);
	insert('res.currency', reference['res.currency']);
	insert('res.country', [...reference['res.country(sample)'], ...EXTRA['res.country']]);
	insert('res.country.state', EXTRA['res.country.state']);
	insert(
		'res.partner',
		demo['res.partner'].filter((p) => kind === 'demo' || REFERENCE_PARTNERS.has(p.id)),
	);
	insert('res.company', EXTRA['res.company']);
	insert(
		'res.users',
		reference['res.users'].map((u) => ({ ...u, company_id: 1, company_ids: [1], active: true })),
	);
	for (const model of [
		'uom.uom',
		'product.category',
		'account.tax',
		'product.pricelist',
		'crm.stage',
		'crm.team',
	]) {
		insert(model, reference[model]);
	}
	for (const tax of orm.records('account.tax'))
		Object.assign(tax, { company_id: 1, tax_group_id: 1, active: true });
	insert('account.tax.group', EXTRA['account.tax.group']);
	insert('crm.tag', EXTRA['crm.tag']);
	insert('res.partner.category', EXTRA['res.partner.category']);
	if (kind === 'demo') {
		for (const model of [
			'product.template',
			'product.product',
			'crm.lead',
			'sale.order',
			'sale.order.line',
		]) {
			insert(model, demo[model]);
		}
		for (const [model, records] of Object.entries(DEMO_ADDITIONS)) {
			for (const [id, values] of Object.entries(records))
				Object.assign(orm.store.table(model).get(Number(id))!, values);
		}
	}
	stubMissingTargets(orm, [demo, reference]);
	XMLIDS.forEach(([module, name, model, res_id], i) =>
		insertRecorded(orm, 'ir.model.data', {
			id: i + 1,
			module,
			name,
			model,
			res_id,
			noupdate: true,
		}),
	);
	orm.credentials.set(ADMIN_UID, { password: 'admin', apiKey: 'fake-admin-api-key-0000' });
	orm.credentials.set(DEMO_UID, { password: 'demo', apiKey: 'fake-demo-api-key-0000' });
}

/** Stores a record as read over the API: many2one pairs become ids, unknown fields are dropped. */
function insertRecorded(orm: Orm, model: string, input: Recorded): void {
	const def = orm.def(model);
	const rec: Raw = { id: input.id };
	for (const [key, value] of Object.entries(renameFor19(orm, model, input))) {
		const field = def.fields[key];
		if (!field || ['display_name', 'complete_name', 'write_date'].includes(key)) continue;
		if (
			model === 'product.product' &&
			!['product_tmpl_id', 'default_code', 'barcode', 'active'].includes(key) &&
			key !== 'id'
		)
			continue;
		if (model === 'product.template' && (key === 'default_code' || key === 'barcode')) continue;
		rec[key] = field.type === 'many2one' && Array.isArray(value) ? value[0] : value;
	}
	if ('active' in def.fields && rec.active === undefined) rec.active = true;
	Object.assign(rec, {
		create_date: SEED_DATE,
		write_date: SEED_DATE,
		create_uid: 1,
		write_uid: 1,
	});
	orm.store.insert(model, rec);
}

/** Odoo 19 renamed a few fields the 16.0 demo data uses. */
function renameFor19(orm: Orm, model: string, rec: Recorded): Recorded {
	if (!orm.v19) return rec;
	const out: Recorded = { ...rec };
	if (model === 'sale.order.line' && 'tax_id' in out) out.tax_ids = out.tax_id;
	if (model === 'product.template' && typeof out.detailed_type === 'string') {
		out.type = out.detailed_type === 'product' ? 'consu' : out.detailed_type;
		out.is_storable = out.detailed_type === 'product';
	}
	return out;
}

/** Creates the records that recorded many2one values point to but that were not recorded. */
function stubMissingTargets(orm: Orm, datasets: Dataset[]): void {
	for (const dataset of datasets) {
		for (const [model, recs] of Object.entries(dataset)) {
			const def = orm.registry.get(model);
			if (!def) continue;
			for (const rec of recs) {
				for (const [key, value] of Object.entries(rec)) {
					const field = def.fields[key];
					if (field?.type !== 'many2one' || !Array.isArray(value) || !field.relation) continue;
					const [id, name] = value as [number, string];
					if (!orm.store.table(field.relation).has(id))
						insertRecorded(orm, field.relation, { id, name });
				}
			}
		}
	}
}

/** ir.model.fields, derived from the schemas (only for recorded models: that is what clients inspect). */
function seedIrModelFields(orm: Orm): void {
	let id = 1;
	for (const def of orm.registry.models.values()) {
		if (!def.recorded) continue;
		for (const [name, f] of Object.entries(def.fields)) {
			orm.store.insert('ir.model.fields', {
				id: id++,
				name,
				model: def.name,
				model_id: def.irModelId,
				field_description: f.string,
				ttype: f.type,
				relation: f.relation ?? false,
				relation_field: f.relation_field ?? false,
				required: !!f.required,
				readonly: !!f.readonly,
				store: f.store !== false,
				state: 'base',
				create_date: SEED_DATE,
				write_date: SEED_DATE,
				create_uid: 1,
				write_uid: 1,
			});
		}
	}
}
