import type { IDataObject } from 'n8n-workflow';
import { jsonParam, Operation, parseIds, perItem, showFor } from './common';

/** Any public model method, e.g. action_confirm, message_post, read_group. */
export const callMethod: Operation = {
	description: [
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
			displayName: 'Record IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: '7,8',
			description: 'Records to call the method on; leave empty for model-level methods such as read_group',
			displayOptions: showFor('callMethod'),
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
	],
	execute(op) {
		const { ctx, client, model, context } = op;
		return perItem(op, async (i) => {
			const method = String(ctx.getNodeParameter('method', i)).trim();
			const idsText = String(ctx.getNodeParameter('ids', i, '')).trim();
			const args = jsonParam<unknown[]>(ctx, 'args', i, []);
			const kwargs = jsonParam<IDataObject>(ctx, 'kwargs', i, {});
			const positional = idsText ? [parseIds(idsText), ...args] : args;
			const result = await client.call(model, method, positional, kwargs, { context });
			return { result } as IDataObject;
		});
	},
};
