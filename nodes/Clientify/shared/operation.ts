import type { IExecuteFunctions } from 'n8n-workflow';
import type { ClientifyClient, ResourceName } from '../../../lib/clientify';
import type { Batch, Operation } from '../../../lib/n8n/items';

/** A batch of items with the same settings, as an operation receives it. */
export interface ClientifyBatch<S = unknown> extends Batch<S> {
	ctx: IExecuteFunctions;
	client: ClientifyClient;
	resource: ResourceName;
}

export type ClientifyOperation = Operation<ClientifyBatch>;
