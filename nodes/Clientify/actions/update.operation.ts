import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ResourceName } from '../../../lib/clientify';
import { asJson, clientFor, perItem, recordFor } from './common';

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], resource: ResourceName): Promise<INodeExecutionData[]> {
	const client = await clientFor(this);
	return perItem(this, items.length, async (i) => asJson(await client.update(resource, this.getNodeParameter('recordId', i) as string, recordFor(this, i))));
}
