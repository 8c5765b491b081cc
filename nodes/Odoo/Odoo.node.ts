import {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	JsonObject,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';
import { connectOdoo, credentialTest, odooCredentialDescriptions } from '../../lib/n8n/odoo';
import { Context } from '../../lib/odoo';
import { OdooError } from '../../lib/odoo/errors';
import { callMethod } from './actions/callMethod.operation';
import { jsonParam, modelProperty, Operation } from './actions/common';
import { create } from './actions/create.operation';
import { remove } from './actions/delete.operation';
import { describe } from './actions/describe.operation';
import { get } from './actions/get.operation';
import { count, search } from './actions/search.operation';
import { update } from './actions/update.operation';
import { upsert } from './actions/upsert.operation';
import { listSearch, loadOptions, resourceMapping } from './methods';

const auth = odooCredentialDescriptions();

const OPERATIONS: Record<string, Operation> = { create, get, search, count, update, delete: remove, upsert, callMethod, describe };

interface Options {
	batchSize?: number;
	lang?: string;
	tz?: string;
	companyIds?: string;
	activeTest?: boolean;
	trackingDisable?: boolean;
	context?: string | IDataObject;
	many2one?: 'object' | 'id';
	falseToNull?: boolean;
}

function buildContext(ctx: IExecuteFunctions, o: Options): Context {
	const context: Context = { ...jsonParam<IDataObject>(ctx, 'options.context', 0, {}) };
	if (o.lang) context.lang = o.lang;
	if (o.tz) context.tz = o.tz;
	if (o.companyIds) context.allowed_company_ids = o.companyIds.split(',').map((s) => Number(s.trim()));
	if (o.activeTest === false) context.active_test = false;
	if (o.trackingDisable) Object.assign(context, { tracking_disable: true, mail_notrack: true, mail_create_nolog: true });
	return context;
}

/** An OdooError becomes a NodeApiError naming the item; anything else a NodeOperationError. */
function nodeError(ctx: IExecuteFunctions, error: Error, itemIndex: number) {
	const message = `Item ${itemIndex}: ${error.message}`;
	if (error instanceof OdooError)
		return new NodeApiError(ctx.getNode(), { message: error.message, kind: error.kind, field: error.field ?? null } as JsonObject, {
			itemIndex,
			message,
			description: error.details,
		});
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

export class Odoo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo',
		name: 'odoo',
		icon: { light: 'file:odoo.svg', dark: 'file:odoo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + ($parameter["model"].value || $parameter["model"])}}',
		description: 'Read and write any Odoo model in batches: search, create, update, upsert by key, call methods',
		defaults: { name: 'Odoo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: auth.credentials,
		properties: [
			auth.authentication,
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Call Method', value: 'callMethod', action: 'Call a model method', description: 'Run any public method, e.g. action_confirm' },
					{ name: 'Count', value: 'count', action: 'Count records' },
					{ name: 'Create', value: 'create', action: 'Create records', description: 'One create call per batch of items' },
					{ name: 'Create or Update', value: 'upsert', action: 'Create or update records by key', description: 'Create a new record, or update the current one if it already exists (upsert)' },
					{ name: 'Delete', value: 'delete', action: 'Delete records' },
					{ name: 'Describe Model', value: 'describe', action: 'Describe a model', description: 'List fields with types, labels and relations' },
					{ name: 'Get', value: 'get', action: 'Get records by ID' },
					{ name: 'Search', value: 'search', action: 'Search records' },
					{ name: 'Update', value: 'update', action: 'Update records' },
				],
				default: 'search',
			},
			modelProperty('res.partner'),
			...Object.values(OPERATIONS).flatMap((op) => op.description),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{ displayName: 'Allowed Company IDs', name: 'companyIds', type: 'string', default: '', placeholder: '1,2', description: 'Sets allowed_company_ids in the context; the first is the current company' },
					{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 100, typeOptions: { minValue: 1 }, description: 'Items sent to Odoo in one call' },
					{ displayName: 'Disable Tracking', name: 'trackingDisable', type: 'boolean', default: false, description: 'Whether to skip chatter tracking messages (faster bulk writes)' },
					{ displayName: 'Empty Values as Null', name: 'falseToNull', type: 'boolean', default: true, description: "Whether to output null instead of Odoo's false for empty non-boolean fields" },
					{ displayName: 'Extra Context (JSON)', name: 'context', type: 'json', default: '{}' },
					{ displayName: 'Include Archived Records', name: 'activeTest', type: 'boolean', default: true, description: 'Whether to leave active_test on (only active records). Turn off to include archived records.' },
					{ displayName: 'Language', name: 'lang', type: 'string', default: '', placeholder: 'en_US' },
					{ displayName: 'Many2one Output', name: 'many2one', type: 'options', default: 'object', options: [{ name: 'Object {ID, Name}', value: 'object' }, { name: 'ID Only', value: 'id' }] },
					{ displayName: 'Timezone', name: 'tz', type: 'string', default: '', placeholder: 'Europe/Brussels' },
				],
			},
		],
	};

	methods = { listSearch, loadOptions, resourceMapping, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as Options;
		let client;
		try {
			client = await connectOdoo(this);
		} catch (err) {
			throw nodeError(this, err as Error, 0);
		}
		const context = buildContext(this, options);
		const shape = { many2one: options.many2one, falseToNull: options.falseToNull };
		const batchSize = Math.max(1, options.batchSize ?? 100);

		// Consecutive items on the same model form a batch.
		const batches: { model: string; items: number[] }[] = [];
		items.forEach((_, i) => {
			const model = String(this.getNodeParameter('model', i, '', { extractValue: true })).trim();
			const last = batches[batches.length - 1];
			if (last && last.model === model && last.items.length < batchSize) last.items.push(i);
			else batches.push({ model, items: [i] });
		});

		const out: INodeExecutionData[] = [];
		let firstError: { error: Error; index: number } | undefined;
		for (const batch of batches) {
			const outcomes = batch.model
				? await OPERATIONS[operation].execute({ ctx: this, client, model: batch.model, items: batch.items, context, shape }).catch((error: Error) => batch.items.map(() => ({ error })))
				: batch.items.map(() => ({ error: new OdooError('validation', 'No model given') }));
			outcomes.forEach((outcome, n) => {
				const index = batch.items[n];
				if ('error' in outcome) {
					if (!this.continueOnFail()) return void (firstError ??= { error: outcome.error, index });
					const e = outcome.error as OdooError;
					out.push({ json: { error: e.message, kind: e.kind ?? null, field: e.field ?? null }, pairedItem: { item: index } });
				} else for (const json of [outcome.json].flat()) out.push({ json, pairedItem: { item: index } });
			});
		}
		// Every batch ran first, so one bad record does not keep the others from landing.
		if (firstError) throw nodeError(this, firstError.error, firstError.index);
		return [out];
	}
}
