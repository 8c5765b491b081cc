/**
 * Model schemas, loaded from the recorded `fields_get` answers copied into
 * test/fixtures/odoo. Models listed in ir_model.json but not recorded get a minimal
 * schema so that they exist (as in a real database) without pretending to know them.
 */
import * as fs from 'fs';
import * as path from 'path';

export type Version = '16.0' | '19.0';

export interface FieldDef {
	type: string;
	string: string;
	relation?: string;
	relation_field?: string;
	required?: boolean;
	readonly?: boolean;
	store?: boolean;
	selection?: [string, string][];
	[attr: string]: unknown;
}

export interface ModelDef {
	name: string;
	description: string;
	fields: Record<string, FieldDef>;
	/** true when the schema was recorded from a real server (its many2ones are checked). */
	recorded: boolean;
	order: string;
	parentField?: string;
	irModelId: number;
	/** one2many field -> inverse field on the comodel (19.0's fields_get omits relation_field) */
	inverses: Record<string, string>;
}

/** Finds test/fixtures/odoo both from the TypeScript sources and from build/. */
export function fixturesDir(): string {
	const candidates = [
		path.resolve(__dirname, '../../fixtures/odoo'),
		path.resolve(__dirname, '../../../../test/fixtures/odoo'),
	];
	const found = candidates.find((d) => fs.existsSync(path.join(d, 'odoo16')));
	if (!found) throw new Error(`fake Odoo: fixtures not found (looked in ${candidates.join(', ')})`);
	return found;
}

export function readFixture<T>(...parts: string[]): T {
	return JSON.parse(fs.readFileSync(path.join(fixturesDir(), ...parts), 'utf8')) as T;
}

// Odoo's `_order` of the models whose default order is not "id".
const DEFAULT_ORDER: Record<string, string> = {
	'res.partner': 'display_name asc, id desc',
	'product.template': 'name, id',
	'product.product': 'default_code, name, id',
	'product.category': 'complete_name, id',
	'crm.lead': 'priority desc, id desc',
	'crm.stage': 'sequence, name, id',
	'crm.team': 'sequence, name, id',
	'sale.order': 'date_order desc, id desc',
	'sale.order.line': 'order_id, sequence, id',
	'res.country': 'name, id',
	'res.country.state': 'code, id',
	'res.currency': 'name, id',
	'res.users': 'name, login, id',
	'res.company': 'sequence, name, id',
	'account.tax': 'sequence, id',
	'uom.uom': 'factor desc, id',
	'mail.message': 'id desc',
	'mail.activity': 'date_deadline asc, id asc',
	'ir.model': 'model, id',
	'ir.model.fields': 'name, id',
	'ir.model.data': 'module, name, id',
};

const MINIMAL_FIELDS = (description: string): Record<string, FieldDef> => {
	const f = (type: string, string: string, extra: Partial<FieldDef> = {}): FieldDef => ({
		type,
		string,
		required: false,
		readonly: false,
		store: true,
		searchable: true,
		sortable: true,
		...extra,
	});
	return {
		id: f('integer', 'ID', { readonly: true }),
		name: f('char', description),
		display_name: f('char', 'Display Name', { readonly: true, store: false }),
		create_uid: f('many2one', 'Created by', { relation: 'res.users', readonly: true }),
		create_date: f('datetime', 'Created on', { readonly: true }),
		write_uid: f('many2one', 'Last Updated by', { relation: 'res.users', readonly: true }),
		write_date: f('datetime', 'Last Updated on', { readonly: true }),
	};
};

export class Registry {
	readonly models = new Map<string, ModelDef>();

	constructor(readonly version: Version) {
		const own = version === '19.0' ? 'odoo19' : 'odoo16';
		const irModels = readFixture<{ id: number; model: string; name: string }[]>(
			'odoo16',
			'ir_model.json',
		);
		const recorded = (dir: string): Set<string> =>
			new Set(
				fs
					.readdirSync(path.join(fixturesDir(), dir, 'fields_get'))
					.map((f) => f.replace(/\.json$/, '')),
			);
		const own19 = version === '19.0' ? recorded('odoo19') : new Set<string>();
		const rec16 = recorded('odoo16');
		for (const m of irModels) {
			let fields: Record<string, FieldDef>;
			let isRecorded = true;
			if (own19.has(m.model)) fields = readFixture(own, 'fields_get', `${m.model}.json`);
			else if (rec16.has(m.model)) fields = readFixture('odoo16', 'fields_get', `${m.model}.json`);
			else {
				fields = MINIMAL_FIELDS(m.name);
				isRecorded = false;
			}
			if (version === '19.0') delete fields.__last_update;
			const parent = fields.parent_id;
			this.models.set(m.model, {
				name: m.model,
				description: m.name,
				fields,
				recorded: isRecorded,
				order: DEFAULT_ORDER[m.model] ?? 'id',
				parentField:
					parent?.type === 'many2one' && parent.relation === m.model ? 'parent_id' : undefined,
				irModelId: m.id,
				inverses: {},
			});
		}
		for (const def of this.models.values()) {
			for (const [name, f] of Object.entries(def.fields)) {
				if (f.type !== 'one2many' || !f.relation) continue;
				const inverse =
					f.relation_field ?? (rec16.has(def.name) ? this.inverse16(def.name, name) : undefined);
				if (inverse) def.inverses[name] = inverse;
			}
		}
	}

	private inverse16(model: string, field: string): string | undefined {
		const fields = readFixture<Record<string, FieldDef>>('odoo16', 'fields_get', `${model}.json`);
		return fields[field]?.relation_field;
	}

	get(model: string): ModelDef | undefined {
		return this.models.get(model);
	}

	/**
	 * A registry like this one with a custom (`x_`) field added to a model. Registries are shared
	 * by the fakes of a version, so the database that adds a field gets its own copy.
	 */
	withField(model: string, name: string, field: FieldDef): Registry {
		const copy = Object.create(Registry.prototype) as Registry;
		Object.assign(copy, { version: this.version, models: new Map(this.models) });
		const def = this.models.get(model)!;
		copy.models.set(model, { ...def, fields: { ...def.fields, [name]: field } });
		return copy;
	}
}
