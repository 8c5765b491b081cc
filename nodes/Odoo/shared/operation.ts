import type { IExecuteFunctions } from 'n8n-workflow';
import type { Batch, Operation } from '../../../lib/n8n/items';
import type { Context, OdooClient } from '../../../lib/odoo';
import type { OutputShape } from '../../../lib/sync';

/** A batch of items on one model with the same settings, as an operation receives it. */
export interface OdooBatch<S = unknown> extends Batch<S> {
	ctx: IExecuteFunctions;
	client: OdooClient;
	model: string;
	context: Context;
	shape: OutputShape;
}

export type OdooOperation = Operation<OdooBatch>;
