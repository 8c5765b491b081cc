import { createHash } from 'node:crypto';
import { and, Context, FieldsInfo, OdooClient, OdooRecord, or, Vals } from '../odoo';
import { OdooError } from '../odoo/errors';
import { stableKey } from './values';

/** How an input record is bound to an Odoo record: by key fields, or by an external id in ir.model.data. */
export type Binding = { fields: string[] } | { xmlidModule: string };

/** A record to bind: its key (from `keyOf`) and its values, which hold the key fields. */
export interface Keyed {
	key: string;
	vals: Vals;
}

/** The binder of the OCA connector: external key ↔ Odoo record, for one model. */
export class Binder {
	constructor(
		private readonly client: OdooClient,
		private readonly model: string,
		private readonly binding: Binding,
	) {}

	/** The record's key as a string (its external id's name when binding by external id), or why it has none. */
	keyOf(vals: Vals, xmlid?: string): string | OdooError {
		const { binding, model } = this;
		if ('xmlidModule' in binding)
			return xmlid || new OdooError('validation', `${model}: the external id is empty`, { model });
		if (!binding.fields.length)
			return new OdooError('validation', `${model}: no key field to match on; set the key fields`, {
				model,
			});
		const missing = binding.fields.filter(
			(f) => vals[f] === undefined || vals[f] === null || vals[f] === '' || vals[f] === false,
		);
		if (missing.length)
			return new OdooError(
				'validation',
				`${model}: key field ${missing.map((f) => `'${f}'`).join(', ')} has no value`,
				{ model, field: missing[0] },
			);
		return stableKey(binding.fields.map((f) => keyText(vals[f])));
	}

	/**
	 * The existing record of each key, with `readFields` read: one lookup (two when binding by external id).
	 * A key that several records share maps to an error; a key without a record is absent.
	 */
	async resolve(
		keyed: Keyed[],
		readFields: string[],
		fields: FieldsInfo,
		context?: Context,
	): Promise<Map<string, OdooRecord | OdooError>> {
		const { binding, client, model } = this;
		const found = new Map<string, OdooRecord | OdooError>();
		if (!keyed.length) return found;
		// Archived records keep their keys: match them too, or a re-run would duplicate them.
		const ctx = { ...context, active_test: false };
		if ('xmlidModule' in binding) {
			const refs = await client.searchRead(
				'ir.model.data',
				[
					['model', '=', model],
					['module', '=', binding.xmlidModule],
					['name', 'in', keyed.map((k) => k.key)],
				],
				{ fields: ['name', 'res_id'] },
			);
			const records = refs.length
				? await client.read(
						model,
						refs.map((r) => Number(r.res_id)),
						readFields,
						{ context: ctx },
					)
				: [];
			const byId = new Map(records.map((r) => [r.id, r]));
			for (const r of refs)
				if (byId.has(Number(r.res_id))) found.set(String(r.name), byId.get(Number(r.res_id))!);
			return found;
		}
		const keyFields = binding.fields;
		const domain =
			keyFields.length === 1
				? [[keyFields[0], 'in', keyed.map((k) => k.vals[keyFields[0]])]]
				: or(keyed.map((k) => and(keyFields.map((f) => [[f, '=', k.vals[f]]]))));
		const records = await client.searchRead(model, domain, {
			fields: [...new Set([...keyFields, ...readFields])],
			context: ctx,
		});
		const byKey = new Map<string, OdooRecord[]>();
		for (const r of records) {
			const k = this.keyOfRecord(r, fields);
			byKey.set(k, [...(byKey.get(k) ?? []), r]);
		}
		for (const [key, same] of byKey) {
			if (same.length === 1) found.set(key, same[0]);
			else
				found.set(
					key,
					new OdooError(
						'validation',
						`${model}: ${same.length} records share the key ${key} (ids ${same.map((r) => r.id).join(', ')}); make the key unique`,
						{ model },
					),
				);
		}
		return found;
	}

	/**
	 * The external id a new record is created with, in the same `load`: Odoo keeps ir.model.data
	 * unique on (module, name), so two executions creating one key conflict there and one loses.
	 * Key fields get a synthetic one in UPSERT_MODULE, named by a hash of model and key.
	 */
	xmlidOf(key: string): string {
		const { binding, model } = this;
		if ('xmlidModule' in binding) return `${binding.xmlidModule}.${key}`;
		return `${UPSERT_MODULE}.${createHash('sha1').update(`${model}\0${key}`).digest('hex')}`;
	}

	/**
	 * The context of that `load`. By external id it creates or updates (the id is the binding).
	 * By key fields the external id is only a lock: `mode: update` with `noupdate` makes load
	 * leave a record it already names untouched (its key may have changed since), so the caller
	 * reads the created records back to check their keys (`verifiesKeys`).
	 */
	get loadContext(): Context {
		return 'xmlidModule' in this.binding ? {} : { mode: 'update', noupdate: true };
	}

	get keyFields(): string[] | undefined {
		return 'fields' in this.binding ? this.binding.fields : undefined;
	}

	/** The key of a record as read (key-field binding). */
	keyOfRecord(record: OdooRecord, fields: FieldsInfo): string {
		return stableKey(this.keyFields!.map((f) => keyText(record[f], fields[f]?.type)));
	}
}

/** The module of the synthetic external ids that lock key-field upserts. */
export const UPSERT_MODULE = '__n8n_upsert__';

/** Key values compare as text, with a many2one read as [id, name] reduced to its id. */
function keyText(value: unknown, type?: string): string {
	if (type === 'many2one' && Array.isArray(value)) return String(value[0]);
	return String(value);
}
