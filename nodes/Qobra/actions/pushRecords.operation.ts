import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ItemOutcome } from '../../../lib/n8n/items';
import { waitForImports, type QobraRow } from '../../../lib/qobra';
import type { QobraBatch } from '../shared/operation';
import {
	modeProperty,
	pushOptionsProperty,
	pushSettings,
	tableProperty,
	type PushSettings,
} from '../shared/parameters';

export const description: INodeProperties[] = [
	tableProperty('push'),
	modeProperty('push'),
	pushOptionsProperty('push'),
];

/** Items with the same table and options go in one push. */
export const settings = (ctx: IExecuteFunctions, i: number) => pushSettings(ctx, i);

/**
 * Each input item is one row. The batch's rows go to Qobra in calls of `chunkSize` (the first carries `all=true`
 * in Replace All mode); the first item comes out with the summary, the others with nothing.
 */
export async function execute({
	ctx,
	client,
	items,
	settings,
}: QobraBatch<PushSettings>): Promise<ItemOutcome[]> {
	const input = ctx.getInputData();
	const importIds: string[] = [];
	let calls = 0;
	for (let n = 0; n < items.length; n += settings.chunkSize) {
		const rows = items.slice(n, n + settings.chunkSize).map((i) => input[i].json as QobraRow);
		const id = await client.pushRecords(settings.table, rows, {
			replaceAll: settings.mode === 'replace' && n === 0,
			debounce: settings.debounce,
		});
		calls++;
		if (!importIds.includes(id)) importIds.push(id);
	}
	const summary: IDataObject = {
		table: settings.table,
		mode: settings.mode,
		records: items.length,
		calls,
		importIds,
		...(settings.wait
			? await waitForImports(client, importIds, settings.table, settings.waitFor)
			: {}),
	};
	return items.map((_, n) => ({ json: n === 0 ? summary : [] }));
}
