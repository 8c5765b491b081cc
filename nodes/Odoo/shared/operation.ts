import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Batch, ItemOutcome } from '../../../lib/n8n/items';
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

/** What each actions/<op>.operation.ts exports. */
export interface OdooOperation<S = unknown> {
	description: INodeProperties[];
	/** The parameters the whole batch shares, read for item i: items with different settings go to different batches. */
	settings?(ctx: IExecuteFunctions, i: number): S;
	/** One outcome per item of the batch; a throw fails every item of the batch. */
	execute(batch: OdooBatch<S>): Promise<ItemOutcome[]>;
}
