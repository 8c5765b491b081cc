import type { IDataObject } from 'n8n-workflow';
import { Binding, UpsertItem, Upserter, UpsertOptions } from '../../../lib/sync';
import { attempt, ItemOutcome, Operation, readVals, showFor, valuesProperties } from './common';

/** Create or update by key: one lookup and at most one create per batch, writes only for changed records. */
export const upsert: Operation = {
	description: [
		{
			displayName: 'Match By',
			name: 'matchBy',
			type: 'options',
			options: [
				{ name: 'Key Fields', value: 'fields', description: 'One or more fields that identify a record, e.g. default_code' },
				{ name: 'External ID', value: 'xmlid', description: 'An ir.model.data external ID (module.name), created on first sync' },
			],
			default: 'fields',
			displayOptions: showFor('upsert'),
		},
		{
			displayName: 'Key Fields',
			name: 'keyFields',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'default_code',
			description: 'Comma-separated field names whose values identify a record',
			displayOptions: { show: { operation: ['upsert'], matchBy: ['fields'] } },
		},
		{
			displayName: 'External ID Module',
			name: 'xmlidModule',
			type: 'string',
			default: 'n8n',
			required: true,
			description: 'The module part of the external ID, e.g. "clientify" for clientify.company_42',
			displayOptions: { show: { operation: ['upsert'], matchBy: ['xmlid'] } },
		},
		{
			displayName: 'External ID',
			name: 'xmlid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'company_42',
			description: 'The name part of the external ID, unique per record',
			displayOptions: { show: { operation: ['upsert'], matchBy: ['xmlid'] } },
		},
		...valuesProperties(['upsert']),
		{
			displayName: 'Write Strategy',
			name: 'writeStrategy',
			type: 'options',
			options: [
				{ name: 'Import (Load)', value: 'load', description: "All changed records of a batch in one call to Odoo's import; rows it cannot express, or a batch it refuses, fall back to writes" },
				{ name: 'Parallel Writes', value: 'parallel', description: 'One write per distinct change, a few in flight; touches only the changed fields' },
			],
			default: 'parallel',
			description: 'How records whose values changed are saved',
			displayOptions: showFor('upsert'),
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description: 'Whether to only report what would be created or updated, without writing',
			displayOptions: showFor('upsert'),
		},
	],
	async execute({ ctx, client, model, items, context }) {
		const first = items[0];
		const binding: Binding =
			ctx.getNodeParameter('matchBy', first, 'fields') === 'xmlid'
				? { xmlidModule: ctx.getNodeParameter('xmlidModule', first) as string }
				: { fields: String(ctx.getNodeParameter('keyFields', first)).split(',').map((f) => f.trim()).filter(Boolean) };
		const input = items.map((i) =>
			attempt((): UpsertItem => ({ vals: readVals(ctx, i), xmlid: 'xmlidModule' in binding ? String(ctx.getNodeParameter('xmlid', i)) : undefined })),
		);
		const valid = input.map((x, n) => n).filter((n) => !(input[n] instanceof Error));
		const results = await new Upserter(client, model).upsert(
			valid.map((n) => input[n] as UpsertItem),
			{
				binding,
				context,
				dryRun: ctx.getNodeParameter('dryRun', first, false) as boolean,
				writeStrategy: ctx.getNodeParameter('writeStrategy', first, 'parallel') as UpsertOptions['writeStrategy'],
			},
		);
		const outcomes: ItemOutcome[] = input.map((x) => (x instanceof Error ? { error: x } : { json: {} }));
		results.forEach((r, k) => {
			const { error, ...rest } = r;
			outcomes[valid[k]] = error ? { error } : { json: rest as IDataObject };
		});
		return outcomes;
	},
};
