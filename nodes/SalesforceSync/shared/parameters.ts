import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { SalesforceError, stripAttributes, type SalesforceRecord } from '../../../lib/salesforce';

/** The record to write: the input item itself, or the JSON parameter. */
export function recordFor(ctx: IExecuteFunctions, i: number): SalesforceRecord {
	if (ctx.getNodeParameter('dataMode', i, 'autoMap') === 'json') {
		const raw = ctx.getNodeParameter('recordJson', i);
		let parsed: unknown = raw;
		if (typeof raw === 'string')
			try {
				parsed = JSON.parse(raw);
			} catch {
				parsed = undefined;
			}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
			throw new SalesforceError(
				'input',
				'Record JSON is not a JSON object: fix the Record JSON parameter',
			);
		return parsed as SalesforceRecord;
	}
	return { ...ctx.getInputData()[i].json } as SalesforceRecord;
}

export const str = (ctx: IExecuteFunctions, name: string, i: number) =>
	String(ctx.getNodeParameter(name, i, '') ?? '').trim();

/** Splits a comma-separated parameter into trimmed, non-empty names. */
export const csv = (value: string) =>
	value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);

/** A record as output: without Salesforce's `attributes`. */
export const asJson = (record: SalesforceRecord) => stripAttributes(record) as IDataObject;
