/**
 * The in-memory ORM: CRUD with Odoo's semantics (read format, defaults, required fields,
 * many2one integrity, x2many commands, access rights, computed display names,
 * product.template <-> product.product delegation) and Odoo's error messages.
 */
import { DomainEngine, DomainHost } from './domain';
import { OdooError } from './errors';
import type { FieldDef, ModelDef, Registry } from './schema';
import { Raw, Store } from './store';
import { PyFloat, pyRepr } from './values';

export interface Ctx {
	uid: number;
	context: Record<string, unknown>;
}

export type Vals = Record<string, unknown>;

export class Clock {
	private frozen: number | null = null;
	private offset = 0;

	set(utc: string | null): void {
		this.offset = 0;
		this.frozen = utc === null ? null : Date.parse(`${utc.replace(' ', 'T').replace(/Z$/, '')}Z`);
		if (Number.isNaN(this.frozen)) throw new Error(`clock.set: bad UTC time ${utc}`);
	}

	advance(seconds: number): void {
		if (this.frozen !== null) this.frozen += seconds * 1000;
		else this.offset += seconds * 1000;
	}

	/** Odoo datetime format, UTC, to the second. */
	stamp(): string {
		return new Date(this.frozen ?? Date.now() + this.offset)
			.toISOString()
			.slice(0, 19)
			.replace('T', ' ');
	}

	private last = '';

	/**
	 * A create_date / write_date as PostgreSQL keeps it: with microseconds, later for each later
	 * change (read() shows only the seconds, so a domain `write_date = <second>` matches nothing).
	 */
	exact(): string {
		const second = this.stamp();
		const micro = this.last.startsWith(second)
			? Number(this.last.slice(20)) + 1
			: ((this.frozen ?? Date.now() + this.offset) % 1000) * 1000;
		return (this.last = `${second}.${String(micro).padStart(6, '0')}`);
	}
}

const ADMIN_UIDS = new Set([1, 2]);
// What the demo user (a salesman) may change; everything may be read.
const USER_WRITABLE = new Set([
	'res.partner',
	'crm.lead',
	'crm.tag',
	'sale.order',
	'sale.order.line',
	'mail.activity',
	'mail.message',
	'ir.attachment',
]);
// Never written from vals: the ORM maintains them.
const MAGIC = new Set([
	'id',
	'create_uid',
	'create_date',
	'write_uid',
	'write_date',
	'__last_update',
	'display_name',
]);
// product.product fields that live on the variant; all other template fields are delegated (_inherits).
const VARIANT_OWN = new Set([
	...MAGIC,
	'product_tmpl_id',
	'default_code',
	'barcode',
	'active',
	'product_template_attribute_value_ids',
	'combination_indices',
	'lst_price',
	'message_ids',
	'activity_ids',
]);
// Types whose empty value is NULL in the database, hence subject to NOT NULL (required).
const NULLABLE = new Set([
	'char',
	'text',
	'html',
	'selection',
	'many2one',
	'date',
	'datetime',
	'binary',
	'reference',
]);
// Required many2ones declared ondelete='cascade' in Odoo (the others restrict).
const CASCADE = new Set([
	'sale.order.line.order_id',
	'product.pricelist.item.pricelist_id',
	'ir.model.fields.model_id',
]);
const COMPANY_DEFAULT = new Set([
	'crm.lead',
	'crm.team',
	'sale.order',
	'product.pricelist',
	'account.tax',
]);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

type DefaultFn = (orm: Orm, vals: Vals, ctx: Ctx) => unknown;
const stub =
	(model: string): DefaultFn =>
	(orm) =>
		orm.ensureStub(model, 1);
const DEFAULTS: Record<string, Record<string, DefaultFn>> = {
	'res.partner': { type: () => 'contact', is_company: () => false },
	'product.template': {
		detailed_type: () => 'consu',
		type: (_o, v) =>
			typeof v.detailed_type === 'string' && v.detailed_type !== 'product'
				? v.detailed_type
				: 'consu',
		categ_id: () => 1,
		uom_id: () => 1,
		uom_po_id: (_o, v) => v.uom_id ?? 1,
		list_price: () => 1,
		sale_ok: () => true,
		purchase_ok: () => true,
		tracking: () => 'none',
		sale_line_warn: () => 'no-message',
	},
	'crm.lead': {
		type: () => 'lead',
		stage_id: (orm) => orm.searchIds('crm.stage', [], {}, 'sequence, id', 1)[0] ?? false,
		user_id: (_o, _v, ctx) => ctx.uid,
		team_id: (orm) => (orm.store.table('crm.team').has(1) ? 1 : false),
		priority: () => '0',
	},
	'sale.order': {
		date_order: (orm) => orm.clock.stamp(),
		partner_invoice_id: (_o, v) => v.partner_id,
		partner_shipping_id: (_o, v) => v.partner_id,
		pricelist_id: (orm) => (orm.store.table('product.pricelist').has(1) ? 1 : false),
		currency_id: () => 1,
		user_id: (_o, _v, ctx) => ctx.uid,
		state: () => 'draft',
		picking_policy: () => 'direct',
		warehouse_id: stub('stock.warehouse'),
	},
	'res.users': { company_id: () => 1, company_ids: () => [[6, 0, [1]]], share: () => false },
	'res.company': {
		currency_id: () => 1,
		fiscalyear_last_day: () => 31,
		fiscalyear_last_month: () => '12',
	},
	'mail.activity': {
		date_deadline: (orm) => orm.clock.stamp().slice(0, 10),
		user_id: (_o, _v, ctx) => ctx.uid,
	},
	'mail.message': { message_type: () => 'email', date: (orm) => orm.clock.stamp() },
	'crm.team': {
		alias_defaults: () => '{}',
		alias_contact: () => 'everyone',
		alias_model_id: (orm) => orm.def('crm.lead').irModelId,
	},
	'ir.model.fields': { state: () => 'manual' },
	'account.tax': {
		amount_type: () => 'percent',
		type_tax_use: () => 'sale',
		sequence: () => 1,
		country_id: () => 233,
	},
	'product.pricelist': { currency_id: () => 1, discount_policy: () => 'with_discount' },
	'product.pricelist.item': {
		applied_on: () => '3_global',
		base: () => 'list_price',
		compute_price: () => 'fixed',
	},
	'uom.uom': { uom_type: () => 'reference' },
	'ir.attachment': { type: () => 'binary' },
};

const isEmpty = (v: unknown): boolean => v === false || v === null || v === undefined || v === '';
const isObject = (v: unknown): v is Vals => !!v && typeof v === 'object' && !Array.isArray(v);

export class Orm implements DomainHost {
	readonly store = new Store();
	readonly domain = new DomainEngine(this);
	readonly v19: boolean;
	/** uid -> secrets; kept apart from the records so that read() never shows them. */
	readonly credentials = new Map<number, { password?: string; apiKey?: string }>();

	constructor(
		/** Replaced by a copy when a custom field is added (see addCustomField). */
		public registry: Registry,
		readonly clock: Clock,
	) {
		this.v19 = registry.version === '19.0';
	}

	// ---------------------------------------------------------------- schema / access

	def(model: string): ModelDef {
		const def = this.registry.get(model);
		if (!def) throw new OdooError('UserError', `Object ${model} doesn't exist`);
		return def;
	}

	records(model: string): Iterable<Raw> {
		return this.store.table(model).values();
	}

	isAdmin(uid: number): boolean {
		return ADMIN_UIDS.has(uid);
	}

	checkAccess(def: ModelDef, operation: 'read' | 'write' | 'create' | 'unlink', uid: number): void {
		if (this.isAdmin(uid) || operation === 'read' || USER_WRITABLE.has(def.name)) return;
		const verb = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' }[operation];
		const group = def.name === 'res.users' ? 'Access Rights' : 'Settings';
		throw new OdooError(
			'AccessError',
			`You are not allowed to ${verb} '${def.description}' (${def.name}) records.\n\n` +
				`This operation is allowed for the following groups:\n\t- ${this.v19 ? group : `Administration/${group}`}\n\n` +
				'Contact your administrator to request access if necessary.',
		);
	}

	private invalidFieldInVals(model: string, fname: string): OdooError {
		return new OdooError(
			'ValueError',
			`Invalid field ${pyRepr(fname)} ${this.v19 ? 'in' : 'on model'} ${pyRepr(model)}`,
		);
	}

	invalidFieldInRead(model: string, fname: string): OdooError {
		return new OdooError(
			'ValueError',
			`Invalid field ${pyRepr(fname)} ${this.v19 ? 'on' : 'on model'} ${pyRepr(model)}`,
		);
	}

	private missingRequired(def: ModelDef, fname: string): OdooError {
		const label = def.fields[fname].string;
		return new OdooError(
			'ValidationError',
			this.v19
				? `The operation cannot be completed: Missing required value for the field '${label}' (${fname}).\n` +
					`Model: '${def.description}' (${def.name})\n- create/update: a mandatory field is not set\n` +
					'- delete: another model requires the record being deleted, you can archive it instead\n'
				: 'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
					'- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
					`Model: ${def.description} (${def.name})\nField: ${label} (${fname})\n`,
		);
	}

	/** PostgreSQL foreign key violation, as Odoo words it (for a bad link and for a blocked delete). */
	private foreignKey(def: ModelDef, fname: string): OdooError {
		return new OdooError(
			'ValidationError',
			this.v19
				? 'The operation cannot be completed: Another model is using the record you are trying to delete.\n\n' +
					`The troublemaker is: '${def.description}' (${def.name})\n` +
					`Thanks to the following constraint: '${def.fields[fname].string}' (${fname})\n` +
					'How about archiving the record instead?'
				: 'The operation cannot be completed: another model requires the record being deleted. ' +
					`If possible, archive it instead.\n\nModel: ${def.description} (${def.name})\n` +
					`Constraint: ${def.name.replace(/\./g, '_')}_${fname}_fkey\n`,
		);
	}

	missingRecords(model: string, ids: number[], uid: number): OdooError {
		return new OdooError(
			'MissingError',
			`Record does not exist or has been deleted.\n(Record: ${model}${pyRepr(ids, true)}, User: ${uid})`,
		);
	}

	// ---------------------------------------------------------------- values

	get(model: string, rec: Raw, fname: string): unknown {
		if (fname === 'display_name') return this.displayNameOf(model, rec);
		if (fname === '__last_update') return rec.write_date;
		const computed = this.computed(model, rec, fname);
		if (computed !== undefined) return computed;
		if (model === 'product.product' && this.delegated(fname)) {
			const tmpl = this.store.table('product.template').get(rec.product_tmpl_id as number);
			return tmpl ? this.get('product.template', tmpl, fname) : undefined;
		}
		const field = this.registry.get(model)?.fields[fname];
		if (field?.type === 'one2many')
			return this.inverseIds(model, rec.id, fname) ?? rec[fname] ?? [];
		return rec[fname];
	}

	private delegated(fname: string): boolean {
		return !VARIANT_OWN.has(fname) && fname in this.def('product.template').fields;
	}

	private computed(model: string, rec: Raw, fname: string): unknown {
		switch (`${model}:${fname}`) {
			case 'product.category:complete_name':
			case 'res.partner:complete_name':
			case 'ir.model.data:complete_name':
				return this.displayNameOf(model, rec);
			case 'res.partner:company_type':
				return rec.is_company ? 'company' : 'person';
			case 'product.template:default_code':
			case 'product.template:barcode': {
				const variants = this.variants(rec.id);
				return variants.length === 1 ? variants[0][fname] : false;
			}
			case 'product.template:currency_id': {
				// Computed by Odoo: the product's company's currency, else the main company's.
				const company = this.store.table('res.company').get((rec.company_id as number) || 1);
				return company?.currency_id ?? false;
			}
			case 'product.template:product_variant_count':
				return this.variants(rec.id).length;
			case 'product.template:product_variant_id':
				return this.variants(rec.id)[0]?.id ?? false;
			case 'res.users:email': {
				// res.users _inherits res.partner: a user's email is its partner's.
				const partner = this.store.table('res.partner').get(rec.partner_id as number);
				return partner ? partner.email : false;
			}
			case 'product.product:lst_price':
				return this.get(model, rec, 'list_price');
			case 'sale.order.line:price_subtotal':
			case 'sale.order.line:price_tax':
			case 'sale.order.line:price_total':
				return this.lineAmounts(rec)[fname.slice('price_'.length) as 'subtotal' | 'tax' | 'total'];
			case 'sale.order:amount_untaxed':
			case 'sale.order:amount_tax':
			case 'sale.order:amount_total': {
				const key = fname.slice('amount_'.length) as 'untaxed' | 'tax' | 'total';
				const part = key === 'untaxed' ? 'subtotal' : key;
				const lines = [...this.records('sale.order.line')].filter((l) => l.order_id === rec.id);
				return round2(lines.reduce((sum, l) => sum + this.lineAmounts(l)[part], 0));
			}
			default:
				return undefined;
		}
	}

	private lineAmounts(line: Raw): { subtotal: number; tax: number; total: number } {
		const qty = Number(line.product_uom_qty ?? 0);
		const subtotal = round2(
			qty * Number(line.price_unit ?? 0) * (1 - Number(line.discount ?? 0) / 100),
		);
		const taxIds = (line.tax_id ?? line.tax_ids ?? []) as number[];
		const rate = taxIds
			.map((id) => this.store.table('account.tax').get(id))
			.filter((t) => t && t.amount_type === 'percent' && !t.price_include)
			.reduce((sum, t) => sum + Number(t!.amount ?? 0), 0);
		const tax = round2((subtotal * rate) / 100);
		return { subtotal, tax, total: round2(subtotal + tax) };
	}

	private variantIndex = { generation: -1, byTemplate: new Map<number, Raw[]>() };

	/** Indexed: templates read default_code/barcode through their variant, and a scan per read is O(n²). */
	variants(templateId: number): Raw[] {
		const generation = this.store.generation('product.product');
		if (this.variantIndex.generation !== generation) {
			const byTemplate = new Map<number, Raw[]>();
			for (const p of this.records('product.product')) {
				const key = p.product_tmpl_id as number;
				byTemplate.set(key, [...(byTemplate.get(key) ?? []), p]);
			}
			this.variantIndex = { generation, byTemplate };
		}
		return this.variantIndex.byTemplate.get(templateId) ?? [];
	}

	/** Children of a one2many through its inverse field; undefined when the inverse is unknown. */
	private inverseIds(model: string, id: number, fname: string): number[] | undefined {
		const def = this.def(model);
		const field = def.fields[fname];
		const comodel = field.relation && this.registry.get(field.relation);
		const inverse = def.inverses[fname];
		const inv = comodel && inverse ? comodel.fields[inverse] : undefined;
		if (!comodel || !inverse || !inv) return undefined;
		const byModel = inv.type === 'many2one_reference' || inv.type === 'integer';
		const modelField = comodel.fields.res_model ? 'res_model' : 'model';
		return [...this.records(comodel.name)]
			.filter((r) => r[inverse] === id && (!byModel || r[modelField] === model))
			.map((r) => r.id);
	}

	displayName(model: string, id: number): string {
		const rec = this.store.table(model).get(id);
		return rec ? this.displayNameOf(model, rec) : `${model},${id}`;
	}

	private displayNameOf(model: string, rec: Raw): string {
		const str = (v: unknown): string => (typeof v === 'string' ? v : '');
		const related = (m: string, id: unknown): Raw | undefined =>
			this.store.table(m).get(id as number);
		switch (model) {
			case 'res.partner': {
				let name = str(rec.name);
				if (!name && rec.type && rec.type !== 'contact') {
					name = this.def(model).fields.type.selection?.find(([k]) => k === rec.type)?.[1] ?? '';
				}
				if (rec.parent_id && !rec.is_company) {
					let company = related(model, rec.parent_id);
					while (company && !company.is_company && company.parent_id)
						company = related(model, company.parent_id);
					if (company) name = `${str(company.name)}, ${name}`;
				}
				return name;
			}
			case 'product.product':
			case 'product.template': {
				const code = this.get(model, rec, 'default_code');
				const name = str(this.get(model, rec, 'name'));
				return code ? `[${code}] ${name}` : name;
			}
			case 'product.category': {
				const parent = related(model, rec.parent_id);
				return parent ? `${this.displayNameOf(model, parent)} / ${str(rec.name)}` : str(rec.name);
			}
			case 'res.country.state': {
				const country = related('res.country', rec.country_id);
				return country ? `${str(rec.name)} (${str(country.code)})` : str(rec.name);
			}
			case 'sale.order.line': {
				const order = related('sale.order', rec.order_id);
				return `${order ? str(order.name) : ''} - ${str(rec.name).split('\n')[0]}`;
			}
			case 'ir.model.data':
				return `${str(rec.module)}.${str(rec.name)}`;
			case 'mail.activity':
				return str(rec.summary);
			default:
				return 'name' in this.def(model).fields ? str(rec.name) : `${model},${rec.id}`;
		}
	}

	/** A value as read() returns it. */
	format(def: ModelDef, rec: Raw, fname: string, load = '_classic_read'): unknown {
		const field = def.fields[fname];
		const raw = this.get(def.name, rec, fname);
		switch (field.type) {
			case 'boolean':
				return !!raw;
			case 'integer':
			case 'many2one_reference':
				return typeof raw === 'number' ? raw : 0;
			case 'float':
			case 'monetary':
				return new PyFloat(Number(raw) || 0);
			case 'many2one':
				if (!raw) return false;
				return load === '_classic_read'
					? [raw, this.displayName(field.relation!, raw as number)]
					: raw;
			case 'one2many':
			case 'many2many':
				return Array.isArray(raw) ? [...raw] : [];
			case 'datetime':
				return typeof raw === 'string' ? raw.slice(0, 19) : false;
			default:
				return raw === undefined || raw === null ? false : raw;
		}
	}

	/** A value from the wire converted to what is stored, with Odoo's type errors. */
	private convert(def: ModelDef, fname: string, value: unknown): unknown {
		const field = def.fields[fname];
		const wrong = () =>
			new OdooError('ValueError', `Wrong value for ${def.name}.${fname}: ${pyRepr(value)}`);
		switch (field.type) {
			case 'boolean':
				return !!value;
			case 'integer':
				if (isEmpty(value)) return 0;
				if (!Number.isFinite(Number(value))) throw wrong();
				return Math.trunc(Number(value));
			case 'float':
			case 'monetary':
				if (isEmpty(value)) return 0;
				if (!Number.isFinite(Number(value))) {
					throw new OdooError('ValueError', `could not convert string to float: ${pyRepr(value)}`);
				}
				return Number(value);
			case 'selection': {
				if (isEmpty(value)) return false;
				const options = field.selection;
				if (Array.isArray(options) && !options.some(([k]) => k === value)) throw wrong();
				return value;
			}
			case 'many2one': {
				if (isEmpty(value) || value === 0) return false;
				const id = Array.isArray(value) ? value[0] : value;
				if (typeof id !== 'number' || !Number.isInteger(id)) {
					throw new OdooError(
						'ValueError',
						`invalid input syntax for type integer: "${String(value)}"`,
					);
				}
				return id;
			}
			case 'date':
			case 'datetime': {
				if (isEmpty(value)) return false;
				const s = String(value);
				if (field.type === 'date' && (DATE_RE.test(s) || DATETIME_RE.test(s)))
					return s.slice(0, 10);
				if (field.type === 'datetime' && DATE_RE.test(s)) return `${s} 00:00:00`;
				if (field.type === 'datetime' && DATETIME_RE.test(s)) return s;
				const fmt = field.type === 'date' ? '%Y-%m-%d' : '%Y-%m-%d %H:%M:%S';
				throw new OdooError('ValueError', `time data ${pyRepr(s)} does not match format '${fmt}'`);
			}
			case 'char':
			case 'text':
				return isEmpty(value) && value !== '' ? false : String(value);
			case 'html': {
				if (isEmpty(value) && value !== '') return false;
				const s = String(value);
				// Odoo's sanitizer wraps plain text in a paragraph (recorded: "fixture" -> "<p>fixture</p>")
				return s === '' || s.trimStart().startsWith('<')
					? s
					: `<p>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
			}
			default:
				return value;
		}
	}

	ensureStub(model: string, id: number): number {
		const t = this.store.table(model);
		if (!t.has(id)) {
			const def = this.def(model);
			this.store.insert(model, this.stamped({ id, name: `${def.description} ${id}` }, 1, true));
		}
		return id;
	}

	private stamped(rec: Raw, uid: number, created: boolean): Raw {
		// Odoo 19 stores these to the second (measured: `write_date = '<second>'` matches there).
		const now = this.v19 ? this.clock.stamp() : this.clock.exact();
		if (created) Object.assign(rec, { create_date: now, create_uid: uid });
		return Object.assign(rec, { write_date: now, write_uid: uid });
	}

	// ---------------------------------------------------------------- search

	/** search() without access check: used by the domain engine and the ORM itself. */
	searchIds(
		model: string,
		domain: unknown[],
		context: Record<string, unknown>,
		order?: string,
		limit?: number,
		offset = 0,
	): number[] {
		const def = this.def(model);
		const pred = this.domain.compile(model, domain ?? [], context);
		const activeTest =
			'active' in def.fields && context.active_test !== false && !mentionsActive(domain ?? []);
		const sortKeys = this.parseOrder(def, order || defaultOrder(def));
		const recs = [...this.records(model)].filter(
			(r) => (!activeTest || this.get(model, r, 'active') !== false) && pred(r),
		);
		recs.sort((a, b) => {
			for (const { field, desc } of sortKeys) {
				const c = compareValues(this.sortValue(def, a, field), this.sortValue(def, b, field), desc);
				if (c) return c;
			}
			return 0;
		});
		const sliced = recs.slice(offset || 0, limit ? (offset || 0) + limit : undefined);
		return sliced.map((r) => r.id);
	}

	private parseOrder(def: ModelDef, order: string): { field: string; desc: boolean }[] {
		return order.split(',').map((part) => {
			const m = /^\s*([\w.]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(?:first|last))?\s*$/i.exec(part);
			if (!m) {
				throw new OdooError(
					'ValueError',
					`Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
				);
			}
			const field = m[1].split('.')[0];
			if (!(field in def.fields)) throw this.invalidFieldInRead(def.name, field);
			return { field, desc: (m[2] ?? '').toLowerCase() === 'desc' };
		});
	}

	private sortValue(def: ModelDef, rec: Raw, fname: string): unknown {
		const field = def.fields[fname];
		const raw = this.get(def.name, rec, fname);
		if (field.type === 'many2one')
			return raw ? this.displayName(field.relation!, raw as number) : null;
		if (field.type === 'boolean') return raw ? 1 : 0;
		return Array.isArray(raw) ? raw.length : raw;
	}

	// ---------------------------------------------------------------- CRUD

	read(
		model: string,
		ids: number[],
		fields: string[] | undefined,
		ctx: Ctx,
		load = '_classic_read',
	): Record<string, unknown>[] {
		const def = this.def(model);
		this.checkAccess(def, 'read', ctx.uid);
		const names = fields && fields.length ? fields : Object.keys(def.fields);
		for (const f of names) if (!(f in def.fields)) throw this.invalidFieldInRead(model, f);
		const table = this.store.table(model);
		return ids
			.filter((id) => table.has(id))
			.map((id) => {
				const rec = table.get(id)!;
				const out: Record<string, unknown> = { id };
				for (const f of names) if (f !== 'id') out[f] = this.format(def, rec, f, load);
				return out;
			});
	}

	create(model: string, valsList: Vals[], ctx: Ctx): number[] {
		const def = this.def(model);
		this.checkAccess(def, 'create', ctx.uid);
		const ids = valsList.map((vals) => this.createOne(def, vals, ctx));
		// Like Odoo, constraints are checked once the batch is flushed, not after each record.
		this.checkConstraints(model, ids);
		return ids;
	}

	private checkNames(def: ModelDef, vals: unknown): asserts vals is Vals {
		if (!isObject(vals))
			throw new OdooError('TypeError', `Expected a dict of values, got ${pyRepr(vals)}`);
		for (const f of Object.keys(vals))
			if (!(f in def.fields)) throw this.invalidFieldInVals(def.name, f);
	}

	defaultFor(def: ModelDef, fname: string, vals: Vals, ctx: Ctx): unknown {
		const fromContext = ctx.context[`default_${fname}`];
		if (fromContext !== undefined) return fromContext;
		const field = def.fields[fname];
		const specific = DEFAULTS[def.name]?.[fname];
		if (specific) return specific(this, vals, ctx);
		if (fname === 'active') return true;
		if (field.readonly && !field.required) return undefined;
		if (field.type === 'selection' && (field.required || fname === 'state'))
			return field.selection?.[0]?.[0];
		if (fname === 'company_id' && (field.required || COMPANY_DEFAULT.has(def.name))) return 1;
		if (!field.required) return undefined;
		if (fname === 'currency_id') return 1;
		if (field.type === 'many2one' && field.relation && !this.def(field.relation).recorded) {
			return this.ensureStub(field.relation, 1);
		}
		if (field.type === 'date') return this.clock.stamp().slice(0, 10);
		if (field.type === 'datetime') return this.clock.stamp();
		return undefined;
	}

	private createOne(def: ModelDef, input: unknown, ctx: Ctx): number {
		this.checkNames(def, input);
		const model = def.name;
		const vals: Vals = { ...input };
		const variantVals: Vals = {};
		if (model === 'product.product' && !vals.product_tmpl_id) {
			// _inherits: the template is created first, from the delegated values
			const tmplVals: Vals = {};
			for (const f of Object.keys(vals)) if (this.delegated(f)) tmplVals[f] = vals[f];
			const tmplCtx = { ...ctx, context: { ...ctx.context, create_product_product: true } };
			vals.product_tmpl_id = this.createOne(this.def('product.template'), tmplVals, tmplCtx);
		} else if (model === 'product.product') {
			const tmplVals: Vals = {};
			for (const f of Object.keys(vals)) if (this.delegated(f)) tmplVals[f] = vals[f];
			if (Object.keys(tmplVals).length)
				this.write('product.template', [vals.product_tmpl_id as number], tmplVals, ctx);
		}
		if (model === 'product.product')
			for (const f of Object.keys(vals)) if (this.delegated(f)) delete vals[f];
		if (model === 'product.template') {
			// default_code / barcode are stored on the variant
			for (const f of ['default_code', 'barcode', 'active'])
				if (f in vals) variantVals[f] = vals[f];
			delete vals.default_code;
			delete vals.barcode;
			if (!this.v19 && vals.detailed_type && !vals.type)
				vals.type = vals.detailed_type === 'product' ? 'product' : vals.detailed_type;
			if (!this.v19 && vals.type && !vals.detailed_type) vals.detailed_type = vals.type;
		}
		this.beforeCreate(model, vals, ctx);
		for (const fname of Object.keys(def.fields)) {
			if (fname in vals || MAGIC.has(fname)) continue;
			if (model === 'product.product' && this.delegated(fname)) continue;
			const d = this.defaultFor(def, fname, vals, ctx);
			if (d !== undefined) vals[fname] = d;
		}
		const rec: Raw = { id: 0 };
		const x2many: [string, unknown][] = [];
		for (const [f, v] of Object.entries(vals)) {
			const type = def.fields[f].type;
			if (this.notStored(def.fields[f], f)) continue;
			if (type === 'one2many' || type === 'many2many') x2many.push([f, v]);
			else rec[f] = this.convert(def, f, v);
		}
		this.checkRequired(def, rec, Object.keys(def.fields));
		this.checkLinks(def, rec);
		rec.id = this.store.nextId(model);
		this.store.insert(model, this.stamped(rec, ctx.uid, true));
		for (const [f, cmds] of x2many) this.applyX2many(def, rec.id, f, cmds, ctx);
		if (model === 'product.template' && !ctx.context.create_product_product) {
			this.createOne(this.def('product.product'), { ...variantVals, product_tmpl_id: rec.id }, ctx);
		}
		if (model === 'res.users' && typeof input.password === 'string') {
			this.credentials.set(rec.id, { password: input.password });
		}
		if (model === 'ir.model.fields') this.addCustomField(rec);
		return rec.id;
	}

	/** A field created through ir.model.fields (Settings › Technical, or over RPC) joins its model. */
	private addCustomField(rec: Raw): void {
		const field: FieldDef = {
			type: String(rec.ttype),
			string: String(rec.field_description ?? rec.name),
			store: true,
			...(rec.relation ? { relation: String(rec.relation) } : {}),
		};
		this.registry = this.registry.withField(String(rec.model), String(rec.name), field);
	}

	/** Values Odoo derives from other values at creation. */
	private beforeCreate(model: string, vals: Vals, ctx: Ctx): void {
		if (model === 'ir.model.fields') {
			const irModel = this.store.table('ir.model').get(vals.model_id as number);
			if (irModel) vals.model = irModel.model;
			if (!String(vals.name ?? '').startsWith('x_'))
				throw new OdooError(
					'ValidationError',
					"Custom fields must have a name that starts with 'x_' !",
				);
			if (this.registry.get(String(vals.model))?.fields[String(vals.name)])
				throw new OdooError('ValidationError', `Field names must be unique per model.`);
		}
		if ((model === 'res.users' || model === 'res.company') && !vals.partner_id && vals.name) {
			const partner: Vals = { name: vals.name, email: vals.email ?? vals.login ?? false };
			if (model === 'res.company') partner.is_company = true;
			vals.partner_id = this.createOne(this.def('res.partner'), partner, ctx);
		}
		if (model === 'sale.order' && (!vals.name || vals.name === 'New')) {
			const numbers = [...this.records('sale.order')].map((o) =>
				Number(/(\d+)$/.exec(String(o.name))?.[1] ?? 0),
			);
			vals.name = `S${String(Math.max(0, ...numbers) + 1).padStart(5, '0')}`;
		}
		if (model === 'sale.order.line' && typeof vals.product_id === 'number') {
			const product = this.store.table('product.product').get(vals.product_id);
			if (product) {
				const fields = this.def(model).fields;
				const derived: Vals = {
					name: this.displayNameOf('product.product', product),
					price_unit: this.get('product.product', product, 'list_price'),
					[this.v19 ? 'product_uom_id' : 'product_uom']: this.get(
						'product.product',
						product,
						'uom_id',
					),
					[this.v19 ? 'tax_ids' : 'tax_id']: [
						[6, 0, this.get('product.product', product, 'taxes_id') ?? []],
					],
				};
				for (const [f, v] of Object.entries(derived)) if (f in fields && !(f in vals)) vals[f] = v;
			}
			vals.product_uom_qty ??= 1;
		}
		if (model === 'mail.activity') {
			if (vals.res_model && !vals.res_model_id)
				vals.res_model_id = this.registry.get(String(vals.res_model))?.irModelId;
			if (vals.res_model_id && !vals.res_model) {
				vals.res_model = [...this.registry.models.values()].find(
					(m) => m.irModelId === vals.res_model_id,
				)?.name;
			}
		}
	}

	/** Computed fields without inverse are ignored on write, as Odoo does. */
	private notStored(field: FieldDef, fname: string): boolean {
		return MAGIC.has(fname) || (field.store === false && !!field.readonly);
	}

	private checkRequired(def: ModelDef, rec: Vals, fnames: string[]): void {
		for (const f of fnames) {
			const field = def.fields[f];
			if (!field?.required || !NULLABLE.has(field.type) || field.store === false) continue;
			if (def.name === 'product.product' && this.delegated(f)) continue;
			if (isEmpty(rec[f])) throw this.missingRequired(def, f);
		}
	}

	/** Foreign keys: a many2one must point to an existing record of a recorded model. */
	private checkLinks(def: ModelDef, vals: Vals): void {
		for (const [f, v] of Object.entries(vals)) {
			const field = def.fields[f];
			if (field?.type !== 'many2one' || !v || !field.relation) continue;
			const target = this.def(field.relation);
			if (this.store.table(target.name).has(v as number)) continue;
			if (!target.recorded) this.ensureStub(target.name, v as number);
			else throw this.foreignKey(def, f);
		}
	}

	write(model: string, ids: number[], input: unknown, ctx: Ctx): true {
		const def = this.def(model);
		this.checkAccess(def, 'write', ctx.uid);
		this.checkNames(def, input);
		const table = this.store.table(model);
		const missing = ids.filter((id) => !table.has(id));
		if (missing.length) throw this.missingRecords(model, missing, ctx.uid);
		if (!ids.length) return true;
		const vals: Vals = { ...input };
		if (model === 'product.product') {
			const tmplVals: Vals = {};
			for (const f of Object.keys(vals)) {
				if (this.delegated(f)) {
					tmplVals[f] = vals[f];
					delete vals[f];
				}
			}
			const templates = [...new Set(ids.map((id) => table.get(id)!.product_tmpl_id as number))];
			if (Object.keys(tmplVals).length) this.write('product.template', templates, tmplVals, ctx);
		}
		if (model === 'product.template') {
			// default_code / barcode live on the variant of single-variant templates; archiving cascades
			const single: Vals = {};
			for (const f of ['default_code', 'barcode']) {
				if (f in vals) single[f] = vals[f];
				delete vals[f];
			}
			const singles = ids
				.map((id) => this.variants(id))
				.filter((v) => v.length === 1)
				.map((v) => v[0].id);
			if (Object.keys(single).length && singles.length)
				this.write('product.product', singles, single, ctx);
			const all = ids.flatMap((id) => this.variants(id)).map((v) => v.id);
			if ('active' in vals && all.length)
				this.write('product.product', all, { active: vals.active }, ctx);
		}
		const patch: Vals = {};
		const x2many: [string, unknown][] = [];
		for (const [f, v] of Object.entries(vals)) {
			const field = def.fields[f];
			if (this.notStored(field, f)) continue;
			if (field.type === 'one2many' || field.type === 'many2many') x2many.push([f, v]);
			else patch[f] = this.convert(def, f, v);
		}
		this.checkRequired(def, patch, Object.keys(patch));
		this.checkLinks(def, patch);
		for (const id of ids) {
			this.store.update(model, id, this.stamped({ ...patch, id }, ctx.uid, false));
			for (const [f, cmds] of x2many) this.applyX2many(def, id, f, cmds, ctx);
		}
		if (model === 'res.users' && typeof input.password === 'string') {
			for (const id of ids)
				this.credentials.set(id, { ...this.credentials.get(id), password: input.password });
		}
		this.checkConstraints(model, ids);
		return true;
	}

	unlink(model: string, ids: number[], ctx: Ctx): true {
		const def = this.def(model);
		this.checkAccess(def, 'unlink', ctx.uid);
		const table = this.store.table(model);
		const existing = [...new Set(ids)].filter((id) => table.has(id));
		if (!existing.length) return true;
		const gone = new Set(existing);
		for (const id of existing) this.store.remove(model, id);
		if (model === 'product.template') {
			const variants = [...this.records('product.product')].filter((p) =>
				gone.has(p.product_tmpl_id as number),
			);
			this.unlink(
				'product.product',
				variants.map((v) => v.id),
				ctx,
			);
		}
		this.releaseReferences(model, gone, ctx);
		if (model === 'product.product') {
			// a template without variants goes with its last variant
			const orphans = [...this.records('product.template')].filter(
				(t) => this.variants(t.id).length === 0,
			);
			if (orphans.length)
				this.unlink(
					'product.template',
					orphans.map((t) => t.id),
					ctx,
				);
		}
		return true;
	}

	/** ON DELETE behaviour of every reference to deleted records: cascade, restrict or set null. */
	private releaseReferences(model: string, gone: Set<number>, ctx: Ctx): void {
		for (const other of this.registry.models.values()) {
			const table = this.store.table(other.name);
			if (!table.size) continue;
			for (const [fname, field] of Object.entries(other.fields)) {
				if (
					field.relation !== model &&
					!(field.type === 'many2one_reference' && fname === 'res_id')
				)
					continue;
				if (field.type === 'many2many') {
					for (const rec of table.values()) {
						const list = rec[fname] as number[] | undefined;
						if (list?.some((id) => gone.has(id)))
							this.store.update(other.name, rec.id, {
								[fname]: list.filter((id) => !gone.has(id)),
							});
					}
					continue;
				}
				if (field.type !== 'many2one' && field.type !== 'many2one_reference') continue;
				const modelKey = other.fields.res_model ? 'res_model' : 'model';
				const hits = [...table.values()].filter(
					(r) =>
						gone.has(r[fname] as number) && (field.type === 'many2one' || r[modelKey] === model),
				);
				if (!hits.length) continue;
				if (field.type === 'many2one_reference' || CASCADE.has(`${other.name}.${fname}`)) {
					this.unlink(
						other.name,
						hits.map((r) => r.id),
						{ ...ctx, uid: 1 },
					);
				} else if (field.required) {
					throw this.foreignKey(other, fname);
				} else {
					for (const r of hits) this.store.update(other.name, r.id, { [fname]: false });
				}
			}
		}
	}

	private applyX2many(def: ModelDef, id: number, fname: string, value: unknown, ctx: Ctx): void {
		const field = def.fields[fname];
		const comodel = this.def(field.relation!);
		const commands = normalizeCommands(value, fname);
		const inverse = field.type === 'one2many' ? def.inverses[fname] : undefined;
		const inv = inverse ? comodel.fields[inverse] : undefined;
		if (inverse && inv) {
			const link: Vals = { [inverse]: id };
			if (inv.type !== 'many2one')
				link[comodel.fields.res_model ? 'res_model' : 'model'] = def.name;
			const release = (childIds: number[]) => {
				if (!childIds.length) return;
				if (inv.required) this.unlink(comodel.name, childIds, ctx);
				else this.write(comodel.name, childIds, { [inverse]: false }, ctx);
			};
			const current = () => this.inverseIds(def.name, id, fname) ?? [];
			for (const [op, target, data] of commands) {
				if (op === 0) this.createOne(comodel, { ...(data as Vals), ...link }, ctx);
				else if (op === 1) this.write(comodel.name, [target as number], data, ctx);
				else if (op === 2) this.unlink(comodel.name, [target as number], ctx);
				else if (op === 3) release([target as number]);
				else if (op === 4) this.write(comodel.name, [target as number], link, ctx);
				else if (op === 5) release(current());
				else if (op === 6) {
					const keep = new Set(data as number[]);
					release(current().filter((c) => !keep.has(c)));
					if (keep.size) this.write(comodel.name, [...keep], link, ctx);
				}
			}
			return;
		}
		const table = this.store.table(def.name);
		let ids = [...((table.get(id)![fname] as number[] | undefined) ?? [])];
		const checkExists = (targets: number[]) => {
			const t = this.store.table(comodel.name);
			for (const target of targets) {
				if (t.has(target)) continue;
				if (comodel.recorded) throw this.foreignKey(def, fname);
				this.ensureStub(comodel.name, target);
			}
		};
		for (const [op, target, data] of commands) {
			if (op === 0) ids.push(this.createOne(comodel, data, ctx));
			else if (op === 1) this.write(comodel.name, [target as number], data, ctx);
			else if (op === 2) {
				ids = ids.filter((x) => x !== target);
				this.unlink(comodel.name, [target as number], ctx);
			} else if (op === 3) ids = ids.filter((x) => x !== target);
			else if (op === 4) {
				checkExists([target as number]);
				if (!ids.includes(target as number)) ids.push(target as number);
			} else if (op === 5) ids = [];
			else if (op === 6) {
				checkExists(data as number[]);
				ids = [...new Set(data as number[])];
			}
		}
		this.store.update(def.name, id, { [fname]: ids });
	}

	private checkConstraints(model: string, ids: number[]): void {
		if (model === 'product.product' || model === 'product.template') {
			const variants = [...this.records('product.product')].filter(
				(p) => p.barcode && p.active !== false,
			);
			const byBarcode = new Map<string, Raw[]>();
			for (const p of variants)
				byBarcode.set(String(p.barcode), [...(byBarcode.get(String(p.barcode)) ?? []), p]);
			const dups = [...byBarcode.entries()].filter(([, ps]) => ps.length > 1);
			if (dups.length) {
				const lines = dups.map(
					([b, ps]) =>
						`- Barcode "${b}" already assigned to product(s): ${ps.map((p) => this.displayNameOf('product.product', p)).join(', ')}`,
				);
				throw new OdooError(
					'ValidationError',
					`Barcode(s) already assigned:\n\n${lines.join('\n')}`,
				);
			}
		}
		if (model === 'res.users')
			this.unique(model, ids, ['login'], 'You can not have two users with the same login !');
		if (model === 'ir.model.data') {
			this.unique(
				model,
				ids,
				['module', 'name'],
				'You cannot have multiple records with the same external ID in the same module!',
			);
		}
	}

	private unique(model: string, ids: number[], keys: string[], message: string): void {
		const table = this.store.table(model);
		for (const id of ids) {
			const rec = table.get(id);
			if (!rec) continue;
			for (const other of table.values()) {
				if (other.id !== id && keys.every((k) => other[k] === rec[k]))
					throw new OdooError('ValidationError', message);
			}
		}
	}
}

function normalizeCommands(value: unknown, fname: string): [number, unknown, unknown][] {
	if (value === false || value === null) return [[5, 0, 0]];
	if (!Array.isArray(value))
		throw new OdooError('ValueError', `Wrong value for ${fname}: ${pyRepr(value)}`);
	if (value.every((v) => typeof v === 'number')) return [[6, 0, value]];
	return value.map((c) => {
		if (!Array.isArray(c) || typeof c[0] !== 'number' || c[0] < 0 || c[0] > 6) {
			throw new OdooError('ValueError', `Wrong value for ${fname}: ${pyRepr(value)}`);
		}
		return [c[0], c[1], c[2]];
	});
}

/** The model's _order, restricted to fields that exist in this version's schema. */
function defaultOrder(def: ModelDef): string {
	return (
		def.order
			.split(',')
			.filter((part) => part.trim().split(/\s+/)[0] in def.fields)
			.join(',') || 'id'
	);
}

function mentionsActive(domain: unknown[]): boolean {
	return domain.some(
		(t) => Array.isArray(t) && typeof t[0] === 'string' && t[0].split('.')[0] === 'active',
	);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** PostgreSQL order: NULLs last ascending, first descending. */
function compareValues(a: unknown, b: unknown, desc: boolean): number {
	const nullA = a === null || a === undefined || a === false;
	const nullB = b === null || b === undefined || b === false;
	let c: number;
	if (nullA || nullB) c = nullA === nullB ? 0 : nullA ? 1 : -1;
	else if (typeof a === 'number' && typeof b === 'number') c = a - b;
	else c = String(a).localeCompare(String(b), 'en');
	return desc ? -c : c;
}
