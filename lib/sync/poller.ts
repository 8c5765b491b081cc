import { Context, Domain, OdooClient, OdooRecord } from '../odoo';

export type PollEvent = 'created' | 'updated' | 'both';

/**
 * Where the last poll stopped. Odoo stamps write_date to the second, at transaction start,
 * so a change can land behind the cursor: each poll re-reads an overlap window and skips
 * the (id, write_date) pairs it has already emitted.
 */
export interface PollCursor {
	/** UTC `YYYY-MM-DD HH:MM:SS`. */
	since: string;
	/** id -> stamp already emitted, for stamps inside the overlap window. */
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

export function shiftStamp(stamp: string, seconds: number): string {
	const t = Date.parse(stamp.replace(' ', 'T') + 'Z') + seconds * 1000;
	return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/** A cursor that emits nothing older than the newest record now in Odoo (server time, not ours). */
export async function initialCursor(client: OdooClient, model: string, event: PollEvent, from?: 'now' | 'all' | string): Promise<PollCursor> {
	if (from === 'all') return { since: '1970-01-01 00:00:00', seen: {} };
	if (from && from !== 'now') return { since: from, seen: {} };
	const field = stampField(event);
	const [last] = await client.searchRead(model, [], { fields: [field], order: `${field} desc, id desc`, limit: 1, context: { active_test: false } });
	const since = (last?.[field] as string) || '1970-01-01 00:00:00';
	// Everything stamped in that second already exists: mark it seen, so only later changes come.
	const same = last ? await client.searchRead(model, [[field, '=', since]], { fields: [field], context: { active_test: false } }) : [];
	return { since, seen: Object.fromEntries(same.map((r) => [String(r.id), since])) };
}

/** Reads the changes after the cursor, each (record, stamp) exactly once. */
export async function poll(client: OdooClient, model: string, cursor: PollCursor, o: PollOptions): Promise<PollResult> {
	const field = stampField(o.event);
	const maxItems = o.maxItems ?? 100;
	const windowStart = shiftStamp(cursor.since, -(o.overlapSeconds ?? 60));
	const fields = o.fields?.length ? [...new Set([...o.fields, 'create_date', 'write_date'])] : undefined;
	const seenCount = Object.keys(cursor.seen).length;
	const page = await client.searchRead(model, [[field, '>=', windowStart], ...(o.domain ?? [])], {
		fields,
		order: `${field} asc, id asc`,
		// Already-emitted records sort among the new ones; read enough to still fill a poll.
		limit: maxItems + seenCount,
		context: o.context,
	});
	const fresh = page.filter((r) => cursor.seen[String(r.id)] !== r[field]);
	const emitted = fresh.slice(0, maxItems);
	const seen = { ...cursor.seen };
	let since = cursor.since;
	for (const r of emitted) {
		seen[String(r.id)] = r[field] as string;
		if ((r[field] as string) > since) since = r[field] as string;
	}
	const keepFrom = shiftStamp(since, -(o.overlapSeconds ?? 60));
	for (const [id, stamp] of Object.entries(seen)) if (stamp < keepFrom) delete seen[id];
	const records = emitted
		.filter((r) => o.event !== 'updated' || r.create_date !== r.write_date)
		.map((r) => ({ ...r, _event: (o.event === 'created' || r.create_date === r.write_date ? 'created' : 'updated') as 'created' | 'updated' }));
	return { records, cursor: { since, seen } };
}
