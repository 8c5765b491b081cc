import {
	NodeApiError,
	NodeError,
	NodeOperationError,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';
import { ClientifyError } from '../clientify/errors';
import { OdooError } from '../odoo/errors';
import { QobraError } from '../qobra/errors';
import { SalesforceError } from '../salesforce/errors';
import { SevenTargetsError } from '../seventargets/errors';

/** An error from a service library: it carries a kind, and where it knows one, the field at fault. */
type ServiceError = OdooError | ClientifyError | QobraError | SalesforceError | SevenTargetsError;

/** The services whose own input errors (kind 'input') are the user's, not the service's. */
const HTTP_SERVICE_ERRORS = [ClientifyError, QobraError, SalesforceError, SevenTargetsError];

const isKnownError = (error: unknown): error is ServiceError =>
	error instanceof OdooError || HTTP_SERVICE_ERRORS.some((type) => error instanceof type);

const isServiceError = (error: unknown): error is ServiceError =>
	isKnownError(error) && (error instanceof OdooError || error.kind !== 'input');

/** The field an error names: Odoo's, Clientify's first, or a mapping error's. */
function fieldOf(error: unknown): string | null {
	if (error instanceof ClientifyError) return Object.keys(error.fields ?? {})[0] ?? null;
	const field = (error as { field?: unknown } | undefined)?.field;
	return typeof field === 'string' ? field : null;
}

function kindOf(error: unknown): string | null {
	return isKnownError(error) ? error.kind : null;
}

/**
 * The one error boundary of every node. A service's error (Odoo, Clientify) becomes a NodeApiError carrying its
 * kind and field; a configuration or input error (bad JSON, invalid mapping, no model, bad record) a
 * NodeOperationError. The item index goes in the error's context: n8n shows it, so the message does not repeat it.
 */
export function nodeError(node: INode, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (isServiceError(error)) {
		const body = { message: error.message, kind: error.kind, field: fieldOf(error) } as JsonObject;
		if (error instanceof ClientifyError && error.fields) body.fields = error.fields;
		const status = error instanceof OdooError ? undefined : error.status;
		return new NodeApiError(node, body, {
			message: error.message,
			description: error.details,
			httpCode: status ? String(status) : undefined,
			itemIndex,
		});
	}
	const description = (error as { details?: string }).details;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
		description,
	});
}

/** Runs `fn` and converts what it throws at the boundary: for work outside items (triggers, connecting). */
export async function atBoundary<T>(
	ctx: { getNode(): INode },
	fn: () => Promise<T>,
	itemIndex?: number,
): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		throw nodeError(ctx.getNode(), error, itemIndex);
	}
}

/** The one shape of a failed item under Continue On Fail. */
export function errorItem(node: INode, error: unknown, itemIndex: number): INodeExecutionData {
	const message = error instanceof Error ? error.message : String(error);
	const item: INodeExecutionData = {
		json: { error: message, kind: kindOf(error), field: fieldOf(error) },
		pairedItem: { item: itemIndex },
	};
	// "Continue (using error output)" routes by item.error: n8n reads json only when it is {error} alone.
	if (node.onError === 'continueErrorOutput')
		item.error = nodeError(node, error, itemIndex) as NodeApiError | NodeOperationError;
	return item;
}
