import { IDataObject, IExecuteFunctions, INodeProperties, NodeOperationError, UserError } from 'n8n-workflow';
import { Context, Domain, FieldsInfo, OdooClient, Vals } from '../../../lib/odoo';
import { OutputShape, mapLimit, shapeRecord } from '../../../lib/sync';

/** What an operation returns for one input item: output records, or its own error. */
export type ItemOutcome = { json: IDataObject | IDataObject[] } | { error: Error };

export interface OperationContext {
	ctx: IExecuteFunctions;
	client: OdooClient;
	model: string;
	/** Input item indexes of this batch. */
	items: number[];
	context: Context;
	shape: OutputShape;
}

export interface Operation {
	description: INodeProperties[];
	execute(op: OperationContext): Promise<ItemOutcome[]>;
}

/** Any Odoo model, picked from ir.model or typed; shared by the Odoo node and the Odoo Trigger. */
export const modelProperty = (placeholder: string): INodeProperties => ({
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchModels', searchable: true } },
		{ displayName: 'By Name', name: 'name', type: 'string', placeholder },
	],
});

/** Limits a property to some operations. */
export const showFor = (...operation: string[]) => ({ show: { operation } });

export function valuesProperties(operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Values Input',
			name: 'valuesMode',
			type: 'options',
			displayOptions: showFor(...operations),
			options: [
				{ name: 'Map Fields', value: 'mapper', description: 'Pick fields of the model and map input data to them' },
				{ name: 'JSON', value: 'json', description: 'An object of field values, e.g. {"name": "Acme", "country_id": "BE"}' },
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
			displayOptions: { show: { operation: operations, valuesMode: ['mapper'] } },
		},
		{
			displayName: 'Values (JSON)',
			name: 'valuesJson',
			type: 'json',
			default: '{\n  "name": ""\n}',
			description: 'Field values. A many2one may be an ID, a name or {"code": "BE"}; an x2many a list of IDs or names, or Odoo commands.',
			displayOptions: { show: { operation: operations, valuesMode: ['json'] } },
		},
	];
}

/** Parses a JSON parameter that n8n may hand over as a string or as an object already. */
export function jsonParam<T>(ctx: IExecuteFunctions, name: string, i: number, fallback: T): T {
	const raw = ctx.getNodeParameter(name, i, fallback) as unknown;
	if (typeof raw !== 'string') return (raw ?? fallback) as T;
	if (!raw.trim()) return fallback;
	try {
		return JSON.parse(raw) as T;
	} catch (err) {
		throw new NodeOperationError(ctx.getNode(), `Parameter '${name}' is not valid JSON: ${(err as Error).message}`, { itemIndex: i });
	}
}

/** The field values of item i, from the field mapper or from JSON. */
export function readVals(ctx: IExecuteFunctions, i: number): Vals {
	if (ctx.getNodeParameter('valuesMode', i, 'mapper') === 'json') {
		const vals = jsonParam<unknown>(ctx, 'valuesJson', i, {});
		if (!vals || typeof vals !== 'object' || Array.isArray(vals)) throw new NodeOperationError(ctx.getNode(), "'Values (JSON)' must be an object of field values", { itemIndex: i });
		return vals as Vals;
	}
	const mode = ctx.getNodeParameter('columns.mappingMode', i, 'defineBelow') as string;
	if (mode === 'autoMapInputData') {
		const schema = ctx.getNodeParameter('columns.schema', i, []) as { id: string; removed?: boolean }[];
		const json = ctx.getInputData()[i].json;
		const wanted = new Set(schema.filter((f) => !f.removed).map((f) => f.id));
		return Object.fromEntries(Object.entries(json).filter(([k]) => wanted.has(k)));
	}
	const value = (ctx.getNodeParameter('columns.value', i, {}) ?? {}) as Vals;
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** Record ids from "1,2,3", a number, or a JSON list. */
export function parseIds(value: unknown): number[] {
	const list = Array.isArray(value) ? value : String(value ?? '').replace(/[[\]\s]/g, '').split(',').filter(Boolean);
	const ids = list.map(Number);
	if (!ids.length || ids.some((id) => !Number.isInteger(id) || id <= 0))
		throw new UserError(`Expected record IDs like "7" or "7,8,9", got '${String(value)}'`);
	return ids;
}

export function domainParam(ctx: IExecuteFunctions, name: string, i: number): Domain {
	const domain = jsonParam<unknown>(ctx, name, i, []);
	if (!Array.isArray(domain))
		throw new NodeOperationError(ctx.getNode(), `The domain must be a JSON list such as [["is_company", "=", true]], got ${JSON.stringify(domain)}`, { itemIndex: i });
	return domain;
}

export function shape(fields: FieldsInfo, records: Record<string, unknown>[], o: OutputShape): IDataObject[] {
	return records.map((r) => shapeRecord(fields, r, o) as IDataObject);
}

/** Runs one call for a whole batch; a failure becomes every item's error. */
export async function forBatch(items: number[], fn: () => Promise<ItemOutcome[]>): Promise<ItemOutcome[]> {
	try {
		return await fn();
	} catch (error) {
		return items.map(() => ({ error: error as Error }));
	}
}

/** Runs `fn` per item (a few at a time), catching each item's error on its own. */
export function perItem(op: OperationContext, fn: (i: number) => Promise<IDataObject | IDataObject[]>): Promise<ItemOutcome[]> {
	return mapLimit(op.items, 4, async (i): Promise<ItemOutcome> => {
		try {
			return { json: await fn(i) };
		} catch (error) {
			return { error: error as Error };
		}
	});
}

/** The value, or the error it threw, so one bad item does not stop the batch. */
export function attempt<T>(fn: () => T): T | Error {
	try {
		return fn();
	} catch (error) {
		return error as Error;
	}
}
