import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { atBoundary } from '../../../lib/n8n/errors';
import { runBatches } from '../../../lib/n8n/items';
import { connectOdoo, retryForOption } from '../../../lib/n8n/odoo';
import type { OdooOperation } from '../shared/operation';
import { readBatchSize, readModel, readOptions } from '../shared/parameters';
import * as callMethod from './callMethod.operation';
import * as count from './count.operation';
import * as create from './create.operation';
import * as remove from './delete.operation';
import * as describe from './describe.operation';
import * as get from './get.operation';
import * as search from './search.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export const operations: Record<string, OdooOperation> = {
	callMethod,
	count,
	create,
	delete: remove,
	describe,
	get,
	search,
	update,
	upsert,
};

/** Consecutive items on the same model with the same settings form a batch; the operation runs once per batch. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = operations[this.getNodeParameter('operation', 0) as string];
	const retryFor = retryForOption(this.getNodeParameter('options.retryFor', 0, null));
	const client = await atBoundary(this, () => connectOdoo(this, retryFor), 0);
	const settingsOf = (i: number) => ({
		model: readModel(this, i),
		...readOptions(this, i),
		settings: operation.settings?.(this, i),
	});
	const items = await runBatches(
		this,
		settingsOf,
		({ items, settings: s }) => operation.execute({ ctx: this, client, items, ...s }),
		readBatchSize(this),
	);
	return [items];
}
