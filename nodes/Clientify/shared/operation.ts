import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ClientifyClient, ResourceName } from '../../../lib/clientify';
import type { Batch, ItemOutcome } from '../../../lib/n8n/items';

/** A batch of items with the same settings, as an operation receives it. */
export interface ClientifyBatch<S = unknown> extends Batch<S> {
	ctx: IExecuteFunctions;
	client: ClientifyClient;
	resource: ResourceName;
}

/** What each actions/<op>.operation.ts exports. */
export interface ClientifyOperation<S = unknown> {
	description: INodeProperties[];
	/** The parameters the whole batch shares, read for item i: items with different settings go to different batches. */
	settings?(ctx: IExecuteFunctions, i: number): S;
	/** One outcome per item of the batch; a throw fails every item of the batch. */
	execute(batch: ClientifyBatch<S>): Promise<ItemOutcome[]>;
}
