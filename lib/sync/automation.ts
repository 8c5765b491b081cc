/**
 * Instant trigger: Odoo 17+ automation rules (`base.automation`) whose server action (`ir.actions.server`,
 * state `webhook`) POSTs a record's fields to a URL the moment it changes. One rule per event; each rule's
 * URL carries the event and a random secret in its query, since Odoo signs nothing. Our rules are found
 * again by that URL (the n8n webhook URL is unique per trigger node), so re-activation never piles them up.
 */
import { and, type Domain, type FieldsInfo, type OdooClient } from '../odoo';
import { shapeRecord } from './values';

export type InstantEvent = 'created' | 'updated' | 'archived' | 'deleted';

/** The rule trigger of each event (all exist from Odoo 17 to 19; `on_create`/`on_write` are kept next to `on_create_or_write`). */
export const EVENT_TRIGGERS: Record<InstantEvent, string> = {
	created: 'on_create',
	updated: 'on_write',
	archived: 'on_archive',
	deleted: 'on_unlink',
};

export interface InstantRules {
	model: string;
	events: InstantEvent[];
	/** The webhook URL without query: ours are the actions whose URL starts with it. */
	url: string;
	secret: string;
	/** Fields whose change fires `updated` (empty: any write). */
	watch?: string[];
	/** Fields Odoo sends (write_date and create_date are always added, for de-duplication). */
	send?: string[];
	domain?: Domain;
	/** Shown in Odoo as the rule's name, e.g. the workflow and node name. */
	label: string;
}

/** What to do instead: every reason the rules cannot exist has the same way out. */
const FALLBACK = 'use the polling Odoo Trigger instead.';

export function deliveryUrl(url: string, secret: string, event: InstantEvent): string {
	return `${url}?${new URLSearchParams({ event, secret })}`;
}

/** Our rules and actions in Odoo (those whose webhook URL is this trigger's), with the URLs they call. */
export async function findRules(
	client: OdooClient,
	url: string,
): Promise<{ rules: number[]; actions: number[]; urls: string[] }> {
	const actions = (
		await client.searchRead(
			'ir.actions.server',
			[
				['state', '=', 'webhook'],
				['webhook_url', '=like', `${url}?%`],
			],
			{ fields: ['webhook_url', 'base_automation_id'], context: { active_test: false } },
		)
	).filter((a) => String(a.webhook_url).startsWith(`${url}?`));
	const rules = actions.map((a) => a.base_automation_id).filter(Array.isArray);
	return {
		rules: [...new Set(rules.map((r) => r[0] as number))],
		actions: actions.map((a) => a.id),
		urls: actions.map((a) => String(a.webhook_url)),
	};
}

/** Removes our rules and their actions; returns how many rules there were. */
export async function removeRules(client: OdooClient, url: string): Promise<number> {
	const { rules, actions } = await findRules(client, url);
	if (rules.length) await client.unlink('base.automation', rules);
	// Deleting a rule deletes its actions; an action left without its rule goes too.
	const left = actions.length
		? await client.search('ir.actions.server', [['id', 'in', actions]])
		: [];
	if (left.length) await client.unlink('ir.actions.server', left);
	return rules.length;
}

/** Replaces our rules with one per event; fails with a message that points at the polling trigger when Odoo cannot have them. */
export async function installRules(client: OdooClient, spec: InstantRules): Promise<number[]> {
	const { major, server_version } = client.version;
	if (major < 17)
		throw new Error(
			`Odoo ${server_version} cannot send webhooks from automation rules (Odoo 17 or later can): ${FALLBACK}`,
		);
	try {
		const installed = await client.count('ir.model', [['model', '=', 'base.automation']]);
		if (!installed)
			throw new Error(
				`The Automation Rules module (base_automation) is not installed in this Odoo: install it (Apps) or ${FALLBACK}`,
			);
		await removeRules(client, spec.url);
		const [modelId] = await client.search('ir.model', [['model', '=', spec.model]]);
		if (!modelId) throw new Error(`There is no model '${spec.model}' in this Odoo`);
		const names = [...new Set([...(spec.send ?? []), ...(spec.watch ?? [])])];
		const fields = await client.searchRead(
			'ir.model.fields',
			[
				['model', '=', spec.model],
				['name', 'in', [...names, 'create_date', 'write_date']],
			],
			{ fields: ['name'] },
		);
		const idOf = new Map(fields.map((f) => [String(f.name), f.id]));
		const unknown = names.filter((n) => !idOf.has(n));
		if (unknown.length)
			throw new Error(`${spec.model} has no field ${unknown.map((n) => `'${n}'`).join(', ')}`);
		const ids = (list: string[]) => [[6, 0, list.map((n) => idOf.get(n)!)]];
		const send = [...new Set([...(spec.send ?? []), 'create_date', 'write_date'])];
		return await client.create(
			'base.automation',
			spec.events.map((event) => {
				const name = `n8n: ${spec.label} (${event})`;
				const trigger = EVENT_TRIGGERS[event];
				const domain = spec.domain ?? [];
				return {
					name,
					model_id: modelId,
					trigger,
					// on_archive computes its own condition (active = False) and watched field (active).
					...(trigger === 'on_archive'
						? domain.length && {
								filter_domain: pythonLiteral(and([[['active', '=', false]], domain])),
							}
						: { filter_domain: domain.length ? pythonLiteral(domain) : false }),
					...(trigger === 'on_write' &&
						spec.watch?.length && { trigger_field_ids: ids(spec.watch) }),
					action_server_ids: [
						[
							0,
							0,
							{
								name,
								model_id: modelId,
								state: 'webhook',
								usage: 'base_automation',
								webhook_url: deliveryUrl(spec.url, spec.secret, event),
								webhook_field_ids: ids(send),
							},
						],
					],
				};
			}),
		);
	} catch (error) {
		if ((error as { kind?: string }).kind === 'access')
			// Odoo's own words (which model, which groups) go in the details.
			throw Object.assign(
				new Error(
					`This Odoo user may not create automation rules: it needs the Administration › Settings right (base.group_system), or ${FALLBACK}`,
				),
				{ details: (error as Error).message },
			);
		throw error;
	}
}

/** Odoo stores a rule's domain as Python source: JSON with True/False/None. */
export function pythonLiteral(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
	if (value === true) return 'True';
	if (value === false) return 'False';
	if (value === null || value === undefined) return 'None';
	if (typeof value === 'object')
		return `{${Object.entries(value)
			.map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`)
			.join(', ')}}`;
	return JSON.stringify(value);
}

export interface Delivery {
	id: number;
	event: InstantEvent;
	/** Record id + write date + event: the same change delivered twice has the same key. */
	key: string;
	values: Record<string, unknown>;
}

/** Odoo's payload: `{_id, _model, _action, id, <fields>}`, values as `read(load=None)` gives them, dates as Python's str(). */
export function parseDelivery(body: unknown, event: unknown, model: string): Delivery | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const { _id, _model, ...values } = body as Record<string, unknown>;
	delete values._action;
	if (_model !== model || typeof _id !== 'number' || !(String(event) in EVENT_TRIGGERS))
		return undefined;
	return {
		id: _id,
		event: event as InstantEvent,
		key: `${event}/${_id}/${String(values.write_date)}`,
		values: { ...values, id: _id },
	};
}

/**
 * The delivered values in the Odoo node's Search shape: a many2one id becomes `{id, name}` (one `read` of
 * display_name per related model), datetimes lose the microseconds Python's str() gives them.
 */
export async function shapeDelivery(
	client: OdooClient,
	fields: FieldsInfo,
	values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
	const record = { ...values };
	const wanted = new Map<string, Set<number>>();
	for (const [name, value] of Object.entries(record)) {
		const info = fields[name];
		if (info?.type === 'datetime' && typeof value === 'string') record[name] = value.slice(0, 19);
		if (info?.type === 'many2one' && typeof value === 'number' && info.relation)
			wanted.set(info.relation, (wanted.get(info.relation) ?? new Set()).add(value));
	}
	const names = new Map<string, string>();
	for (const [relation, ids] of wanted) {
		// A name the user may not read (another company) leaves it null rather than losing the change.
		const read = await client
			.read(relation, [...ids], ['display_name'], { context: { active_test: false } })
			.catch(() => []);
		for (const r of read) names.set(`${relation}/${r.id}`, String(r.display_name));
	}
	for (const [name, value] of Object.entries(record)) {
		const relation = fields[name]?.type === 'many2one' && fields[name].relation;
		if (relation && typeof value === 'number')
			record[name] = [value, names.get(`${relation}/${value}`) ?? null];
	}
	return shapeRecord(fields, record);
}

/**
 * Deliveries seen within a window, per trigger: Odoo may deliver a change twice (a user re-runs the
 * action, a write in the same transaction). In memory, bounded; one n8n process sees all deliveries
 * of its webhooks (a setup with several webhook processes may let a duplicate through).
 */
export class DeliveryWindow {
	private readonly seen = new Map<string, number>();
	constructor(private readonly max = 10_000) {}

	/** True the first time a key comes within `windowMs`; remembers it. */
	first(key: string, windowMs: number, now = Date.now()): boolean {
		for (const [k, expires] of this.seen) {
			if (expires > now && this.seen.size <= this.max) break;
			this.seen.delete(k);
		}
		const expires = this.seen.get(key);
		if (expires !== undefined && expires > now) return false;
		this.seen.delete(key);
		this.seen.set(key, now + windowMs);
		return true;
	}
}
