import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readThenRun, type ItemOutcome } from '../../../lib/n8n/items';
import { Binding, UpsertItem, Upserter, UpsertOptions } from '../../../lib/sync';
import { showFor, valuesProperties } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';
import { readVals } from '../shared/parameters';

const matchBy = (value: string) => ({ show: { operation: ['upsert'], matchBy: [value] } });

export const description: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'options',
		options: [
			{
				name: 'Key Fields',
				value: 'fields',
				description: 'One or more fields that identify a record, e.g. default_code',
			},
			{
				name: 'External ID',
				value: 'xmlid',
				description: 'An ir.model.data external ID (module.name), created on first sync',
			},
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
		displayOptions: matchBy('fields'),
	},
	{
		displayName: 'External ID Module',
		name: 'xmlidModule',
		type: 'string',
		default: 'n8n',
		required: true,
		description: 'The module part of the external ID, e.g. "clientify" for clientify.company_42',
		displayOptions: matchBy('xmlid'),
	},
	{
		displayName: 'External ID',
		name: 'xmlid',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'company_42',
		description: 'The name part of the external ID, unique per record',
		displayOptions: matchBy('xmlid'),
	},
	...valuesProperties('upsert'),
	{
		displayName: 'Write Strategy',
		name: 'writeStrategy',
		type: 'options',
		options: [
			{
				name: 'Import (Load)',
				value: 'load',
				description:
					"All changed records of a batch in one call to Odoo's import; rows it cannot express, or a batch it refuses, fall back to writes",
			},
			{
				name: 'Parallel Writes',
				value: 'parallel',
				description:
					'One write per distinct change, a few in flight; touches only the changed fields',
			},
		],
		default: 'parallel',
		description: 'How records whose values changed are saved',
		displayOptions: showFor('upsert'),
	},
	{
		displayName: 'Force Update',
		name: 'forceUpdate',
		type: 'boolean',
		default: false,
		description:
			'Whether to write every given field of a found record, even the ones Odoo already holds (e.g. to re-trigger Odoo-side computations)',
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
];

type Settings = Pick<UpsertOptions, 'binding' | 'dryRun' | 'writeStrategy' | 'forceUpdate'>;

/** How the batch matches and writes: one lookup serves the batch, so items matched differently form another batch. */
export function settings(ctx: IExecuteFunctions, i: number): Settings {
	const binding: Binding =
		ctx.getNodeParameter('matchBy', i, 'fields') === 'xmlid'
			? { xmlidModule: ctx.getNodeParameter('xmlidModule', i) as string }
			: {
					fields: String(ctx.getNodeParameter('keyFields', i))
						.split(',')
						.map((f) => f.trim())
						.filter(Boolean),
				};
	return {
		binding,
		dryRun: ctx.getNodeParameter('dryRun', i, false) as boolean,
		forceUpdate: ctx.getNodeParameter('forceUpdate', i, false) as boolean,
		writeStrategy: ctx.getNodeParameter(
			'writeStrategy',
			i,
			'parallel',
		) as UpsertOptions['writeStrategy'],
	};
}

/** Create or update by key: one lookup and at most one create per batch, writes only for changed records. */
export function execute({
	ctx,
	client,
	model,
	items,
	context,
	settings: options,
}: OdooBatch<Settings>): Promise<ItemOutcome[]> {
	const byXmlid = 'xmlidModule' in options.binding;
	const read = (i: number): UpsertItem => ({
		vals: readVals(ctx, i),
		xmlid: byXmlid ? String(ctx.getNodeParameter('xmlid', i)) : undefined,
	});
	return readThenRun(items, read, async (input) => {
		const results = await new Upserter(client, model).upsert(input, { ...options, context });
		return results.map(({ error, ...rest }) => (error ? { error } : { json: rest as IDataObject }));
	});
}
