import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { ResourceName } from '../../../lib/clientify';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as linkContact from './linkContact.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';
import * as webhook from './webhook.operation';

type RecordOperation = (this: IExecuteFunctions, items: INodeExecutionData[], resource: ResourceName) => Promise<INodeExecutionData[]>;

const recordOperations: Record<string, RecordOperation> = {
	create: create.execute,
	get: get.execute,
	getAll: getMany.execute,
	update: update.execute,
	upsert: upsert.execute,
	linkContact: linkContact.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as ResourceName | 'webhook';
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource === 'webhook') return [await webhook.execute.call(this, items, operation)];
	const run = recordOperations[operation];
	if (!run) throw new NodeOperationError(this.getNode(), `Operation "${operation}" is not supported for ${resource}`);
	return [await run.call(this, items, resource)];
}
