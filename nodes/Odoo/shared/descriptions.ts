import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Limits a property to some operations. */
export const showFor = (...operation: string[]): IDisplayOptions => ({ show: { operation } });

/** Any Odoo model, picked from ir.model or typed; shared by the Odoo node and the Odoo Trigger. */
export const modelProperty = (placeholder: string): INodeProperties => ({
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder },
	],
});

/** A trigger's filter: which records start the workflow. */
export const triggerDomainProperty = (placeholder: string): INodeProperties => ({
	displayName: 'Domain (JSON)',
	name: 'domain',
	type: 'json',
	default: '[]',
	placeholder,
	description: 'Only records matching this Odoo domain',
});

export const recordIdsProperty = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Record IDs',
	name: 'ids',
	type: 'string',
	default: '',
	required: true,
	placeholder: '7 or 7,8,9',
	displayOptions,
});

/** The model's fields to read; empty reads them all. */
export const fieldsProperty = (displayOptions?: IDisplayOptions): INodeProperties => ({
	displayName: 'Fields to Return',
	name: 'fields',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getFieldNames', loadOptionsDependsOn: ['model.value'] },
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: 'Leave empty to return every field',
	displayOptions,
});

export function valuesProperties(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Values Input',
			name: 'valuesMode',
			type: 'options',
			displayOptions: showFor(operation),
			options: [
				{
					name: 'Map Fields',
					value: 'mapper',
					description: 'Pick fields of the model and map input data to them',
				},
				{
					name: 'JSON',
					value: 'json',
					description: 'An object of field values, e.g. {"name": "Acme", "country_id": "BE"}',
				},
			],
			default: 'mapper',
		},
		{
			displayName: 'Fields',
			name: 'columns',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				loadOptionsDependsOn: ['model.value'],
				resourceMapper: {
					resourceMapperMethod: 'getMappingColumns',
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: false,
					multiKeyMatch: false,
					supportAutoMap: true,
				},
			},
			displayOptions: { show: { operation: [operation], valuesMode: ['mapper'] } },
		},
		{
			displayName: 'Values (JSON)',
			name: 'valuesJson',
			type: 'json',
			default: '{\n  "name": ""\n}',
			description:
				'Field values. A many2one may be an ID, a name or {"code": "BE"}; an x2many a list of IDs or names, or Odoo commands.',
			displayOptions: { show: { operation: [operation], valuesMode: ['json'] } },
		},
	];
}

/** One output item per record (or field), or one item with them all. */
export const outputProperty = (
	name: string,
	operation: string,
	labels: { each: string; single: string },
): INodeProperties => ({
	displayName: 'Output',
	name,
	type: 'options',
	options: [
		{ name: labels.each, value: 'each' },
		{ name: labels.single, value: 'single' },
	],
	default: 'each',
	displayOptions: showFor(operation),
});

/** Records given by IDs or found by a domain: update and delete. */
export const selectByProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Select Records By',
		name: 'selectBy',
		type: 'options',
		options: [
			{ name: 'IDs', value: 'ids' },
			{ name: 'Domain', value: 'domain' },
		],
		default: 'ids',
		displayOptions: showFor(operation),
	},
	recordIdsProperty({ show: { operation: [operation], selectBy: ['ids'] } }),
	{
		displayName: 'Domain',
		name: 'domain',
		type: 'json',
		default: '[]',
		placeholder: '[["active", "=", false]]',
		displayOptions: { show: { operation: [operation], selectBy: ['domain'] } },
	},
];

const OPERATORS = [
	'=',
	'!=',
	'>',
	'>=',
	'<',
	'<=',
	'like',
	'ilike',
	'not like',
	'not ilike',
	'=like',
	'=ilike',
	'in',
	'not in',
	'child_of',
	'parent_of',
];

/** A filter as conditions or as a raw domain: search and count. */
export const filterProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Filter By',
		name: 'filterMode',
		type: 'options',
		options: [
			{ name: 'Conditions', value: 'conditions' },
			{
				name: 'Domain (JSON)',
				value: 'domain',
				description: 'Any Odoo domain, including "|", "&" and "!"',
			},
		],
		default: 'conditions',
		displayOptions: showFor(operation),
	},
	{
		displayName: 'Domain',
		name: 'domain',
		type: 'json',
		default: '[]',
		placeholder: '["|", ["email", "ilike", "@acme.com"], ["is_company", "=", true]]',
		displayOptions: { show: { operation: [operation], filterMode: ['domain'] } },
	},
	{
		displayName: 'Combine Conditions',
		name: 'combinator',
		type: 'options',
		options: [
			{ name: 'AND', value: 'and' },
			{ name: 'OR', value: 'or' },
		],
		default: 'and',
		displayOptions: { show: { operation: [operation], filterMode: ['conditions'] } },
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Condition',
		displayOptions: { show: { operation: [operation], filterMode: ['conditions'] } },
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: {
							loadOptionsMethod: 'getFieldNames',
							loadOptionsDependsOn: ['model.value'],
						},
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: OPERATORS.map((o) => ({ name: o, value: o })),
						default: '=',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'JSON values are understood: true, 42, ["a", "b"]. For "in", a comma-separated list works too.',
					},
				],
			},
		],
	},
];

/** Overrides the credential's retry budget for one node (not an expression: one client serves the run). */
export const retryForProperty: INodeProperties = {
	displayName: 'Retry For (Seconds)',
	name: 'retryFor',
	type: 'number',
	default: 60,
	typeOptions: { minValue: 0 },
	noDataExpression: true,
	description:
		"How long to keep retrying while Odoo does not answer (a restart); overrides the credential's setting. Only calls that provably did not reach Odoo, and reads, are repeated.",
};

/** The Odoo node's Options: per item (part of the batch key), except the batch size, which makes the batches. */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Allowed Company IDs',
			name: 'companyIds',
			type: 'string',
			default: '',
			placeholder: '1,2',
			description: 'Sets allowed_company_ids in the context; the first is the current company',
		},
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			default: 100,
			typeOptions: { minValue: 1 },
			noDataExpression: true,
			description: 'Items sent to Odoo in one call',
		},
		{
			displayName: 'Disable Tracking',
			name: 'trackingDisable',
			type: 'boolean',
			default: false,
			description: 'Whether to skip chatter tracking messages (faster bulk writes)',
		},
		{
			displayName: 'Empty Values as Null',
			name: 'falseToNull',
			type: 'boolean',
			default: true,
			description: "Whether to output null instead of Odoo's false for empty non-boolean fields",
		},
		{ displayName: 'Extra Context (JSON)', name: 'context', type: 'json', default: '{}' },
		{
			displayName: 'Include Archived Records',
			name: 'activeTest',
			type: 'boolean',
			default: true,
			description:
				'Whether to leave active_test on (only active records). Turn off to include archived records.',
		},
		{ displayName: 'Language', name: 'lang', type: 'string', default: '', placeholder: 'en_US' },
		{
			displayName: 'Many2one Output',
			name: 'many2one',
			type: 'options',
			default: 'object',
			options: [
				{ name: 'Object {ID, Name}', value: 'object' },
				{ name: 'ID Only', value: 'id' },
			],
		},
		retryForProperty,
		{
			displayName: 'Timezone',
			name: 'tz',
			type: 'string',
			default: '',
			placeholder: 'Europe/Brussels',
		},
	],
};
