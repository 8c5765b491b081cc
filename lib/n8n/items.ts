import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapLimit, stableKey } from '../sync';
import { errorItem, nodeError } from './errors';

/** What an operation returns for one input item: output records, or its own error. */
export type ItemOutcome = { json: IDataObject | IDataObject[] } | { error: unknown };

/** The value, or the error it threw, so one bad item does not stop the batch. */
export function attempt<T>(fn: () => T): T | Error {
	try {
		return fn();
	} catch (error) {
		return error as Error;
	}
}

/**
 * Runs `fn` per item (at most `limit` at a time), catching each item's error on its own. Without Continue On Fail the
 * node stops at the first failure, as n8n nodes do: calls in flight finish, no further item starts.
 */
export function perItem(
	ctx: IExecuteFunctions,
	items: number[],
	fn: (i: number) => Promise<IDataObject | IDataObject[]>,
	limit = 1,
): Promise<ItemOutcome[]> {
	let stop: { error: unknown } | undefined;
	return mapLimit(items, limit, async (i): Promise<ItemOutcome> => {
		if (stop) return stop;
		try {
			return { json: await fn(i) };
		} catch (error) {
			if (!ctx.continueOnFail()) stop ??= { error };
			return { error };
		}
	});
}

/** Reads each item's input; the inputs that read cleanly go to `run` as one list (one outcome back for each), the others fail alone. */
export async function readThenRun<T>(
	items: number[],
	read: (i: number) => T,
	run: (inputs: T[]) => Promise<ItemOutcome[]>,
): Promise<ItemOutcome[]> {
	const inputs = items.map((i) => attempt(() => read(i)));
	const valid = inputs.flatMap((input, n) => (input instanceof Error ? [] : [n]));
	const results = await run(valid.map((n) => inputs[n] as T));
	const outcomes: ItemOutcome[] = inputs.map((input) => ({ error: input }));
	valid.forEach((n, k) => (outcomes[n] = results[k]));
	return outcomes;
}

/** Items that share settings and go to the service together. */
export interface Batch<S> {
	/** Input item indexes, in input order. */
	items: number[];
	settings: S;
}

/** What each nodes/<Service>/actions/<op>.operation.ts exports; B is the family's batch (client, model, ...). */
export interface Operation<B> {
	description: INodeProperties[];
	/** The parameters the whole batch shares, read for item i: items with different settings go to different batches. */
	settings?(ctx: IExecuteFunctions, i: number): unknown;
	/** One outcome per item of the batch; a throw fails every item of the batch. */
	execute(batch: B): Promise<ItemOutcome[]>;
}

/**
 * Runs the node's items in batches: consecutive items whose settings are equal (compared by value) form a batch of at
 * most `size`, so a setting given by an expression is honoured per item. An item whose settings cannot be read fails
 * alone; a batch that throws fails each of its items. Every batch runs before the first error stops the node, so one
 * bad record does not keep the others from landing.
 */
export async function runBatches<S>(
	ctx: IExecuteFunctions,
	settingsOf: (i: number) => S,
	run: (batch: Batch<S>) => Promise<ItemOutcome[]>,
	size = Infinity,
): Promise<INodeExecutionData[]> {
	const settings = ctx.getInputData().map((_, i) => attempt(() => settingsOf(i)));
	const outcomes: ItemOutcome[] = settings.map((s) =>
		s instanceof Error ? { error: s } : { json: [] },
	);
	const batches: (Batch<S> & { key: string })[] = [];
	settings.forEach((s, i) => {
		if (s instanceof Error) return;
		const key = stableKey(s);
		const last = batches[batches.length - 1];
		if (last && last.key === key && last.items.length < size) last.items.push(i);
		else batches.push({ key, items: [i], settings: s });
	});
	for (const batch of batches) {
		const results = await run(batch).catch((error: unknown) =>
			batch.items.map((): ItemOutcome => ({ error })),
		);
		batch.items.forEach((i, n) => (outcomes[i] = results[n]));
	}
	return outputItems(ctx, outcomes);
}

/**
 * Output items for the outcomes of the input items, each paired with its item. Under Continue On Fail a failed item
 * becomes an error item; otherwise the first failure stops the node.
 */
export function outputItems(ctx: IExecuteFunctions, outcomes: ItemOutcome[]): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	const failed = outcomes.findIndex((o) => 'error' in o);
	if (failed >= 0 && !ctx.continueOnFail())
		throw nodeError(ctx.getNode(), (outcomes[failed] as { error: unknown }).error, failed);
	outcomes.forEach((outcome, i) => {
		if ('error' in outcome) out.push(errorItem(ctx.getNode(), outcome.error, i));
		else for (const json of [outcome.json].flat()) out.push({ json, pairedItem: { item: i } });
	});
	return out;
}

/** Splits a comma-separated parameter into trimmed, non-empty names. */
export function csv(value: unknown): string[] {
	return typeof value === 'string'
		? value
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean)
		: [];
}

/** Parses a JSON parameter that n8n may hand over as a string or as an object already. */
export function jsonParam<T>(ctx: IExecuteFunctions, name: string, i: number, fallback: T): T {
	const raw = ctx.getNodeParameter(name, i, fallback) as unknown;
	if (typeof raw !== 'string') return (raw ?? fallback) as T;
	if (!raw.trim()) return fallback;
	try {
		return JSON.parse(raw) as T;
	} catch (err) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parameter '${name}' is not valid JSON: ${(err as Error).message}`,
			{ itemIndex: i },
		);
	}
}
