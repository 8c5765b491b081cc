import type { INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { ClientifyBatch } from '../shared/operation';
import { asJson } from '../shared/parameters';

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

export function execute({ ctx, client, items }: ClientifyBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) =>
		asJson(
			await client.linkContactToCompany(
				ctx.getNodeParameter('companyId', i) as string,
				ctx.getNodeParameter('contactId', i) as string,
			),
		),
	);
}
