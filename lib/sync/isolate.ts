import { OdooError } from '../odoo/errors';

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: OdooError };

/** Faults that concern the records sent, so a smaller batch may succeed. */
const RECORD_FAULTS = new Set(['validation', 'missing', 'access', 'server']);

/**
 * Runs `run` on the whole batch; when Odoo rejects it because of a record, splits the
 * batch in halves until the bad records stand alone, so the others still land.
 * `run` returns one result per input, in order.
 */
export async function isolate<T, R>(
	batch: T[],
	run: (part: T[]) => Promise<R[]>,
): Promise<Outcome<R>[]> {
	if (!batch.length) return [];
	try {
		return (await run(batch)).map((value) => ({ ok: true, value }));
	} catch (err) {
		const error =
			err instanceof OdooError
				? err
				: new OdooError('server', String((err as Error)?.message ?? err));
		if (batch.length === 1 || !RECORD_FAULTS.has(error.kind) || error.retryable)
			return batch.map(() => ({ ok: false, error }));
		const half = Math.ceil(batch.length / 2);
		return [
			...(await isolate(batch.slice(0, half), run)),
			...(await isolate(batch.slice(half), run)),
		];
	}
}

/** Runs tasks with at most `limit` in flight. */
export async function mapLimit<T, R>(
	items: T[],
	limit: number,
	fn: (item: T) => Promise<R>,
): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await fn(items[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}
