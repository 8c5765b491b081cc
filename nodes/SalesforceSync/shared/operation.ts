import type { IExecuteFunctions } from 'n8n-workflow';
import type { Batch, Operation } from '../../../lib/n8n/items';
import type { SalesforceClient } from '../../../lib/salesforce';

/** A batch of items with the same settings, as an operation receives it. */
export interface SalesforceBatch<S = unknown> extends Batch<S> {
	ctx: IExecuteFunctions;
	client: SalesforceClient;
}

export type SalesforceOperation = Operation<SalesforceBatch>;
