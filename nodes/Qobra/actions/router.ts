import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { atBoundary } from '../../../lib/n8n/errors';
import { runBatches } from '../../../lib/n8n/items';
import { connectQobra } from '../../../lib/n8n/qobra';
import type { QobraOperation } from '../shared/operation';
import * as exportOdoo from './exportOdoo.operation';
import * as getRecords from './getRecords.operation';
import * as importStatus from './importStatus.operation';
import * as listFields from './listFields.operation';
import * as listStructures from './listStructures.operation';
import * as push from './pushRecords.operation';
import * as tableTemplate from './tableTemplate.operation';
import * as upsertUsers from './upsertUsers.operation';

/** Every operation by its value (values are unique across resources). */
export const operations: Record<string, QobraOperation> = {
	push,
	exportOdoo,
	importStatus,
	tableTemplate,
	upsertUsers,
	listStructures,
	listFields,
	getRecords,
};

/** Consecutive items with the same settings form a batch; the operation runs once per batch. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	if (!run)
		throw new NodeOperationError(this.getNode(), `Operation "${operation}" is not supported`);
	const client = await atBoundary(this, () => connectQobra(this), 0);
	const items = await runBatches(
		this,
		(i) => run.settings?.(this, i),
		({ items, settings }) => run.execute({ ctx: this, client, items, settings }),
	);
	return [items];
}
