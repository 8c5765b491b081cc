import type { INodeProperties } from 'n8n-workflow';

export const showFor = (...operation: string[]) => ({ show: { operation } });

export const sObjectProperty = (...operation: string[]): INodeProperties => ({
	displayName: 'sObject',
	name: 'sObject',
	type: 'string',
	required: true,
	default: 'Account',
	placeholder: 'Account',
	description: 'The API name of the object, e.g. Account, Contact, Product2, Opportunity',
	displayOptions: showFor(...operation),
});

export const recordIdProperty = (...operation: string[]): INodeProperties => ({
	displayName: 'Record ID',
	name: 'recordId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '001xx000003DGb2AAG',
	displayOptions: showFor(...operation),
});

export const externalIdProperty = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'External ID Field',
	name: 'externalIdField',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'External_Id__c',
	description:
		'A field marked External ID in Salesforce (or the record ID); records are matched on its value',
	displayOptions: { show },
});

/** Where a written record comes from. */
export const recordProperties = (...operation: string[]): INodeProperties[] => [
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
		displayOptions: showFor(...operation),
	},
	{
		displayName: 'Record JSON',
		name: 'recordJson',
		type: 'json',
		default: '{}',
		description: 'Salesforce fields, e.g. {"Name": "Acme", "Phone": "+1 555 0100"}',
		displayOptions: { show: { operation, dataMode: ['json'] } },
	},
];
