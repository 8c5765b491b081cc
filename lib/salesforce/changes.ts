import { createHash } from 'node:crypto';
import type { SalesforceRecord } from './client';

/**
 * Salesforce compares SystemModstamp by whole seconds and stamps a write when it starts, so a record committed
 * after a run (or written again within the same second) can carry a stamp at or before that run's cursor. Each
 * run therefore reads again from a minute before the cursor and drops only the rows it already put out exactly
 * as they are (same Id, stamp and values), remembered for that minute.
 */
export const LOOKBACK_MS = 60_000;

export interface ModstampChangesOptions {
	query(soql: string): Promise<SalesforceRecord[]>;
	/** The SOQL for rows with SystemModstamp from `from` on, ordered by SystemModstamp (all rows without it). */
	soql(from?: Date): string;
	since?: string;
	/** What the last run put out, by Id: `stamp|digest of the row`. */
	seen: Record<string, string>;
}

const fingerprint = (r: SalesforceRecord) =>
	`${String(r.SystemModstamp)}|${createHash('sha256').update(JSON.stringify(r)).digest('base64url').slice(0, 16)}`;

/** The new rows, the cursor after them, and the `seen` to give the next run. */
export async function modstampChanges(
	o: ModstampChangesOptions,
): Promise<{ records: SalesforceRecord[]; cursor?: string; seen: Record<string, string> }> {
	const lookback = Object.keys(o.seen).length ? LOOKBACK_MS : 0;
	const from = o.since ? new Date(Date.parse(o.since) - lookback) : undefined;
	const fresh = (await o.query(o.soql(from)))
		.map((r): [SalesforceRecord, string] => [r, fingerprint(r)])
		.filter(([r, f]) => o.seen[String(r.Id)] !== f);
	const records = fresh.map(([r]) => r);
	const cursor = (records[records.length - 1]?.SystemModstamp as string | undefined) ?? o.since;
	const oldest = cursor ? Date.parse(cursor) - LOOKBACK_MS : -Infinity;
	const seen = Object.fromEntries(
		[...Object.entries(o.seen), ...fresh.map(([r, f]) => [String(r.Id), f])].filter(
			([, f]) => Date.parse(f.split('|')[0]) >= oldest,
		),
	);
	return { records, cursor, seen };
}
