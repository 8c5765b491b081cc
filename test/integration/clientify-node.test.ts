import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { Clientify } from '../../nodes/Clientify/Clientify.node';
import { startFakeClientify, type FakeClientify } from '../fakes/clientify';
import { firstOutputOf } from '../helpers/n8n-context';
import { stopN8nCoreTimers } from '../unit/clientify/n8n-webhook';

describe('Clientify node (n8n execution context) against the fake', () => {
	let fake: FakeClientify;
	const run = firstOutputOf(
		new Clientify(),
		(extra: { continueOnFail?: boolean; apiKey?: string }) => ({
			clientifyApi: { apiKey: extra.apiKey ?? fake.apiKey, apiVersion: 'v1', baseUrl: fake.url },
		}),
	);
	const writes = () => fake.calls.filter((c) => c.method !== 'GET');

	beforeAll(async () => {
		fake = await startFakeClientify({ pageSize: 2 });
	});
	afterAll(async () => {
		await fake.close();
		stopN8nCoreTimers();
	});
	beforeEach(() => {
		fake.reset();
	});

	test('contact create sends each input item and pairs the outputs', async () => {
		const out = await run({ resource: 'contact', operation: 'create' }, [
			{ first_name: 'Ana', email: 'ana@example.com' },
			{ first_name: 'Luis', email: 'luis@example.com' },
		]);
		expect(out.map((i) => [i.json.first_name, i.pairedItem])).toEqual([
			['Ana', { item: 0 }],
			['Luis', { item: 1 }],
		]);
		expect(fake.store.contacts).toHaveLength(2);
	});

	test('contact get and update by id, update from JSON', async () => {
		await run({ resource: 'contact', operation: 'create' }, [{ first_name: 'Ana' }]);
		const [got] = await run({ resource: 'contact', operation: 'get', recordId: '1' });
		expect(got.json).toMatchObject({ id: 1, first_name: 'Ana' });
		const [updated] = await run({
			resource: 'contact',
			operation: 'update',
			recordId: '1',
			dataMode: 'json',
			recordJson: '{"last_name": "García"}',
		});
		expect(updated.json).toMatchObject({ first_name: 'Ana', last_name: 'García' });
	});

	test('get many returns every page, or stops at the limit, and applies filters', async () => {
		await run(
			{ resource: 'company', operation: 'create' },
			[1, 2, 3, 4, 5].map((n) => ({
				name: `Company ${n}`,
				taxpayer_identification_number: `B${n}`,
			})),
		);
		fake.calls.length = 0;
		expect(await run({ resource: 'company', operation: 'getAll', returnAll: true })).toHaveLength(
			5,
		);
		expect(fake.calls).toHaveLength(1);
		expect(await run({ resource: 'company', operation: 'getAll', limit: 3 })).toHaveLength(3);
		const found = await run({
			resource: 'company',
			operation: 'getAll',
			returnAll: true,
			filters: { query: 'Company 4' },
		});
		expect(found.map((i) => i.json.name)).toEqual(['Company 4']);
	});

	test('get many with a small page size follows next', async () => {
		for (let n = 0; n < 5; n++)
			fake.store.products.push({
				id: n + 1,
				name: `P${n}`,
				sku: `S${n}`,
				created: '2024-01-01T00:00:00Z',
				modified: `2024-0${n + 1}-01T00:00:00Z`,
			});
		const recent = await run({
			resource: 'product',
			operation: 'getAll',
			returnAll: true,
			filters: { modifiedSince: '2024-02-01T00:00:00Z' },
		});
		expect(recent.map((i) => i.json.sku)).toEqual(['S1', 'S2', 'S3', 'S4']);
	});

	test('product upsert outputs created, then unchanged with no write, then updated', async () => {
		const input = [
			{ name: 'Desk', sku: 'D-1', price: 100 },
			{ name: 'Chair', sku: 'C-1', price: 40 },
		];
		const first = await run({ resource: 'product', operation: 'upsert' }, input);
		expect(first.map((i) => i.json.action)).toEqual(['created', 'created']);
		fake.calls.length = 0;
		const again = await run({ resource: 'product', operation: 'upsert' }, input);
		expect(again.map((i) => [i.json.action, i.json.id, i.pairedItem])).toEqual([
			['unchanged', 1, { item: 0 }],
			['unchanged', 2, { item: 1 }],
		]);
		expect(writes()).toHaveLength(0);
		const changed = await run({ resource: 'product', operation: 'upsert' }, [
			{ ...input[0], price: 90 },
		]);
		expect(changed[0].json).toMatchObject({ action: 'updated', id: 1, record: { price: 90 } });
	});

	test('company upsert by taxpayer id with one scan for the whole batch', async () => {
		const input = [1, 2, 3].map((n) => ({
			name: `Co ${n}`,
			taxpayer_identification_number: `B${n}`,
		}));
		await run({ resource: 'company', operation: 'upsert' }, input);
		fake.calls.length = 0;
		const out = await run(
			{ resource: 'company', operation: 'upsert', upsertOptions: { lookup: 'scan' } },
			input,
		);
		expect(out.map((i) => i.json.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /companies/']);
	});

	test('contact upsert by email', async () => {
		const out = await run({ resource: 'contact', operation: 'upsert' }, [
			{ first_name: 'Ana', email: 'ana@example.com', status: 'client' },
		]);
		expect(out[0].json).toMatchObject({
			action: 'created',
			record: { emails: [{ email: 'ana@example.com' }] },
		});
		const again = await run({ resource: 'contact', operation: 'upsert' }, [
			{ first_name: 'Ana', email: 'ana@example.com', status: 'client' },
		]);
		expect(again[0].json.action).toBe('unchanged');
	});

	test('company link contact', async () => {
		await run({ resource: 'contact', operation: 'create' }, [{ first_name: 'Ana' }]);
		await run({ resource: 'company', operation: 'create' }, [{ name: 'Acme' }]);
		const [out] = await run({
			resource: 'company',
			operation: 'linkContact',
			companyId: '1',
			contactId: '1',
		});
		expect(out.json).toEqual({ company: 1, contact: 1 });
		expect(fake.store.contacts[0].company).toBe(`${fake.url}companies/1/`);
	});

	test('order create, get and get many', async () => {
		const order = {
			order_id: 'S00001',
			status: 'confirmed',
			ecommerce: 'Odoo',
			currency: 'EUR',
			items: [{ name: 'Desk', sku: 'D-1', price: 100, quantity: 1 }],
		};
		const [created] = await run({ resource: 'order', operation: 'create' }, [order]);
		const [got] = await run({
			resource: 'order',
			operation: 'get',
			recordId: String(created.json.id),
		});
		expect(got.json).toMatchObject(order);
		expect(await run({ resource: 'order', operation: 'getAll', returnAll: true })).toHaveLength(1);
	});

	test('deal create turns contact ids into resource URLs', async () => {
		await run({ resource: 'contact', operation: 'create' }, [{ first_name: 'Ana' }]);
		const [deal] = await run({ resource: 'deal', operation: 'create' }, [
			{ name: 'Deal', contact: 1 },
		]);
		expect(deal.json.contact).toBe(`${fake.url}contacts/1/`);
	});

	test('webhook register, list and delete; header values never come out', async () => {
		const [registered] = await run({
			resource: 'webhook',
			operation: 'register',
			entity: 'company',
			target: 'http://127.0.0.1:9/hook',
			headers: { header: [{ name: 'X-Clientify-Secret', value: 'top-secret' }] },
		});
		expect(registered.json).toMatchObject({
			entity: 'company',
			active: true,
			headers: ['X-Clientify-Secret'],
		});
		expect(JSON.stringify(registered.json)).not.toContain('top-secret');
		expect(fake.store.webhooks[0]).toMatchObject({
			events: ['company.saved'],
			headers: { 'X-Clientify-Secret': 'top-secret' },
		});
		const listed = await run({ resource: 'webhook', operation: 'list', entity: '' });
		expect(listed.map((i) => i.json.target)).toEqual(['http://127.0.0.1:9/hook']);
		await run({ resource: 'webhook', operation: 'delete', entity: 'company' });
		expect(fake.store.webhooks).toEqual([]);
	});

	test('a 400 names the fields; with Continue On Fail only that item fails', async () => {
		const input = [{ first_name: 'Bad', email: 'nope' }, { first_name: 'Good' }];
		await expect(run({ resource: 'contact', operation: 'create' }, input)).rejects.toThrow(
			/Clientify rejected create contact: email: Enter a valid email address\./,
		);
		const out = await run({ resource: 'contact', operation: 'create' }, input, {
			continueOnFail: true,
		});
		expect(out.map((i) => [i.json.error ?? i.json.first_name, i.pairedItem])).toEqual([
			[expect.stringMatching(/email/), { item: 0 }],
			['Good', { item: 1 }],
		]);
	});

	test('a bad key fails as an auth error without showing the key', async () => {
		const error = await run({ resource: 'contact', operation: 'get', recordId: '1' }, [{}], {
			apiKey: 'leaked-if-shown',
		}).catch((e: Error) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/rejected the API key/);
		expect(JSON.stringify(error) + (error as Error).message).not.toContain('leaked-if-shown');
	});

	test('an unknown id fails as not found', async () => {
		await expect(run({ resource: 'product', operation: 'get', recordId: '42' })).rejects.toThrow(
			/found nothing for get product 42/,
		);
	});

	test('a duplicate taxpayer id fails as a duplicate', async () => {
		const input = [
			{ name: 'A', taxpayer_identification_number: 'B9' },
			{ name: 'B', taxpayer_identification_number: 'B9' },
		];
		const out = await run({ resource: 'company', operation: 'create' }, input, {
			continueOnFail: true,
		});
		expect(out[1].json).toMatchObject({
			kind: 'duplicate',
			error: expect.stringMatching(/duplicate/),
		});
	});

	test('one error shape: a failed item is {error, kind, field} paired with its item; without Continue On Fail a NodeApiError', async () => {
		const input = [{ first_name: 'Good' }, { first_name: 'Bad', email: 'nope' }];
		const out = await run({ resource: 'contact', operation: 'create' }, input, {
			continueOnFail: true,
		});
		expect(out[1]).toEqual({
			json: {
				error: expect.stringMatching(/Enter a valid email address/),
				kind: 'validation',
				field: 'email',
			},
			pairedItem: { item: 1 },
		});
		const error = await run({ resource: 'contact', operation: 'create' }, input).catch(
			(e: NodeApiError) => e,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.context.itemIndex).toBe(1);
		expect(error.errorResponse).toMatchObject({ kind: 'validation', field: 'email' });
	});

	test('an input error is a NodeOperationError with kind input', async () => {
		const params = {
			resource: 'contact',
			operation: 'create',
			dataMode: 'json',
			recordJson: '[1, 2]',
		};
		await expect(run(params)).rejects.toBeInstanceOf(NodeOperationError);
		const [out] = await run(params, [{}], { continueOnFail: true });
		expect(out.json).toEqual({
			error: 'Record JSON is not a JSON object: fix the Record JSON parameter',
			kind: 'input',
			field: null,
		});
	});

	test('upsert options given by an expression are honoured per item', async () => {
		await run({ resource: 'product', operation: 'upsert' }, [
			{ name: 'Lamp', sku: 'L-1', price: 10 },
			{ name: 'Rug', sku: 'R-1', price: 20 },
		]);
		fake.calls.length = 0;
		const out = await run(
			{ resource: 'product', operation: 'upsert', upsertOptions: { key: '={{ $json.match }}' } },
			[
				{ match: 'sku', name: 'Lamp', sku: 'L-1', price: 12 },
				{ match: 'name', name: 'Rug', sku: 'R-2', price: 20 },
			],
		);
		expect(out.map((i) => [i.json.action, i.json.id])).toEqual([
			['updated', 1],
			['updated', 2],
		]);
		expect(fake.store.products.map((p) => p.sku)).toEqual(['L-1', 'R-2']);
	});

	test('a 429 is waited out and the operation succeeds', async () => {
		fake.rateLimit(2, '0');
		expect(await run({ resource: 'contact', operation: 'getAll', returnAll: true })).toEqual([]);
		expect(fake.calls.map((c) => c.status)).toEqual([429, 429, 200]);
	});
});
