import type { IExecuteFunctions } from 'n8n-workflow';
import type { Batch, Operation } from '../../../lib/n8n/items';
import type { QobraClient } from '../../../lib/qobra';

/** A batch of items with the same settings, as an operation receives it. */
export interface QobraBatch<S = unknown> extends Batch<S> {
	ctx: IExecuteFunctions;
	client: QobraClient;
}

export type QobraOperation = Operation<QobraBatch>;
