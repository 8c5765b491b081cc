import {
	NodeApiError,
	NodeOperationError,
	UserError,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import { ClientifyError } from '../../../lib/clientify';
import { MappingError } from '../../../lib/mapping';
import { errorItem, nodeError } from '../../../lib/n8n/errors';
import { OdooError } from '../../../lib/odoo';

const node: INode = {
	id: '1',
	name: 'Node',
	type: 'n8n-nodes-odoo-sync.odoo',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('the error boundary', () => {
	test("an Odoo error becomes a NodeApiError with its kind, field, details and the item's index", () => {
		const error = nodeError(
			node,
			new OdooError('validation', "res.partner: unknown field 'x'", {
				field: 'x',
				details: 'Traceback…',
			}),
			3,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("res.partner: unknown field 'x'");
		expect(error.description).toBe('Traceback…');
		expect(error.context.itemIndex).toBe(3);
		expect((error as NodeApiError).errorResponse).toMatchObject({ kind: 'validation', field: 'x' });
	});

	test('a Clientify error becomes a NodeApiError with its kind, first field and HTTP status', () => {
		const source = new ClientifyError(
			'validation',
			'Clientify rejected create contact: email: Enter a valid email address.',
			{ status: 400, fields: { email: ['Enter a valid email address.'] } },
		);
		const error = nodeError(node, source, 0) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(source.message);
		expect(error.httpCode).toBe('400');
		expect((error as NodeApiError).errorResponse).toMatchObject({
			kind: 'validation',
			field: 'email',
			fields: { email: ['Enter a valid email address.'] },
		});
	});

	test.each([
		[
			'a Clientify input error',
			new ClientifyError(
				'input',
				'Record JSON is not a JSON object: fix the Record JSON parameter',
			),
		],
		['a UserError', new UserError('No model given')],
		['a mapping error', new MappingError('Field "name" is required but "title" is empty', 'name')],
		['a bad JSON parameter', new SyntaxError('Unexpected end of JSON input')],
	])('%s becomes a NodeOperationError with the item index', (_name, source) => {
		const error = nodeError(node, source, 2);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(source.message);
		expect(error.context.itemIndex).toBe(2);
	});

	test('an n8n error passes through and gains the item index it lacks', () => {
		const source = new NodeOperationError(node, 'HTTP 404');
		expect(nodeError(node, source, 4)).toBe(source);
		expect(source.context.itemIndex).toBe(4);
	});
});

describe('one error-item shape under Continue On Fail', () => {
	test.each([
		[
			'Odoo',
			new OdooError('missing', 'gone', { field: 'partner_id' }),
			{ error: 'gone', kind: 'missing', field: 'partner_id' },
		],
		[
			'Clientify',
			new ClientifyError('duplicate', 'dup', {
				fields: { taxpayer_identification_number: ['exists'] },
			}),
			{ error: 'dup', kind: 'duplicate', field: 'taxpayer_identification_number' },
		],
		[
			'Clientify input',
			new ClientifyError('input', 'no key'),
			{ error: 'no key', kind: 'input', field: null },
		],
		['mapper', new MappingError('bad', 'name'), { error: 'bad', kind: null, field: 'name' }],
		['anything else', new Error('boom'), { error: 'boom', kind: null, field: null }],
	])('%s', (_name, source, json) => {
		expect(errorItem(node, source, 5)).toEqual({
			json: json as JsonObject,
			pairedItem: { item: 5 },
		});
	});

	test('"Continue (using error output)": the item also carries the node error n8n routes by', () => {
		const routed = { ...node, onError: 'continueErrorOutput' as const };
		const item = errorItem(routed, new OdooError('validation', 'bad', { field: 'x' }), 2);
		expect(item.json).toEqual({ error: 'bad', kind: 'validation', field: 'x' });
		expect(item.error).toBeInstanceOf(NodeApiError);
		expect(item.error).toMatchObject({ message: 'bad', context: { itemIndex: 2 } });
	});
});
