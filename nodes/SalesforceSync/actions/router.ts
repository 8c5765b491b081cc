import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { atBoundary } from '../../../lib/n8n/errors';
import { runBatches } from '../../../lib/n8n/items';
import { connectSalesforce } from '../../../lib/n8n/salesforce';
import type { SalesforceOperation } from '../shared/operation';
import * as apiUsage from './apiUsage.operation';
import * as collection from './collection.operation';
import * as getChanges from './getChanges.operation';
import * as getDeleted from './getDeleted.operation';
import * as query from './query.operation';
import * as record from './record.operation';

const single = (execute: SalesforceOperation['execute']): SalesforceOperation => ({
	description: [],
	execute,
});

/** The operations by value; record.operation.ts holds the one-record operations and their shared parameters. */
export const operations: Record<string, SalesforceOperation> = {
	query,
	getChanges,
	getDeleted,
	get: { description: record.description, execute: record.get },
	create: single(record.create),
	update: single(record.update),
	upsert: single(record.upsert),
	collection: collection as SalesforceOperation,
	describe: single(record.describe),
	apiUsage,
};

/** Consecutive items with the same settings form a batch; the operation runs once per batch. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	if (!run)
		throw new NodeOperationError(this.getNode(), `Operation "${operation}" is not supported`);
	const client = await atBoundary(this, () => connectSalesforce(this), 0);
	const items = await runBatches(
		this,
		(i) => run.settings?.(this, i),
		({ items, settings }) => run.execute({ ctx: this, client, items, settings }),
	);
	return [items];
}
