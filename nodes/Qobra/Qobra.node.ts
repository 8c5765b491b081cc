import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { operationOption, operationProperty, resourceProperty } from '../../lib/n8n/descriptions';
import { credentialTest } from '../../lib/n8n/odoo';
import { operations, router } from './actions/router';
import { odooAuth, qobraCredentials } from './shared/odoo';

const op = operationOption;
const operation = operationProperty;

export class Qobra implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Qobra',
		name: 'qobra',
		icon: { light: 'file:qobra.svg', dark: 'file:qobra.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Push Odoo tables into Qobra data tables (full refresh, streamed), upsert users, follow imports, read reporting',
		defaults: { name: 'Qobra' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: qobraCredentials,
		properties: [
			resourceProperty(
				[
					['Data Table', 'dataTable'],
					['Reporting', 'reporting'],
					['User', 'user'],
				],
				'dataTable',
			),
			operation(
				'dataTable',
				[
					op(
						'Export Odoo Model',
						'exportOdoo',
						'Export an Odoo model to a data table',
						'Read every record of an Odoo model page by page, convert it and push it (nothing is written to Odoo)',
					),
					op(
						'Import Status',
						'importStatus',
						'Get the status of an import',
						"An import's status and progress, its counts and per-line errors; optionally wait until it finishes",
					),
					op(
						'Push Records',
						'push',
						'Push records to a data table',
						'Send the input items as rows, replacing the table or adding/updating rows',
					),
					op(
						'Table Template',
						'tableTemplate',
						'Get a table template for an Odoo model',
						"The column header and Qobra type of each of an Odoo model's fields",
					),
				],
				'exportOdoo',
			),
			operation(
				'user',
				[
					op(
						'Upsert',
						'upsertUsers',
						'Create or update users by email',
						'Create or update users matched by email, 200 per call',
					),
				],
				'upsertUsers',
			),
			operation(
				'reporting',
				[
					op(
						'Get Records',
						'getRecords',
						'Get records or statements',
						"A structure's records or statements, every page",
					),
					op(
						'List Data Structures',
						'listStructures',
						'List data structures',
						'Statements reporting, records reporting and data tables',
					),
					op(
						'List Fields',
						'listFields',
						'List the fields of a structure',
						"A data structure's fields",
					),
				],
				'listStructures',
			),
			odooAuth.authentication,
			...Object.values(operations).flatMap((o) => o.description),
		],
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
