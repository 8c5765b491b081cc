/**
 * The public model methods (what `execute_kw` and `/json/2/<model>/<method>` can call):
 * argument binding with Python's rules and errors, then the ORM.
 */
import { OdooError } from './errors';
import type { Ctx, Orm, Vals } from './orm';
import { PyFloat, pyRepr } from './values';

export interface MethodCall {
	model: string;
	method: string;
	ids: number[];
	/** positional arguments after the ids */
	args: unknown[];
	kwargs: Vals;
	ctx: Ctx;
}

export type Hook = (ctx: {
	env: unknown;
	ids: number[];
	args: unknown[];
	kwargs: Record<string, unknown>;
	uid: number;
	context: Record<string, unknown>;
}) => unknown;

interface MethodDef {
	/** parameters after self (and after the ids for record methods), `?` marks optional ones */
	params: string[];
	record?: boolean;
	/** accepts any keyword (**kwargs) */
	varkw?: boolean;
	/** the class named in TypeErrors about unexpected keywords */
	owner?: string;
	onlyOn?: (orm: Orm, model: string) => boolean;
	run(orm: Orm, a: Vals, c: MethodCall): unknown;
}

const list = (v: unknown): unknown[] =>
	Array.isArray(v) ? v : v === undefined || v === null || v === false ? [] : [v];
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const fieldNames = (v: unknown): string[] | undefined =>
	Array.isArray(v) && v.length ? (v as string[]) : undefined;

function search(orm: Orm, c: MethodCall, domain: unknown, a: Vals): number[] {
	orm.checkAccess(orm.def(c.model), 'read', c.ctx.uid);
	return orm.searchIds(
		c.model,
		list(domain),
		c.ctx.context,
		a.order as string | undefined,
		num(a.limit),
		num(a.offset),
	);
}

const METHODS: Record<string, MethodDef> = {
	search: {
		params: ['domain', 'offset?', 'limit?', 'order?', 'count?'],
		run: (orm, a, c) =>
			a.count ? search(orm, c, a.domain, a).length : search(orm, c, a.domain, a),
	},
	search_read: {
		params: ['domain?', 'fields?', 'offset?', 'limit?', 'order?', 'load?'],
		run: (orm, a, c) =>
			orm.read(
				c.model,
				search(orm, c, a.domain, a),
				fieldNames(a.fields),
				c.ctx,
				(a.load as string) ?? '_classic_read',
			),
	},
	read: {
		params: ['fields?', 'load?'],
		record: true,
		run: (orm, a, c) =>
			orm.read(c.model, c.ids, fieldNames(a.fields), c.ctx, (a.load as string) ?? '_classic_read'),
	},
	search_count: {
		params: ['domain', 'limit?'],
		run: (orm, a, c) => search(orm, c, a.domain, { limit: a.limit }).length,
	},
	create: {
		params: ['vals_list'],
		run: (orm, a, c) => {
			const single = !Array.isArray(a.vals_list);
			const ids = orm.create(
				c.model,
				single ? [a.vals_list as Vals] : (a.vals_list as Vals[]),
				c.ctx,
			);
			return single ? ids[0] : ids;
		},
	},
	write: {
		params: ['vals'],
		record: true,
		run: (orm, a, c) => orm.write(c.model, c.ids, a.vals, c.ctx),
	},
	unlink: { params: [], record: true, run: (orm, _a, c) => orm.unlink(c.model, c.ids, c.ctx) },
	exists: {
		params: [],
		record: true,
		run: (orm, _a, c) => c.ids.filter((id) => orm.store.table(c.model).has(id)),
	},
	fields_get: {
		params: ['allfields?', 'attributes?'],
		run: (orm, a, c) => {
			const fields = orm.def(c.model).fields;
			const names = fieldNames(a.allfields) ?? Object.keys(fields);
			const attrs = fieldNames(a.attributes);
			const out: Record<string, unknown> = {};
			for (const n of names.filter((x) => x in fields)) {
				out[n] = attrs
					? Object.fromEntries(attrs.filter((k) => k in fields[n]).map((k) => [k, fields[n][k]]))
					: fields[n];
			}
			return out;
		},
	},
	name_search: {
		params: ['name?', 'args?', 'operator?', 'limit?'],
		run: (orm, a, c) => {
			const domain = [...list(a.args ?? a.domain)];
			if (a.name) domain.push(['display_name', (a.operator as string) ?? 'ilike', a.name]);
			return search(orm, c, domain, { limit: a.limit ?? 100 }).map((id) => [
				id,
				orm.displayName(c.model, id),
			]);
		},
	},
	name_create: {
		params: ['name'],
		run: (orm, a, c) => {
			const [id] = orm.create(c.model, [{ name: a.name }], c.ctx);
			return [id, orm.displayName(c.model, id)];
		},
	},
	name_get: {
		params: [],
		record: true,
		onlyOn: (orm) => !orm.v19,
		run: (orm, _a, c) =>
			c.ids
				.filter((id) => orm.store.table(c.model).has(id))
				.map((id) => [id, orm.displayName(c.model, id)]),
	},
	default_get: {
		params: ['fields_list'],
		run: (orm, a, c) => {
			const def = orm.def(c.model);
			const out: Vals = {};
			for (const f of list(a.fields_list ?? a.fields) as string[]) {
				if (!(f in def.fields)) continue;
				const v = orm.defaultFor(def, f, {}, c.ctx);
				if (v !== undefined)
					out[f] =
						def.fields[f].type === 'float' || def.fields[f].type === 'monetary'
							? new PyFloat(Number(v))
							: v;
			}
			return out;
		},
	},
	check_access_rights: {
		params: ['operation', 'raise_exception?'],
		run: (orm, a, c) => {
			try {
				orm.checkAccess(orm.def(c.model), a.operation as 'read', c.ctx.uid);
				return true;
			} catch (e) {
				if (a.raise_exception === false) return false;
				throw e;
			}
		},
	},
	read_group: {
		params: ['domain', 'fields', 'groupby', 'offset?', 'limit?', 'orderby?', 'lazy?'],
		run: (orm, a, c) => readGroup(orm, c, a),
	},
	message_post: {
		params: [],
		record: true,
		varkw: true,
		onlyOn: (orm, model) => 'message_ids' in orm.def(model).fields,
		run: (orm, a, c) => {
			if (c.ids.length !== 1)
				throw new OdooError('ValueError', `Expected singleton: ${c.model}${pyRepr(c.ids, true)}`);
			const user = orm.store.table('res.users').get(c.ctx.uid);
			const [id] = orm.create(
				'mail.message',
				[
					{
						model: c.model,
						res_id: c.ids[0],
						body: a.body ?? '',
						subject: a.subject ?? false,
						message_type: a.message_type ?? 'notification',
						author_id: a.author_id ?? user?.partner_id ?? false,
						partner_ids: a.partner_ids ?? [],
					},
				],
				{ ...c.ctx, uid: 1 },
			);
			return id;
		},
	},
	context_get: {
		params: [],
		onlyOn: (_orm, model) => model === 'res.users',
		run: (_orm, _a, c) => ({ lang: 'en_US', tz: 'Europe/Brussels', uid: c.ctx.uid }),
	},
	load: {
		params: ['fields', 'data'],
		run: (orm, a, c) => load(orm, c, a.fields as string[], a.data as unknown[][]),
	},
};

/** Binds Python-style arguments; raises the TypeErrors Python would. */
function bind(def: MethodDef, name: string, c: MethodCall, orm: Orm): Vals {
	const params = def.params.map((p) => p.replace('?', ''));
	if (orm.v19 && name === 'name_search') params[1] = 'domain';
	if (orm.v19 && name === 'default_get') params[0] = 'fields';
	const owner =
		def.owner ??
		(name === 'search_read'
			? orm.v19
				? 'BaseModel._read_format'
				: 'BaseModel.read'
			: `BaseModel.${name}`);
	if (c.args.length > params.length && !def.varkw) {
		throw new OdooError(
			'TypeError',
			`${owner}() takes from 1 to ${params.length + 1} positional arguments but ${c.args.length + 1} were given`,
		);
	}
	const out: Vals = {};
	c.args.forEach((v, i) => (out[params[i]] = v));
	for (const [k, v] of Object.entries(c.kwargs)) {
		if (!def.varkw && !params.includes(k)) {
			throw new OdooError('TypeError', `${owner}() got an unexpected keyword argument '${k}'`);
		}
		out[k] = v;
	}
	const missing = def.params.filter((p) => !p.endsWith('?') && !(p in out));
	if (missing.length) {
		throw new OdooError(
			'TypeError',
			`BaseModel.${name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(' and ')}`,
		);
	}
	return out;
}

export class Methods {
	readonly hooks = new Map<string, Hook>();

	constructor(
		private readonly orm: Orm,
		private readonly env: unknown,
	) {}

	/** Whether `model.method` can be called (for "does not exist" errors). */
	has(model: string, method: string): boolean {
		if (this.hooks.has(`${model}.${method}`)) return true;
		const def = METHODS[method];
		return !!def && (!def.onlyOn || def.onlyOn(this.orm, model));
	}

	/** Whether positional args of `method` start with ids (Odoo's record methods). */
	isRecordMethod(model: string, method: string, firstArg: unknown): boolean {
		if (this.hooks.has(`${model}.${method}`)) {
			return (
				typeof firstArg === 'number' ||
				(Array.isArray(firstArg) && firstArg.every((x) => typeof x === 'number'))
			);
		}
		return !!METHODS[method]?.record;
	}

	call(c: MethodCall): unknown {
		const hook = this.hooks.get(`${c.model}.${c.method}`);
		if (hook) {
			this.orm.def(c.model);
			return hook({
				env: this.env,
				ids: c.ids,
				args: c.args,
				kwargs: c.kwargs,
				uid: c.ctx.uid,
				context: c.ctx.context,
			});
		}
		const def = METHODS[c.method];
		return def.run(this.orm, bind(def, c.method, c, this.orm), c);
	}
}

function readGroup(orm: Orm, c: MethodCall, a: Vals): unknown[] {
	const def = orm.def(c.model);
	const [groupSpec] = list(a.groupby) as string[];
	if (!groupSpec) throw new OdooError('ValueError', 'read_group: a groupby field is required');
	const [gname, granularity = 'month'] = groupSpec.split(':');
	if (!(gname in def.fields)) throw orm.invalidFieldInRead(c.model, gname);
	const field = def.fields[gname];
	const domain = list(a.domain);
	const ids = search(orm, c, domain, {});
	const aggregates = (list(a.fields) as string[])
		.map((spec) => {
			const m = /^(\w+)(?::(\w+)(?:\((\w+)\))?)?$/.exec(spec);
			if (!m) return undefined;
			const [, alias, fn = 'sum', source = alias] = m;
			const f = def.fields[source];
			const numeric = f && ['integer', 'float', 'monetary'].includes(f.type);
			return numeric && source !== gname
				? { alias, fn, source, float: f.type !== 'integer' }
				: undefined;
		})
		.filter((x): x is { alias: string; fn: string; source: string; float: boolean } => !!x);
	const table = orm.store.table(c.model);
	const groups = new Map<string, { key: unknown; ids: number[] }>();
	for (const id of ids) {
		let key = orm.get(c.model, table.get(id)!, gname);
		if ((field.type === 'date' || field.type === 'datetime') && typeof key === 'string') {
			key =
				granularity === 'year'
					? key.slice(0, 4)
					: granularity === 'day'
						? key.slice(0, 10)
						: key.slice(0, 7);
		}
		if (key === undefined || key === null || key === '') key = false;
		const k = JSON.stringify(key);
		if (!groups.has(k)) groups.set(k, { key, ids: [] });
		groups.get(k)!.ids.push(id);
	}
	const countKey = a.lazy === false ? '__count' : `${gname}_count`;
	return [...groups.values()].map(({ key, ids: gids }) => {
		const row: Vals = {
			[groupSpec]:
				field.type === 'many2one' && key
					? [key, orm.displayName(field.relation!, key as number)]
					: key,
			[countKey]: gids.length,
		};
		for (const agg of aggregates) {
			const values = gids.map((id) => Number(orm.get(c.model, table.get(id)!, agg.source) ?? 0));
			const v =
				agg.fn === 'max'
					? Math.max(...values)
					: agg.fn === 'min'
						? Math.min(...values)
						: agg.fn === 'count'
							? values.length
							: values.reduce((s, x) => s + x, 0);
			row[agg.alias] = agg.float && agg.fn !== 'count' ? new PyFloat(v) : v;
		}
		row.__domain = [[gname, '=', key], ...domain];
		return row;
	});
}

/**
 * Odoo's import (`load`): columns `id` (external id), `.id` (database id), plain fields,
 * `field/id` and `field/.id` for relations. All rows are imported or none. Context `mode:
 * 'update'` leaves a record named by a `noupdate` external id untouched; `noupdate` marks the
 * external ids it creates. A row whose external id or record a transaction committed while
 * this call ran (Store.snapshot) fails as PostgreSQL's repeatable read makes it fail in Odoo.
 */
function load(orm: Orm, c: MethodCall, fields: string[], data: unknown[][]): unknown {
	orm.def(c.model);
	const messages: Vals[] = [];
	const ids: number[] = [];
	const rollback = new Error('rollback');
	const xmlid = (ref: string): { module: string; name: string } => {
		const [module, ...rest] = ref.includes('.') ? ref.split('.') : ['__import__', ref];
		return { module, name: rest.join('.') || ref };
	};
	const findXmlid = (ref: string, model: string) => {
		const { module, name } = xmlid(ref);
		return [...orm.records('ir.model.data')].find(
			(r) => r.module === module && r.name === name && r.model === model,
		);
	};
	const resolveXmlid = (ref: string, model: string): number | undefined => {
		const hit = findXmlid(ref, model);
		return hit && orm.store.table(model).has(hit.res_id as number)
			? (hit.res_id as number)
			: undefined;
	};
	const conflict = (model: string, id: number | undefined) => {
		if (id !== undefined && orm.store.changedConcurrently(model, id))
			throw new OdooError(
				'SerializationFailure',
				'could not serialize access due to concurrent update',
			);
	};
	try {
		orm.store.transaction(() => {
			data.forEach((row, index) => {
				try {
					const vals: Vals = {};
					let ext: string | undefined;
					let dbId: number | undefined;
					fields.forEach((col, i) => {
						const cell = row[i];
						const text = cell === undefined || cell === null || cell === false ? '' : String(cell);
						if (col === 'id') ext = text || undefined;
						else if (col === '.id') dbId = text ? Number(text) : undefined;
						else vals[col.split('/')[0]] = importValue(orm, c, col, text, resolveXmlid);
					});
					let id = dbId;
					const ref = id === undefined && ext ? findXmlid(ext, c.model) : undefined;
					conflict('ir.model.data', ref?.id);
					if (ref) id = resolveXmlid(ext!, c.model);
					conflict(c.model, id);
					if (id !== undefined) {
						if (!orm.store.table(c.model).has(id))
							throw orm.missingRecords(c.model, [id], c.ctx.uid);
						if (!(c.ctx.context.mode === 'update' && ref?.noupdate))
							orm.write(c.model, [id], vals, c.ctx);
					} else {
						// A new line updates its parent's stored totals (a sale order's amounts): a parent
						// written by another transaction since this one began fails the row, as in Odoo.
						for (const [f, v] of Object.entries(vals))
							if (isParentLink(orm, c.model, f))
								conflict(orm.def(c.model).fields[f].relation!, v as number);
						[id] = orm.create(c.model, [vals], c.ctx);
						if (ref) orm.unlink('ir.model.data', [ref.id], { ...c.ctx, uid: 1 });
						if (ext)
							orm.create(
								'ir.model.data',
								[{ ...xmlid(ext), model: c.model, res_id: id, noupdate: !!c.ctx.context.noupdate }],
								{ ...c.ctx, uid: 1 },
							);
					}
					ids.push(id);
				} catch (e) {
					const err = e instanceof OdooError ? e : new OdooError('ValueError', String(e));
					messages.push({
						type: 'error',
						message: err.message,
						record: index,
						rows: { from: index, to: index },
					});
				}
			});
			if (messages.length) throw rollback;
		});
	} catch (e) {
		if (e !== rollback) throw e;
	}
	return { ids: messages.length ? false : ids, messages, nextrow: 0 };
}

/** A many2one whose target lists this model's records in a one2many (a line's order, say). */
function isParentLink(orm: Orm, model: string, field: string): boolean {
	const f = orm.def(model).fields[field];
	const parent = f?.type === 'many2one' && f.relation ? orm.registry.get(f.relation) : undefined;
	return Object.entries(parent?.inverses ?? {}).some(
		([o2m, inverse]) => inverse === field && parent!.fields[o2m].relation === model,
	);
}

function importValue(
	orm: Orm,
	c: MethodCall,
	col: string,
	text: string,
	resolveXmlid: (ref: string, model: string) => number | undefined,
): unknown {
	const def = orm.def(c.model);
	const [fname, sub] = col.split('/');
	const field = def.fields[fname];
	if (!field) throw new OdooError('ValueError', `Unknown field '${col}' on model '${c.model}'`);
	const many = field.type === 'many2many' || field.type === 'one2many';
	const relational = field.type === 'many2one' || many;
	if (!relational) {
		if (text === '') return false;
		if (field.type === 'boolean') return !['0', 'false', 'no', 'off'].includes(text.toLowerCase());
		if (field.type === 'integer') return parseInt(text, 10);
		if (field.type === 'float' || field.type === 'monetary') return parseFloat(text);
		if (field.type === 'selection') {
			const hit = field.selection?.find(
				([k, label]) => k === text || label.toLowerCase() === text.toLowerCase(),
			);
			if (!hit)
				throw new OdooError(
					'ValueError',
					`Value '${text}' not found in selection field '${fname}'`,
				);
			return hit[0];
		}
		return text;
	}
	if (text === '') return many ? [[6, 0, []]] : false;
	const refs = many ? text.split(',').map((s) => s.trim()) : [text];
	const target = field.relation!;
	const resolved = refs.map((ref) => {
		let id: number | undefined;
		if (sub === '.id') id = orm.store.table(target).has(Number(ref)) ? Number(ref) : undefined;
		else if (sub === 'id') id = resolveXmlid(ref, target);
		else
			id = orm.searchIds(
				target,
				[['display_name', '=ilike', ref]],
				{ active_test: false },
				undefined,
				1,
			)[0];
		if (id === undefined) {
			const kind = sub === 'id' ? 'external id' : sub === '.id' ? 'database id' : 'name';
			throw new OdooError(
				'ValueError',
				`No matching record found for ${kind} '${ref}' in field '${field.string}'`,
			);
		}
		return id;
	});
	return many ? [[6, 0, resolved]] : resolved[0];
}
