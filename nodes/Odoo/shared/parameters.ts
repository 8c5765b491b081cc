import { IDataObject, IExecuteFunctions, NodeOperationError, UserError } from 'n8n-workflow';
import { Context, Domain, FieldsInfo, or, Vals } from '../../../lib/odoo';
import { OutputShape, shapeRecord } from '../../../lib/sync';
import { attempt } from '../../../lib/n8n/items';
import type { OdooBatch } from './operation';

import { jsonParam } from '../../../lib/n8n/items';

export { jsonParam };

export function readModel(ctx: IExecuteFunctions, i: number): string {
	const model = String(ctx.getNodeParameter('model', i, '', { extractValue: true })).trim();
	if (!model) throw new UserError('No model given');
	return model;
}

interface Options {
	batchSize?: number;
	lang?: string;
	tz?: string;
	companyIds?: string;
	activeTest?: boolean;
	trackingDisable?: boolean;
	many2one?: 'object' | 'id';
	falseToNull?: boolean;
}

/** Item i's Odoo context and output shape, from the node's Options. */
export function readOptions(
	ctx: IExecuteFunctions,
	i: number,
): { context: Context; shape: OutputShape } {
	const o = ctx.getNodeParameter('options', i, {}) as Options;
	const context: Context = { ...jsonParam<IDataObject>(ctx, 'options.context', i, {}) };
	if (o.lang) context.lang = o.lang;
	if (o.tz) context.tz = o.tz;
	if (o.companyIds)
		context.allowed_company_ids = o.companyIds.split(',').map((s) => Number(s.trim()));
	if (o.activeTest === false) context.active_test = false;
	if (o.trackingDisable)
		Object.assign(context, { tracking_disable: true, mail_notrack: true, mail_create_nolog: true });
	return { context, shape: { many2one: o.many2one, falseToNull: o.falseToNull } };
}

/** Items per call; not an expression (it makes the batches). */
export const readBatchSize = (ctx: IExecuteFunctions) =>
	Math.max(1, ctx.getNodeParameter('options.batchSize', 0, 100) as number);

/** The field values of item i, from the field mapper or from JSON. */
export function readVals(ctx: IExecuteFunctions, i: number): Vals {
	if (ctx.getNodeParameter('valuesMode', i, 'mapper') === 'json') {
		const vals = jsonParam<unknown>(ctx, 'valuesJson', i, {});
		if (!vals || typeof vals !== 'object' || Array.isArray(vals))
			throw new NodeOperationError(
				ctx.getNode(),
				"'Values (JSON)' must be an object of field values",
				{ itemIndex: i },
			);
		return vals as Vals;
	}
	const mode = ctx.getNodeParameter('columns.mappingMode', i, 'defineBelow') as string;
	if (mode === 'autoMapInputData') {
		const schema = ctx.getNodeParameter('columns.schema', i, []) as {
			id: string;
			removed?: boolean;
		}[];
		const json = ctx.getInputData()[i].json;
		const wanted = new Set(schema.filter((f) => !f.removed).map((f) => f.id));
		return Object.fromEntries(Object.entries(json).filter(([k]) => wanted.has(k)));
	}
	const value = (ctx.getNodeParameter('columns.value', i, {}) ?? {}) as Vals;
	return Object.fromEntries(
		Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''),
	);
}

/** Record ids from "1,2,3", a number, or a JSON list. */
export function parseIds(value: unknown): number[] {
	const list = Array.isArray(value)
		? value
		: String(value ?? '')
				.replace(/[[\]\s]/g, '')
				.split(',')
				.filter(Boolean);
	const ids = list.map(Number);
	if (!ids.length || ids.some((id) => !Number.isInteger(id) || id <= 0))
		throw new UserError(`Expected record IDs like "7" or "7,8,9", got '${String(value)}'`);
	return ids;
}

export function domainParam(ctx: IExecuteFunctions, name: string, i: number): Domain {
	const domain = jsonParam<unknown>(ctx, name, i, []);
	if (!Array.isArray(domain))
		throw new NodeOperationError(
			ctx.getNode(),
			`The domain must be a JSON list such as [["is_company", "=", true]], got ${JSON.stringify(domain)}`,
			{ itemIndex: i },
		);
	return domain;
}

/** A condition value as typed: JSON when it parses, a list for "in", else the text. */
function conditionValue(operator: string, text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return operator.endsWith('in') ? text.split(',').map((s) => s.trim()) : text;
	}
}

/** Item i's filter (see filterProperties) as a domain. */
export function readDomain(ctx: IExecuteFunctions, i: number): Domain {
	if (ctx.getNodeParameter('filterMode', i, 'conditions') === 'domain')
		return domainParam(ctx, 'domain', i);
	const rows =
		(ctx.getNodeParameter('conditions.condition', i, []) as {
			field: string;
			operator: string;
			value: string;
		}[]) ?? [];
	const leaves = rows.map((r) => {
		if (!r.field) throw new UserError('A filter condition has no field');
		return [r.field, r.operator, conditionValue(r.operator, r.value)];
	});
	const anyMatches = ctx.getNodeParameter('combinator', i, 'and') === 'or';
	return anyMatches && leaves.length ? or(leaves.map((leaf) => [leaf])) : leaves;
}

/** The ids item i points at (see selectByProperties): given directly, or found with its domain. */
export async function selectedIds(
	{ ctx, client, model, context }: OdooBatch,
	i: number,
): Promise<number[]> {
	if (ctx.getNodeParameter('selectBy', i, 'ids') === 'ids')
		return parseIds(ctx.getNodeParameter('ids', i));
	return client.search(model, domainParam(ctx, 'domain', i), { context });
}

export function shape(
	fields: FieldsInfo,
	records: Record<string, unknown>[],
	o: OutputShape,
): IDataObject[] {
	return records.map((r) => shapeRecord(fields, r, o) as IDataObject);
}

/** A trigger's Domain (JSON) parameter. */
export function parseDomain(text: unknown): Domain {
	if (Array.isArray(text)) return text;
	const domain = attempt(() => JSON.parse(String(text || '[]')) as unknown);
	if (domain instanceof Error)
		throw new UserError(`The domain is not valid JSON: ${domain.message}`);
	if (!Array.isArray(domain))
		throw new UserError('The domain must be a JSON list, e.g. [["is_company", "=", true]]');
	return domain;
}
