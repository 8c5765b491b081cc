import type { ClientifyClient, ClientifyRecord } from './client';
import { ClientifyError } from './errors';
import { RESOURCES, type ResourceName } from './resources';

export type UpsertAction = 'created' | 'updated' | 'unchanged';

export interface UpsertResult {
	action: UpsertAction;
	id: unknown;
	record: ClientifyRecord;
}

/** One outcome per input record, in input order; a failed record never sinks the others. */
export type UpsertOutcome =
	| { ok: true; result: UpsertResult }
	| { ok: false; error: ClientifyError };

export interface UpsertOptions {
	/** Field that identifies a record; defaults to the resource's key (email, taxpayer id, sku). */
	key?: string;
	/**
	 * `filter`: one filtered list call per distinct key (few keys, big account).
	 * `scan`: one paged listing of the whole resource (many keys, small catalogue).
	 */
	lookup?: 'filter' | 'scan';
	/** Query parameter used by `filter`; defaults to the resource's (`email` for contacts, `query` otherwise). */
	lookupParam?: string;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Reads `field` from a Clientify record. Clientify answers a written `email`/`phone` with
 * `emails`/`phones` arrays, so a missing scalar falls back to the plural list's values.
 */
function readField(record: ClientifyRecord, field: string): unknown[] {
	if (field in record) return [record[field]];
	const plural = record[`${field}s`];
	if (Array.isArray(plural))
		return plural.map((e) => (e && typeof e === 'object' ? (e as ClientifyRecord)[field] : e));
	return [undefined];
}

/** True when `wanted` (what we would write) is already what Clientify holds in `actual`. */
export function sameValue(wanted: unknown, actual: unknown): boolean {
	if (isBlank(wanted) && isBlank(actual)) return true;
	if (Array.isArray(wanted)) {
		// Syncs never delete, so extra elements on the Clientify side do not count as a difference.
		return Array.isArray(actual) && wanted.every((w) => actual.some((a) => sameValue(w, a)));
	}
	if (wanted && typeof wanted === 'object') {
		if (!actual || typeof actual !== 'object') return false;
		return Object.entries(wanted as ClientifyRecord).every(([k, v]) =>
			readField(actual as ClientifyRecord, k).some((a) => sameValue(v, a)),
		);
	}
	if (typeof wanted === 'number' || typeof actual === 'number') {
		// DRF renders decimals as strings ("10.00").
		return !isBlank(wanted) && !isBlank(actual) && Number(wanted) === Number(actual);
	}
	return String(wanted) === String(actual);
}

/**
 * The part of `input` that differs from `existing`; empty means no write is needed.
 * `key` is skipped: the binder already matched it (case-insensitively, as emails are).
 */
export function changedFields(
	input: ClientifyRecord,
	existing: ClientifyRecord,
	key?: string,
): ClientifyRecord {
	const changes: ClientifyRecord = {};
	for (const [field, value] of Object.entries(input)) {
		if (field === 'id' || field === key) continue;
		if (!readField(existing, field).some((actual) => sameValue(value, actual)))
			changes[field] = value;
	}
	return changes;
}

const normKey = (v: unknown) => (isBlank(v) ? undefined : String(v).trim().toLowerCase());

/** v2 returns only the fields asked for, so ask for every field the batch will compare. */
function fieldsToCompare(resource: ResourceName, records: ClientifyRecord[]): string[] {
	const defaults = RESOURCES[resource].defaultFields;
	const fields = new Set(defaults);
	for (const r of records)
		for (const k of Object.keys(r)) fields.add(defaults.includes(`${k}s`) ? `${k}s` : k);
	return [...fields];
}

/** Binder: key value → the existing Clientify record (the oldest one when Clientify holds duplicates). */
async function resolveKeys(
	client: ClientifyClient,
	resource: ResourceName,
	key: string,
	keys: string[],
	options: UpsertOptions,
	fields: string[],
): Promise<Map<string, ClientifyRecord>> {
	const bound = new Map<string, ClientifyRecord>();
	const bind = (record: ClientifyRecord) => {
		for (const value of readField(record, key)) {
			const k = normKey(value);
			if (k === undefined || !keys.includes(k)) continue;
			const prior = bound.get(k);
			if (!prior || Number(record.id) < Number(prior.id)) bound.set(k, record);
		}
	};
	if (options.lookup === 'scan') {
		(await client.getMany(resource, { fields })).forEach(bind);
		return bound;
	}
	const param = options.lookupParam ?? RESOURCES[resource].lookupParam ?? key;
	for (const k of keys)
		(await client.getMany(resource, { filters: { [param]: k }, fields })).forEach(bind);
	return bound;
}

/**
 * Creates or updates each record by its key: all keys are looked up first (one list call per
 * distinct key, or one scan), then each record is created, updated with only the fields that
 * differ, or left alone. Records sharing a key within the batch end up as one Clientify record.
 */
export async function upsertRecords(
	client: ClientifyClient,
	resource: ResourceName,
	records: ClientifyRecord[],
	options: UpsertOptions = {},
): Promise<UpsertOutcome[]> {
	const key = options.key ?? RESOURCES[resource].upsertKey;
	if (!key)
		throw new ClientifyError(
			'input',
			`Clientify ${resource}s have no upsert key: set one in the Match On option`,
		);
	const keyOf = records.map((r) => {
		const values = readField(r, key);
		return normKey(values.find((v) => !isBlank(v)));
	});
	const distinct = [...new Set(keyOf.filter((k): k is string => k !== undefined))];
	const bound = distinct.length
		? await resolveKeys(
				client,
				resource,
				key,
				distinct,
				options,
				fieldsToCompare(resource, records),
			)
		: new Map();

	const outcomes: UpsertOutcome[] = [];
	for (const [i, record] of records.entries()) {
		const k = keyOf[i];
		if (k === undefined) {
			outcomes.push({
				ok: false,
				error: new ClientifyError(
					'input',
					`Clientify ${resource} upsert needs a value in "${key}": map the key field`,
				),
			});
			continue;
		}
		try {
			const existing = bound.get(k);
			if (!existing) {
				const created = await client.create(resource, record);
				bound.set(k, created);
				outcomes.push({ ok: true, result: { action: 'created', id: created.id, record: created } });
				continue;
			}
			const changes = changedFields(record, existing, key);
			if (!Object.keys(changes).length) {
				outcomes.push({
					ok: true,
					result: { action: 'unchanged', id: existing.id, record: existing },
				});
				continue;
			}
			const updated = {
				...existing,
				...(await client.update(resource, existing.id as string | number, changes)),
			};
			bound.set(k, updated);
			outcomes.push({ ok: true, result: { action: 'updated', id: updated.id, record: updated } });
		} catch (error) {
			outcomes.push({
				ok: false,
				error:
					error instanceof ClientifyError
						? error
						: new ClientifyError('server', (error as Error).message),
			});
		}
	}
	return outcomes;
}
