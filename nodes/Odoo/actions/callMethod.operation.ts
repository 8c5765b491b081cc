import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { recordIdsProperty, showFor } from '../shared/descriptions';
import type { OdooBatch } from '../shared/operation';
import { jsonParam, parseIds } from '../shared/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'action_confirm',
		displayOptions: showFor('callMethod'),
	},
	{
		...recordIdsProperty(showFor('callMethod')),
		required: false,
		placeholder: '7,8',
		description:
			'Records to call the method on; leave empty for model-level methods such as read_group',
	},
	{
		displayName: 'Arguments (JSON)',
		name: 'args',
		type: 'json',
		default: '[]',
		description: 'Positional arguments after the record IDs',
		displayOptions: showFor('callMethod'),
	},
	{
		displayName: 'Keyword Arguments (JSON)',
		name: 'kwargs',
		type: 'json',
		default: '{}',
		placeholder: '{"body": "Synced by n8n", "message_type": "comment"}',
		displayOptions: showFor('callMethod'),
	},
];

/** Any public model method, e.g. action_confirm, message_post, read_group: one call per item. */
export function execute({ ctx, client, model, items, context }: OdooBatch): Promise<ItemOutcome[]> {
	return perItem(
		ctx,
		items,
		async (i) => {
			const method = String(ctx.getNodeParameter('method', i)).trim();
			const idsText = String(ctx.getNodeParameter('ids', i, '')).trim();
			const args = jsonParam<unknown[]>(ctx, 'args', i, []);
			const kwargs = jsonParam<IDataObject>(ctx, 'kwargs', i, {});
			const positional = idsText ? [parseIds(idsText), ...args] : args;
			const result = await client.call(model, method, positional, kwargs, { context });
			return { result } as IDataObject;
		},
		4,
	);
}
