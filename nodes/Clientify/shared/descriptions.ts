import type { INodeProperties } from 'n8n-workflow';
import { WEBHOOK_ENTITIES } from '../../../lib/clientify';

const showFor = (...operation: string[]) => ({ show: { operation } });

/** Where a written record comes from: create, update and upsert. */
export const recordProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Record From',
		name: 'dataMode',
		type: 'options',
		options: [
			{
				name: 'Input Item',
				value: 'autoMap',
				description:
					'Send each input item as the record (e.g. the output of the Odoo Field Mapper)',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'Write the record as JSON below (expressions allowed)',
			},
		],
		default: 'autoMap',
		displayOptions: showFor(operation),
	},
	{
		displayName: 'Record JSON',
		name: 'recordJson',
		type: 'json',
		default: '{}',
		description: 'Clientify fields, e.g. {"first_name": "Ana", "email": "ana@example.com"}',
		displayOptions: { show: { operation: [operation], dataMode: ['json'] } },
	},
];

export const recordIdProperty = (operation: string): INodeProperties => ({
	displayName: 'Record ID',
	name: 'recordId',
	type: 'string',
	required: true,
	default: '',
	displayOptions: showFor(operation),
});

/** The Options of the reads: v2 answers only the fields asked for; empty means the resource's defaults. */
export const readOptionsProperty = (operation: string): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: [operation] }, hide: { resource: ['webhook'] } },
	options: [
		{
			displayName: 'Fields (API V2)',
			name: 'fields',
			type: 'string',
			default: '',
			placeholder: 'first_name,last_name,emails',
			description: 'Comma-separated fields for the v2 `fields=` parameter. Ignored by v1.',
		},
	],
});

export const entityOptions = WEBHOOK_ENTITIES.map((e) => ({
	name: e.charAt(0).toUpperCase() + e.slice(1),
	value: e,
}));

/** Clientify keeps one webhook slot per entity: register and delete name it. */
export const webhookEntityProperty = (operation: string): INodeProperties => ({
	displayName: 'Entity',
	name: 'entity',
	type: 'options',
	options: entityOptions,
	default: 'contact',
	description: 'Clientify keeps one webhook slot per entity',
	displayOptions: { show: { resource: ['webhook'], operation: [operation] } },
});
