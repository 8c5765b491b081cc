import type { IExecuteFunctions } from 'n8n-workflow';
import type { Batch, Operation } from '../../../lib/n8n/items';

/** A batch of items with the same mapping, as an operation receives it. */
export interface MapperBatch<S = unknown> extends Batch<S> {
	ctx: IExecuteFunctions;
}

export type MapperOperation = Operation<MapperBatch>;
