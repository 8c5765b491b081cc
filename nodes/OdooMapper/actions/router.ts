import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runBatches } from '../../../lib/n8n/items';
import type { MapperOperation } from '../shared/operation';
import * as map from './map.operation';
import * as qobraTypes from './qobraTypes.operation';

export const operations: Record<string, MapperOperation> = { map, qobraTypes };

/** Consecutive items with the same mapping form a batch; the operation runs once per batch. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = operations[this.getNodeParameter('operation', 0) as string];
	return [
		await runBatches(
			this,
			(i) => operation.settings?.(this, i),
			({ items, settings }) => operation.execute({ ctx: this, items, settings }),
		),
	];
}
