import {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';
import { credentialTest, odooCredentialDescriptions } from '../../lib/n8n/odoo';
import { operations, router } from './actions/router';
import { listSearch, loadOptions, resourceMapping } from './methods';
import { modelProperty, optionsProperty } from './shared/descriptions';
import { readOncePerNode } from '../../lib/n8n/parameters';

const auth = odooCredentialDescriptions();

export class Odoo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo',
		name: 'odoo',
		icon: { light: 'file:odoo.svg', dark: 'file:odoo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{$parameter["operation"] + ": " + ($parameter["model"].value || $parameter["model"])}}',
		description:
			'Read and write any Odoo model in batches: search, create, update, upsert by key, call methods',
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
					{
						name: 'Call Method',
						value: 'callMethod',
						action: 'Call a model method',
						description: 'Run any public method, e.g. action_confirm',
					},
					{ name: 'Count', value: 'count', action: 'Count records' },
					{
						name: 'Create',
						value: 'create',
						action: 'Create records',
						description: 'One create call per batch of items',
					},
					{
						name: 'Create or Update',
						value: 'upsert',
						action: 'Create or update records by key',
						description:
							'Create a new record, or update the current one if it already exists (upsert)',
					},
					{ name: 'Delete', value: 'delete', action: 'Delete records' },
					{
						name: 'Describe Model',
						value: 'describe',
						action: 'Describe a model',
						description: 'List fields with types, labels and relations',
					},
					{ name: 'Get', value: 'get', action: 'Get records by ID' },
					{ name: 'Search', value: 'search', action: 'Search records' },
					{ name: 'Update', value: 'update', action: 'Update records' },
				],
				default: 'search',
			},
			modelProperty('res.partner'),
			...Object.values(operations).flatMap((op) => op.description),
			optionsProperty,
		],
	};

	methods = { listSearch, loadOptions, resourceMapping, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(readOncePerNode(this));
	}
}
