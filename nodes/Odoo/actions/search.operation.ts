import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { Domain, or, pageSizeFor } from '../../../lib/odoo';
import { OdooError } from '../../../lib/odoo/errors';
import { domainParam, Operation, perItem, shape, showFor } from './common';
import { fieldsProperty } from './get.operation';

const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'like', 'ilike', 'not like', 'not ilike', '=like', '=ilike', 'in', 'not in', 'child_of', 'parent_of'];

export const filterProperties = (operations: string[]): INodeProperties[] => [
	{
		displayName: 'Filter By',
		name: 'filterMode',
		type: 'options',
		options: [
			{ name: 'Conditions', value: 'conditions' },
			{ name: 'Domain (JSON)', value: 'domain', description: 'Any Odoo domain, including "|", "&" and "!"' },
		],
		default: 'conditions',
		displayOptions: showFor(...operations),
	},
	{
		displayName: 'Domain',
		name: 'domain',
		type: 'json',
		default: '[]',
		placeholder: '["|", ["email", "ilike", "@acme.com"], ["is_company", "=", true]]',
		displayOptions: { show: { operation: operations, filterMode: ['domain'] } },
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
		displayOptions: { show: { operation: operations, filterMode: ['conditions'] } },
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Condition',
		displayOptions: { show: { operation: operations, filterMode: ['conditions'] } },
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getFieldNames', loadOptionsDependsOn: ['model.value'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
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
						description: 'JSON values are understood: true, 42, ["a", "b"]. For "in", a comma-separated list works too.',
					},
				],
			},
		],
	},
];

/** A condition value as typed: JSON when it parses, a list for "in", else the text. */
function conditionValue(operator: string, text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return operator.endsWith('in') ? text.split(',').map((s) => s.trim()) : text;
	}
}

export function readDomain(ctx: IExecuteFunctions, i: number): Domain {
	if (ctx.getNodeParameter('filterMode', i, 'conditions') === 'domain') return domainParam(ctx, 'domain', i);
	const rows = (ctx.getNodeParameter('conditions.condition', i, []) as { field: string; operator: string; value: string }[]) ?? [];
	const leaves = rows.map((r) => {
		if (!r.field) throw new OdooError('validation', 'A filter condition has no field');
		return [r.field, r.operator, conditionValue(r.operator, r.value)];
	});
	const anyMatches = ctx.getNodeParameter('combinator', i, 'and') === 'or';
	return anyMatches && leaves.length ? or(leaves.map((leaf) => [leaf])) : leaves;
}

export const search: Operation = {
	description: [
		...filterProperties(['search', 'count']),
		fieldsProperty(['search']),
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor('search'),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { operation: ['search'], returnAll: [false] } },
		},
		{
			displayName: 'Order',
			name: 'order',
			type: 'string',
			default: '',
			placeholder: 'write_date desc',
			displayOptions: showFor('search'),
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{ name: 'One Item per Record', value: 'each' },
				{ name: 'One Item with All Records', value: 'single' },
			],
			default: 'each',
			displayOptions: showFor('search'),
		},
	],
	execute(op) {
		const { ctx, client, model, context, shape: o } = op;
		return perItem(op, async (i) => {
			const fields = await client.fieldsGet(model);
			const fieldList = ctx.getNodeParameter('fields', i, []) as string[];
			const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
			const records = await client.searchRead(model, readDomain(ctx, i), {
				fields: fieldList.length ? fieldList : undefined,
				pageSize: pageSizeFor(fieldList, fields),
				order: (ctx.getNodeParameter('order', i, '') as string) || undefined,
				limit: returnAll ? undefined : (ctx.getNodeParameter('limit', i, 50) as number),
				context,
			});
			const shaped = shape(fields, records, o);
			return ctx.getNodeParameter('output', i, 'each') === 'single' ? ({ records: shaped, count: shaped.length } as IDataObject) : shaped;
		});
	},
};

export const count: Operation = {
	description: [],
	execute(op) {
		return perItem(op, async (i) => ({ count: await op.client.count(op.model, readDomain(op.ctx, i), { context: op.context }) }));
	},
};
