import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import {
	modstampChanges,
	SalesforceError,
	soqlDateTime,
	soqlString,
	type SalesforceRecord,
} from '../../../lib/salesforce';
import { showFor, sObjectProperty } from '../shared/descriptions';
import type { SalesforceBatch } from '../shared/operation';
import { asJson, csv, str } from '../shared/parameters';

export const description: INodeProperties[] = [
	sObjectProperty('getChanges', 'getDeleted'),
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		required: true,
		default: 'Id, Name',
		placeholder: 'Name, BillingCity',
		description: 'Comma-separated fields to read (relationship paths such as Account.Name too)',
		displayOptions: showFor('getChanges'),
	},
	{
		displayName: 'Condition',
		name: 'condition',
		type: 'string',
		default: '',
		placeholder: 'IsWon = true',
		description: 'An extra SOQL WHERE condition the changed records must meet',
		displayOptions: showFor('getChanges'),
	},
	{
		displayName: 'Changed Since',
		name: 'since',
		type: 'string',
		default: '',
		placeholder: '2026-11-01T00:00:00Z',
		description:
			'Empty: since the cursor this node remembered on its last production run (every record on the first run; deletions of the last 30 days)',
		displayOptions: showFor('getChanges', 'getDeleted'),
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{
				name: 'SOQL on SystemModstamp',
				value: 'systemModstamp',
				description: 'One query; no limit on how far back',
			},
			{
				name: 'Get Updated (Replication API)',
				value: 'updated',
				description:
					'Records changed in whole minutes up to latestDateCovered (at most 30 days back), then their rows',
			},
		],
		default: 'systemModstamp',
		displayOptions: showFor('getChanges'),
	},
];

/** The node remembers one cursor per sObject and operation, in the workflow's static data (kept by production runs). */
export function cursors(batch: SalesforceBatch): IDataObject {
	return batch.ctx.getWorkflowStaticData('node');
}

const ID_CHUNK = 200;

export function execute(batch: SalesforceBatch): Promise<ItemOutcome[]> {
	const { ctx, client, items } = batch;
	return perItem(ctx, items, async (i) => {
		const type = str(ctx, 'sObject', i);
		const fields = csv(str(ctx, 'fields', i));
		if (!fields.length)
			throw new SalesforceError('input', 'Fields is empty: name the fields to read');
		const select = [...new Set(['Id', 'SystemModstamp', ...fields])].join(', ');
		const condition = str(ctx, 'condition', i);
		const key = `changes:${type}`;
		const explicit = str(ctx, 'since', i);
		const since = explicit || (cursors(batch)[key] as string | undefined);
		const where = (extra?: string) => {
			const parts = [extra, condition && `(${condition})`].filter(Boolean);
			return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
		};
		let records: SalesforceRecord[];
		let cursor: string | undefined;
		if (ctx.getNodeParameter('method', i, 'systemModstamp') === 'updated' && since) {
			const changed = await client.updated(type, since);
			records = [];
			for (let n = 0; n < changed.ids.length; n += ID_CHUNK) {
				const ids = changed.ids
					.slice(n, n + ID_CHUNK)
					.map(soqlString)
					.join(', ');
				records.push(
					...(await client.query(`SELECT ${select} FROM ${type}${where(`Id IN (${ids})`)}`)),
				);
			}
			cursor = changed.latestDateCovered;
		} else {
			const changes = await modstampChanges({
				query: (soql) => client.query(soql),
				soql: (from) =>
					`SELECT ${select} FROM ${type}${where(from ? `SystemModstamp >= ${soqlDateTime(from)}` : undefined)} ORDER BY SystemModstamp`,
				since,
				// A Changed Since typed in is read as given, without the last run's memory.
				seen: explicit ? {} : ((cursors(batch)[`${key}:seen`] as Record<string, string>) ?? {}),
			});
			({ records, cursor } = changes);
			if (!explicit) cursors(batch)[`${key}:seen`] = changes.seen;
		}
		if (cursor) cursors(batch)[key] = cursor;
		return records.map(asJson);
	});
}
