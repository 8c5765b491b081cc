import { createHash } from 'node:crypto';
import { Context, Domain, OdooClient, OdooRecord } from '../odoo';
import { stableKey } from './values';

export type PollEvent = 'created' | 'updated' | 'both';

/**
 * Where the last poll stopped. Odoo reads write_date to the second (16 stores microseconds, 19
 * seconds), stamped at transaction start, so a change can land behind the cursor: each poll
 * re-reads an overlap window and skips the record versions it has already emitted. A version is
 * the stamp plus a fingerprint of the values read, so a second write within the same second is a
 * new version when it changed a returned field.
 */
export interface PollCursor {
	/** UTC `YYYY-MM-DD HH:MM:SS`. */
	since: string;
	/** Nothing stamped before this is emitted: the activation second for "start from now". */
	floor?: string;
	/** id -> version already emitted, for stamps inside the overlap window. */
	seen: Record<string, string>;
}

export interface PollOptions {
	event: PollEvent;
	domain?: Domain;
	fields?: string[];
	/** At most this many records a poll; the rest come next time (default 100). */
	maxItems?: number;
	/** Seconds re-read behind the cursor (default 60). */
	overlapSeconds?: number;
	context?: Context;
}

export interface PollResult {
	records: (OdooRecord & { _event: 'created' | 'updated' })[];
	cursor: PollCursor;
}

const stampField = (event: PollEvent) => (event === 'created' ? 'create_date' : 'write_date');

/** `stamp#fingerprint`; the stamp (19 characters) leads, for pruning. */
function versionOf(record: OdooRecord, field: string): string {
	const fingerprint = createHash('sha1').update(stableKey(record)).digest('base64').slice(0, 12);
	return `${record[field] as string}#${fingerprint}`;
}

const stampOf = (version: string) => version.slice(0, 19);

export function shiftStamp(stamp: string, seconds: number): string {
	const t = Date.parse(stamp.replace(' ', 'T') + 'Z') + seconds * 1000;
	return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A cursor that emits nothing older than the newest record now in Odoo (server time, not ours):
 * the floor keeps the overlap window from reaching back before activation.
 */
export async function initialCursor(
	client: OdooClient,
	model: string,
	event: PollEvent,
	from?: 'now' | 'all' | string,
	o: Pick<PollOptions, 'fields' | 'context'> = {},
): Promise<PollCursor> {
	if (from === 'all') return { since: '1970-01-01 00:00:00', seen: {} };
	if (from && from !== 'now') return { since: from, floor: from, seen: {} };
	const field = stampField(event);
	const context = { ...o.context, active_test: false };
	const [last] = await client.searchRead(model, [], {
		fields: [field],
		order: `${field} desc, id desc`,
		limit: 1,
		context,
	});
	if (!last) return { since: '1970-01-01 00:00:00', seen: {} };
	const since = last[field] as string;
	// The records of that second already exist: mark their versions seen, so only later changes come.
	// '>=', not '=': Odoo 16 stores microseconds, which '=' on the second never matches.
	const same = await client.searchRead(model, [[field, '>=', since]], {
		fields: readFields(o.fields),
		context,
	});
	return {
		since,
		floor: since,
		seen: Object.fromEntries(same.map((r) => [String(r.id), versionOf(r, field)])),
	};
}

/** The fields a poll reads (all when none are chosen); the stamps are always among them. */
function readFields(fields?: string[]): string[] | undefined {
	return fields?.length ? [...new Set([...fields, 'create_date', 'write_date'])] : undefined;
}

/** Reads the changes after the cursor, each (record, stamp) exactly once. */
export async function poll(
	client: OdooClient,
	model: string,
	cursor: PollCursor,
	o: PollOptions,
): Promise<PollResult> {
	const field = stampField(o.event);
	const maxItems = o.maxItems ?? 100;
	const overlapStart = shiftStamp(cursor.since, -(o.overlapSeconds ?? 60));
	const windowStart = cursor.floor && cursor.floor > overlapStart ? cursor.floor : overlapStart;
	const seenCount = Object.keys(cursor.seen).length;
	const page = await client.searchRead(model, [[field, '>=', windowStart], ...(o.domain ?? [])], {
		fields: readFields(o.fields),
		order: `${field} asc, id asc`,
		// Already-emitted records sort among the new ones; read enough to still fill a poll.
		limit: maxItems + seenCount,
		context: o.context,
	});
	const fresh = page.filter((r) => cursor.seen[String(r.id)] !== versionOf(r, field));
	const emitted = fresh.slice(0, maxItems);
	const seen = { ...cursor.seen };
	let since = cursor.since;
	for (const r of emitted) {
		seen[String(r.id)] = versionOf(r, field);
		if ((r[field] as string) > since) since = r[field] as string;
	}
	const keepFrom = shiftStamp(since, -(o.overlapSeconds ?? 60));
	for (const [id, version] of Object.entries(seen))
		if (stampOf(version) < keepFrom) delete seen[id];
	// Odoo shows create_date = write_date for a record rewritten within its creation second; having emitted it before tells.
	const created = (r: OdooRecord) =>
		r.create_date === r.write_date && cursor.seen[String(r.id)] === undefined;
	const records = emitted
		.filter((r) => o.event !== 'updated' || !created(r))
		.map((r) => ({
			...r,
			_event: (o.event === 'created' || created(r) ? 'created' : 'updated') as
				| 'created'
				| 'updated',
		}));
	return { records, cursor: { since, floor: cursor.floor, seen } };
}
