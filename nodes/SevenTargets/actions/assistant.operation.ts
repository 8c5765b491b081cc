import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import type { SevenTargetsBatch } from './router';

const show = { show: { resource: ['assistant'], operation: ['list'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		description: 'Part of the name or email; empty for all assistants',
		displayOptions: show,
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show.show, returnAll: [false] } },
	},
];

/** Every page of assistants, one output item each. */
export function execute({ ctx, client, items }: SevenTargetsBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items, async (i) => {
		const assistants = await client!.listAssistants({
			search: ctx.getNodeParameter('search', i, '') as string,
			limit: ctx.getNodeParameter('returnAll', i, true)
				? undefined
				: (ctx.getNodeParameter('limit', i) as number),
		});
		return assistants as IDataObject[];
	});
}
