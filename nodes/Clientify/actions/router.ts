import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { ResourceName } from '../../../lib/clientify';
import { connectClientify } from '../../../lib/n8n/clientify';
import { atBoundary } from '../../../lib/n8n/errors';
import { runBatches } from '../../../lib/n8n/items';
import type { ClientifyOperation } from '../shared/operation';
import * as create from './create.operation';
import * as deleteWebhook from './deleteWebhook.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as linkContact from './linkContact.operation';
import * as listWebhooks from './listWebhooks.operation';
import * as registerWebhook from './registerWebhook.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

/** The operations of the five record resources, by operation value. */
export const recordOperations: Record<string, ClientifyOperation> = {
	create,
	get,
	getAll: getMany,
	update,
	upsert,
	linkContact,
};
export const webhookOperations: Record<string, ClientifyOperation> = {
	delete: deleteWebhook,
	list: listWebhooks,
	register: registerWebhook,
};

/** Consecutive items with the same settings form a batch; the operation runs once per batch. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as ResourceName | 'webhook';
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = (resource === 'webhook' ? webhookOperations : recordOperations)[operation];
	if (!run)
		throw new NodeOperationError(
			this.getNode(),
			`Operation "${operation}" is not supported for ${resource}`,
		);
	const client = await atBoundary(this, () => connectClientify(this), 0);
	const items = await runBatches(
		this,
		(i) => run.settings?.(this, i),
		({ items, settings }) =>
			run.execute({ ctx: this, client, resource: resource as ResourceName, items, settings }),
	);
	return [items];
}
