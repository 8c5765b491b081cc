import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { ClientifyError, type ClientifyRecord } from '../../../lib/clientify';

/** The record to write: the input item itself, or the JSON parameter. */
export function recordFor(ctx: IExecuteFunctions, itemIndex: number): ClientifyRecord {
	if (ctx.getNodeParameter('dataMode', itemIndex) === 'json') {
		const raw = ctx.getNodeParameter('recordJson', itemIndex);
		const parsed = typeof raw === 'string' ? safeParse(raw) : raw;
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
			throw new ClientifyError(
				'input',
				'Record JSON is not a JSON object: fix the Record JSON parameter',
			);
		return parsed as ClientifyRecord;
	}
	return { ...ctx.getInputData()[itemIndex].json } as ClientifyRecord;
}

function safeParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

import { csv } from '../../../lib/n8n/items';

export { csv };

/** The v2 `fields=` of item i's read Options, undefined for the resource's defaults. */
export function fieldsOption(ctx: IExecuteFunctions, i: number): string[] | undefined {
	const fields = csv(ctx.getNodeParameter('options.fields', i, ''));
	return fields.length ? fields : undefined;
}

export const asJson = (record: ClientifyRecord) => record as IDataObject;
