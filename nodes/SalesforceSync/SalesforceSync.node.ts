import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	credentialTest,
	salesforceAuthentication,
	salesforceCredentials,
} from '../../lib/n8n/salesforce';
import { operationOption } from '../../lib/n8n/descriptions';
import { operations, router } from './actions/router';

const op = operationOption;

/** Not `salesforce`: n8n's built-in Salesforce node owns that name. */
export class SalesforceSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce Sync',
		name: 'salesforceSync',
		icon: { light: 'file:salesforceSync.svg', dark: 'file:salesforceSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{$parameter["operation"] + ($parameter["sObject"] ? ": " + $parameter["sObject"] : "")}}',
		description:
			'SOQL with every page, changes since a cursor, sObject records and collections of 200 in Salesforce',
		defaults: { name: 'Salesforce Sync' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: salesforceCredentials,
		properties: [
			salesforceAuthentication,
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					op(
						'API Usage',
						'apiUsage',
						'Get API usage',
						'API requests used and allowed today (Sforce-Limit-Info)',
					),
					op(
						'Collection',
						'collection',
						'Create, update or upsert many records',
						'Every item is a record; 200 per call, each record reported',
					),
					op('Create', 'create', 'Create a record', 'Create one record per item'),
					op('Describe', 'describe', 'Describe an sObject', 'Fields and properties of an sObject'),
					op('Get', 'get', 'Get a record', 'Get a record by ID'),
					op(
						'Get Changes',
						'getChanges',
						'Get changed records',
						'Records created or changed since a cursor',
					),
					op(
						'Get Deleted',
						'getDeleted',
						'Get deleted records',
						'Ids deleted since a cursor (30 days at most)',
					),
					op('Query', 'query', 'Run a SOQL query', 'Every row of a SOQL query, all pages'),
					op('Update', 'update', 'Update a record', 'Update a record by ID'),
					op('Upsert', 'upsert', 'Upsert a record', 'Create or update a record by external ID'),
				],
				default: 'query',
			},
			...Object.values(operations).flatMap((o) => o.description),
		],
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
