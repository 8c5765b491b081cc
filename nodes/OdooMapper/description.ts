import type { INodeProperties } from 'n8n-workflow';
import { PRESETS, getPreset } from '../../lib/mapping';
import { odooCredentialDescriptions } from '../../lib/n8n/odoo';

const mapOnly = { show: { operation: ['map'] } };

export const odooAuth = odooCredentialDescriptions({ operation: ['map'], useOdoo: [true] });

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Map Items', value: 'map', action: 'Map items with a mapping', description: "Turn each item from one system's shape into another's" },
			{ name: 'Qobra Column Types', value: 'qobraTypes', action: 'Get column types for qobra', description: 'Turn an Odoo fields_get result (the input item) into Qobra column types' },
		],
		default: 'map',
	},
	{
		displayName: 'Mapping',
		name: 'mappingSource',
		type: 'options',
		noDataExpression: true,
		displayOptions: mapOnly,
		options: [
			{ name: 'Preset', value: 'preset', description: 'A ready-made mapping from the documented integrations' },
			{ name: 'JSON', value: 'json', description: 'Your own mapping (start from a preset: its JSON is in the docs)' },
		],
		default: 'preset',
	},
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: ['map'], mappingSource: ['preset'] } },
		options: PRESETS.map((p) => ({ name: p.label, value: p.name, description: p.description })),
		default: 'catalog-product',
	},
	{
		displayName: 'Mapping JSON',
		name: 'mappingJson',
		type: 'json',
		displayOptions: { show: { operation: ['map'], mappingSource: ['json'] } },
		default: JSON.stringify(getPreset('catalog-product').spec, null, 2),
		description: 'The mapping: source, target, model, key, fields, tables, bidirectional',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		noDataExpression: true,
		displayOptions: mapOnly,
		options: [
			{ name: 'Source → Target (as Written)', value: 'forward' },
			{ name: 'Target → Source (Reversed)', value: 'reverse', description: 'Only for bidirectional mappings; fields that cannot be reversed are left out' },
		],
		default: 'forward',
	},
	{
		displayName: 'Lookup Tables',
		name: 'tablesInput',
		type: 'options',
		noDataExpression: true,
		displayOptions: mapOnly,
		options: [
			{ name: 'From the Mapping', value: 'none' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Rows', value: 'rows' },
		],
		default: 'none',
		description: 'Tables given here replace same-named tables of the mapping (e.g. your category IDs)',
	},
	{
		displayName: 'Tables JSON',
		name: 'tablesJson',
		type: 'json',
		displayOptions: { show: { operation: ['map'], tablesInput: ['json'] } },
		default: '{\n  "categories": { "Electronics": 5 }\n}',
		description: 'Table name → key → value',
	},
	{
		displayName: 'Table Rows',
		name: 'tableRows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: { show: { operation: ['map'], tablesInput: ['rows'] } },
		default: {},
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{ displayName: 'Table', name: 'table', type: 'string', default: '' },
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Whole numbers are stored as numbers (Odoo IDs)' },
				],
			},
		],
	},
	{
		displayName: 'Use Odoo',
		name: 'useOdoo',
		type: 'boolean',
		displayOptions: mapOnly,
		default: false,
		description: 'Whether to connect to Odoo to resolve many2one/many2many values and check custom fields',
	},
	odooAuth.authentication,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: mapOnly,
		default: {},
		options: [
			{ displayName: 'Keep Source', name: 'keepSource', type: 'boolean', default: false, description: 'Whether to keep the input item under _source' },
			{ displayName: 'Add Mapping Metadata', name: 'includeMetadata', type: 'boolean', default: false, description: 'Whether to add _mapping: fields set, skipped and defaulted, key, model, irreversible fields' },
		],
	},
];
