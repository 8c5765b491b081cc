import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { CLIENTIFY_CREDENTIAL } from '../../lib/n8n/clientify';
import { operationOption, operationProperty, resourceProperty } from '../../lib/n8n/descriptions';
import { recordOperations, router, webhookOperations } from './actions/router';
import { readOncePerNode } from '../../lib/n8n/parameters';

const op = operationOption;

const recordOps = (label: string, key: string) => [
	op('Create', 'create', `Create a ${label}`, `Create a ${label}`),
	op('Get', 'get', `Get a ${label}`, `Get a ${label} by ID`),
	op('Get Many', 'getAll', `Get many ${label}s`, `List ${label}s, following every page`),
	op('Update', 'update', `Update a ${label}`, `Update a ${label} by ID`),
	op(
		'Upsert',
		'upsert',
		`Create or update a ${label}`,
		`Create or update ${label}s matched by ${key}`,
	),
];
const readCreateOps = (label: string) => [
	op('Create', 'create', `Create a ${label}`, `Create a ${label}`),
	op('Get', 'get', `Get a ${label}`, `Get a ${label} by ID`),
	op('Get Many', 'getAll', `Get many ${label}s`, `List ${label}s, following every page`),
];

const operation = operationProperty;

export class Clientify implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clientify',
		name: 'clientify',
		icon: { light: 'file:clientify.svg', dark: 'file:clientify.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Contacts, companies, products, orders, deals and webhooks in Clientify CRM, with batched upsert by key',
		defaults: { name: 'Clientify' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CLIENTIFY_CREDENTIAL, required: true }],
		properties: [
			resourceProperty(
				[
					['Company', 'company'],
					['Contact', 'contact'],
					['Deal', 'deal'],
					['Order', 'order'],
					['Product', 'product'],
					['Webhook', 'webhook'],
				],
				'contact',
			),
			operation('contact', recordOps('contact', 'email'), 'upsert'),
			operation(
				'company',
				[
					...recordOps('company', 'taxpayer ID'),
					op(
						'Link Contact',
						'linkContact',
						'Link a contact to a company',
						'Make a contact an employee of a company',
					),
				],
				'upsert',
			),
			operation('product', recordOps('product', 'SKU'), 'upsert'),
			operation('order', readCreateOps('order'), 'create'),
			operation('deal', readCreateOps('deal'), 'create'),
			operation(
				'webhook',
				[
					op('Delete', 'delete', 'Delete a webhook', "Empty an entity's webhook slot"),
					op('List', 'list', 'List webhooks', 'List webhook registrations'),
					op(
						'Register',
						'register',
						'Register a webhook',
						"Fill an entity's webhook slot and activate it",
					),
				],
				'list',
			),
			...[...Object.values(recordOperations), ...Object.values(webhookOperations)].flatMap(
				(op) => op.description,
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(readOncePerNode(this));
	}
}
