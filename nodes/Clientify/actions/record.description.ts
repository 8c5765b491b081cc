import type { INodeProperties } from 'n8n-workflow';

/** Where a written record comes from; shared by create, update and upsert. */
export const recordProperties: INodeProperties[] = [
	{
		displayName: 'Record From',
		name: 'dataMode',
		type: 'options',
		options: [
			{ name: 'Input Item', value: 'autoMap', description: 'Send each input item as the record (e.g. the output of the Odoo Field Mapper)' },
			{ name: 'JSON', value: 'json', description: 'Write the record as JSON below (expressions allowed)' },
		],
		default: 'autoMap',
		displayOptions: { show: { operation: ['create', 'update', 'upsert'] } },
	},
	{
		displayName: 'Record JSON',
		name: 'recordJson',
		type: 'json',
		default: '{}',
		description: 'Clientify fields, e.g. {"first_name": "Ana", "email": "ana@example.com"}',
		displayOptions: { show: { operation: ['create', 'update', 'upsert'], dataMode: ['json'] } },
	},
];

export const recordIdProperty: INodeProperties = {
	displayName: 'Record ID',
	name: 'recordId',
	type: 'string',
	required: true,
	default: '',
	displayOptions: { show: { operation: ['get', 'update'] } },
};

/** v2 answers only the fields asked for; empty means the resource's defaults. */
export const fieldsOption: INodeProperties = {
	displayName: 'Fields (API V2)',
	name: 'fields',
	type: 'string',
	default: '',
	placeholder: 'first_name,last_name,emails',
	description: 'Comma-separated fields for the v2 `fields=` parameter. Ignored by v1.',
};
