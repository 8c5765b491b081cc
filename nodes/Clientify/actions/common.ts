import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INode,
	type INodeExecutionData,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';
import { n8nRequest } from '../../../lib/http';
import { ClientifyClient, ClientifyError, type ApiVersion, type ClientifyRecord, type ResourceName } from '../../../lib/clientify';

type AnyContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

/** Builds the API client from the `clientifyApi` credential, sending requests through n8n's HTTP helper. */
export async function clientFor(ctx: AnyContext, extra: { fields?: Partial<Record<ResourceName, string[]>> } = {}): Promise<ClientifyClient> {
	const credentials = await ctx.getCredentials<{ apiKey: string; apiVersion?: ApiVersion; baseUrl?: string }>('clientifyApi');
	return new ClientifyClient({
		apiKey: credentials.apiKey,
		version: credentials.apiVersion ?? 'v1',
		baseUrl: credentials.baseUrl || undefined,
		request: n8nRequest(ctx.helpers.httpRequest),
		fields: extra.fields,
	});
}

/** Turns a library error into the n8n error shown in the UI (message one line, body in description). */
export function toNodeError(node: INode, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ClientifyError) {
		if (error.kind === 'input') return new NodeOperationError(node, error.message, { itemIndex, description: error.details });
		return new NodeApiError(node, { message: error.message, kind: error.kind, ...(error.fields ? { fields: error.fields as unknown as JsonObject } : {}) } as JsonObject, {
			message: error.message,
			description: error.details,
			httpCode: error.status ? String(error.status) : undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * Runs `fn` for each input item and shapes its result into output items paired with that input.
 * The one place that applies Continue On Fail: a failing item becomes `{ error }` or stops the node.
 */
export async function perItem(
	ctx: IExecuteFunctions,
	count: number,
	fn: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		try {
			const result = await fn(i);
			for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			out.push({ json: { error: nodeError.message, ...(error instanceof ClientifyError ? { kind: error.kind } : {}) }, pairedItem: { item: i } });
		}
	}
	return out;
}

/** The record to write: the input item itself, or the JSON parameter. */
export function recordFor(ctx: IExecuteFunctions, itemIndex: number): ClientifyRecord {
	if (ctx.getNodeParameter('dataMode', itemIndex) === 'json') {
		const raw = ctx.getNodeParameter('recordJson', itemIndex);
		const parsed = typeof raw === 'string' ? safeParse(raw) : raw;
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
			throw new ClientifyError('input', `Record JSON of item ${itemIndex} is not a JSON object: fix the Record JSON parameter`);
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

/** Splits a comma-separated parameter into trimmed, non-empty names. */
export function csv(value: unknown): string[] {
	return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export const asJson = (record: ClientifyRecord) => record as IDataObject;
