import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { asJson, clientFor, perItem } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Company ID',
		name: 'companyId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['company'], operation: ['linkContact'] } },
	},
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		required: true,
		default: '',
		description: 'The contact becomes an employee of the company',
		displayOptions: { show: { resource: ['company'], operation: ['linkContact'] } },
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await clientFor(this);
	return perItem(this, items.length, async (i) =>
		asJson(await client.linkContactToCompany(this.getNodeParameter('companyId', i) as string, this.getNodeParameter('contactId', i) as string)),
	);
}
