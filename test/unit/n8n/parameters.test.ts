import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';
import { readOncePerNode } from '../../../lib/n8n/parameters';

/** A context whose getNodeParameter answers "<name>@<item>" and counts its calls. */
function context(parameters: INodeParameters) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({ parameters }),
		getNodeParameter: (name: string, i: number) => {
			calls.push(name);
			return `${name}@${i}`;
		},
		continueOnFail() {
			return this === ctx;
		},
	};
	return { ctx: readOncePerNode(ctx as unknown as IExecuteFunctions), calls };
}

const readAll = (ctx: IExecuteFunctions, name: string) =>
	[0, 1, 2].map((i) => ctx.getNodeParameter(name, i));

test('a parameter without an expression is read once for all items', () => {
	const { ctx, calls } = context({ keyFields: 'ref', options: { batchSize: 50 } });
	expect(readAll(ctx, 'keyFields')).toEqual(['keyFields@0', 'keyFields@0', 'keyFields@0']);
	readAll(ctx, 'options.batchSize');
	readAll(ctx, 'options.missing');
	expect(calls).toEqual(['keyFields', 'options.batchSize', 'options.missing']);
});

test('an expression, on the parameter, inside it or on a parent, is read per item', () => {
	const { ctx, calls } = context({
		valuesJson: '={{ $json }}',
		model: { __rl: true, mode: 'name', value: '={{ $json.model }}' },
		options: '={{ $json.options }}',
	});
	expect(readAll(ctx, 'valuesJson')).toEqual(['valuesJson@0', 'valuesJson@1', 'valuesJson@2']);
	readAll(ctx, 'model');
	readAll(ctx, 'options.batchSize');
	expect(calls).toHaveLength(9);
});

test('other methods run on the real context', () => {
	const { ctx } = context({});
	expect(ctx.continueOnFail()).toBe(true);
});
