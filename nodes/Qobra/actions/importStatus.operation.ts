import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { summarizeImport } from '../../../lib/qobra';
import type { QobraBatch } from '../shared/operation';
import { requiredString, showFor, waitFor, waitOptionsProperty } from '../shared/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Import ID',
		name: 'importId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '={{ $json.importIds[0] }}',
		description: 'The import_id Qobra answered a push with',
		displayOptions: showFor('importStatus'),
	},
	{
		displayName: 'Wait Until Finished',
		name: 'waitUntilFinished',
		type: 'boolean',
		default: true,
		description: 'Whether to poll until the import is finished (or the time limit passes)',
		displayOptions: showFor('importStatus'),
	},
	waitOptionsProperty('importStatus'),
];

/** The import's status, progress, record counts and per-line errors; with waiting, also how progress went. */
export function execute({ ctx, client, items }: QobraBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => {
		const id = requiredString(ctx, 'importId', i, 'Import ID');
		if (!ctx.getNodeParameter('waitUntilFinished', i, true))
			return summarizeImport(await client.getImport(id)) as unknown as IDataObject;
		const progress: number[] = [];
		const done = await client.waitForImport(id, {
			...waitFor(ctx.getNodeParameter('options', i, {}) as IDataObject),
			onProgress: (d) => progress.push(d.progress),
		});
		return { ...summarizeImport(done), progressSeen: progress } as unknown as IDataObject;
	});
}
