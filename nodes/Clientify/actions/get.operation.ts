import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ResourceName } from '../../../lib/clientify';
import { asJson, clientFor, csv, perItem } from './common';

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], resource: ResourceName): Promise<INodeExecutionData[]> {
	const client = await clientFor(this);
	return perItem(this, items.length, async (i) => {
		const fields = csv(this.getNodeParameter('options.fields', i, ''));
		return asJson(await client.get(resource, this.getNodeParameter('recordId', i) as string, fields.length ? fields : undefined));
	});
}
