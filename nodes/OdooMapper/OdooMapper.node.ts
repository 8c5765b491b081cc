import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { credentialTest } from '../../lib/n8n/odoo';
import { operations, router } from './actions/router';
import { odooAuth } from './shared/descriptions';
import { readOncePerNode } from '../../lib/n8n/parameters';

export class OdooMapper implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo Field Mapper',
		name: 'odooMapper',
		icon: { light: 'file:odooMapper.svg', dark: 'file:odooMapper.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{$parameter["mappingSource"] === "preset" ? $parameter["preset"] : "custom mapping"}}',
		description:
			'Map items between Odoo and other systems with a declarative mapping: lookups, many2one by name, dates, money, images, presets',
		defaults: { name: 'Odoo Field Mapper' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: odooAuth.credentials,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Map Items',
						value: 'map',
						action: 'Map items with a mapping',
						description: "Turn each item from one system's shape into another's",
					},
					{
						name: 'Qobra Column Types',
						value: 'qobraTypes',
						action: 'Get column types for qobra',
						description: 'Turn an Odoo fields_get result (the input item) into Qobra column types',
					},
				],
				default: 'map',
			},
			...Object.values(operations).flatMap((op) => op.description),
		],
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(readOncePerNode(this));
	}
}
