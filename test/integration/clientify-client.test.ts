import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeRequest, type RequestFn } from '../../lib/http';
import {
	ClientifyClient,
	ClientifyError,
	errorFromResponse,
	upsertRecords,
} from '../../lib/clientify';
import { SAMPLE_EVENTS, startFakeClientify, type FakeClientify } from '../fakes/clientify';

const writes = (fake: FakeClientify) => fake.calls.filter((c) => c.method !== 'GET');

function clientOf(
	fake: FakeClientify,
	extra: Partial<ConstructorParameters<typeof ClientifyClient>[0]> = {},
) {
	return new ClientifyClient({
		apiKey: fake.apiKey,
		version: fake.version,
		baseUrl: fake.url,
		request: nodeRequest,
		...extra,
	});
}

async function rejection(promise: Promise<unknown>): Promise<ClientifyError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(ClientifyError);
		return error as ClientifyError;
	}
	throw new Error('expected a rejection');
}

describe('Clientify client against the fake (v1)', () => {
	let fake: FakeClientify;
	let client: ClientifyClient;
	beforeAll(async () => {
		fake = await startFakeClientify({ apiKey: 'k-123', pageSize: 2 });
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.reset();
		client = clientOf(fake);
	});

	test('me answers with the key owner', async () => {
		expect(await client.me()).toMatchObject({ email: 'owner@example.com' });
		expect(fake.calls[0]).toMatchObject({ method: 'GET', path: '/me/' });
	});

	test('a bad key is reported as rejected, without the key in the message', async () => {
		const error = await rejection(clientOf(fake, { apiKey: 'wrong-key-xyz' }).me());
		expect(error.kind).toBe('auth');
		expect(error.status).toBe(401);
		expect(error.message).toMatch(/rejected the API key/);
		expect(error.message + error.details).not.toContain('wrong-key-xyz');
	});

	test('a request without a key is reported as a missing key', async () => {
		const res = await nodeRequest({ method: 'GET', url: `${fake.url}me/` });
		expect(res.status).toBe(404);
		const error = errorFromResponse(res.status, res.body, 'GET /me/');
		expect(error.kind).toBe('auth');
		expect(error.message).toMatch(/received no API key/);
	});

	test('every path ends with a slash (v1 answers 404 otherwise)', async () => {
		await client.create('contact', { first_name: 'Ana', email: 'ana@example.com' });
		await client.getMany('contact');
		expect(fake.calls.every((c) => c.path.endsWith('/') && c.status < 300)).toBe(true);
		const res = await nodeRequest({
			method: 'GET',
			url: `${fake.url}contacts`,
			headers: { Authorization: 'Token k-123' },
		});
		expect(res.status).toBe(404);
	});

	test('contact create, get and update return emails and phones lists', async () => {
		const created = await client.create('contact', {
			first_name: 'Ana',
			email: 'ana@example.com',
			phone: '+34 600 000 000',
		});
		expect(created).toMatchObject({
			emails: [{ email: 'ana@example.com' }],
			phones: [{ phone: '+34 600 000 000' }],
		});
		expect(await client.get('contact', created.id as number)).toMatchObject({ first_name: 'Ana' });
		const updated = await client.update('contact', created.id as number, { last_name: 'García' });
		expect(updated).toMatchObject({ first_name: 'Ana', last_name: 'García' });
		expect(fake.calls.at(-1)).toMatchObject({ method: 'PATCH', path: `/contacts/${created.id}/` });
	});

	test('get many follows next across all pages, and stops at the limit', async () => {
		for (let i = 0; i < 5; i++)
			await client.create('product', { name: `P${i}`, sku: `SKU-${i}`, price: 10 + i });
		fake.calls.length = 0;
		expect((await client.getMany('product')).map((p) => p.sku)).toEqual([
			'SKU-0',
			'SKU-1',
			'SKU-2',
			'SKU-3',
			'SKU-4',
		]);
		expect(fake.calls.length).toBe(1); // page_size 100 fits all
		fake.calls.length = 0;
		const paged = clientOf(fake, { pageSize: 2 });
		expect(await paged.getMany('product')).toHaveLength(5);
		expect(fake.calls.map((c) => c.query.page ?? '1')).toEqual(['1', '2', '3']);
		fake.calls.length = 0;
		expect(await paged.getMany('product', { limit: 3 })).toHaveLength(3);
		expect(fake.calls).toHaveLength(2);
	});

	test('get many filters by email, query and modified[gte]', async () => {
		const a = await client.create('contact', { first_name: 'Ana', email: 'ana@example.com' });
		await client.create('contact', { first_name: 'Luis', email: 'luis@example.com' });
		fake.store.contacts[0].modified = '2020-01-01T00:00:00.000Z';
		expect(
			(await client.getMany('contact', { filters: { email: 'ANA@example.com' } })).map((c) => c.id),
		).toEqual([a.id]);
		expect(
			(await client.getMany('contact', { filters: { query: 'luis' } })).map((c) => c.first_name),
		).toEqual(['Luis']);
		expect(
			(
				await client.getMany('contact', { filters: { 'modified[gte]': '2021-01-01T00:00:00Z' } })
			).map((c) => c.first_name),
		).toEqual(['Luis']);
	});

	test('validation errors name the fields', async () => {
		const error = await rejection(
			client.create('contact', { email: 'not-an-email', status: 'vip' }),
		);
		expect(error).toMatchObject({ kind: 'validation', status: 400 });
		expect(Object.keys(error.fields!)).toEqual(['email', 'status']);
		expect(error.message).toMatch(/email: Enter a valid email address\..*status:/);
	});

	test('an unknown id is reported as not found', async () => {
		const error = await rejection(client.get('company', 999));
		expect(error).toMatchObject({ kind: 'notFound', status: 404 });
		expect(error.message).toMatch(/get company 999/);
	});

	test('a duplicate taxpayer id is reported as a duplicate', async () => {
		await client.create('company', { name: 'Acme', taxpayer_identification_number: 'B12345678' });
		const error = await rejection(
			client.create('company', { name: 'Acme 2', taxpayer_identification_number: 'B12345678' }),
		);
		expect(error).toMatchObject({ kind: 'duplicate', status: 409 });
		expect(fake.store.companies).toHaveLength(1);
	});

	test('429 is retried after Retry-After, then succeeds', async () => {
		const waits: number[] = [];
		const patient = clientOf(fake, { sleep: async (ms) => void waits.push(ms) });
		fake.rateLimit(2, '3');
		await patient.me();
		expect(fake.calls.map((c) => c.status)).toEqual([429, 429, 200]);
		expect(waits).toEqual([3000, 3000]);
	});

	test('429 beyond the retry budget is reported as rate limiting', async () => {
		const impatient = clientOf(fake, { maxRetries: 1, sleep: async () => undefined });
		fake.rateLimit(2);
		expect((await rejection(impatient.me())).kind).toBe('rateLimit');
		expect(fake.calls).toHaveLength(2);
	});

	test('a deal gets contact and company as resource URLs', async () => {
		const contact = await client.create('contact', { first_name: 'Ana' });
		const company = await client.create('company', { name: 'Acme' });
		const deal = await client.create('deal', {
			name: 'Big deal',
			contact: contact.id,
			company: String(company.id),
		});
		expect(deal).toMatchObject({
			contact: `${fake.url}contacts/${contact.id}/`,
			company: `${fake.url}companies/${company.id}/`,
		});
	});

	test('linking a contact makes it an employee of the company', async () => {
		const contact = await client.create('contact', { first_name: 'Ana' });
		const company = await client.create('company', { name: 'Acme' });
		await client.linkContactToCompany(company.id as number, contact.id as number);
		expect(fake.calls.at(-1)).toMatchObject({
			method: 'PUT',
			path: `/companies/${company.id}/employees/${contact.id}/`,
		});
		expect(fake.store.contacts[0].company).toBe(`${fake.url}companies/${company.id}/`);
	});

	test('an order is created with its items', async () => {
		const order = await client.create('order', {
			order_id: 'S00042',
			status: 'confirmed',
			currency: 'EUR',
			items: [{ name: 'Desk', sku: 'D-1', price: 100, quantity: 2 }],
		});
		expect(await client.getMany('order')).toEqual([
			expect.objectContaining({ id: order.id, order_id: 'S00042' }),
		]);
	});

	test('webhooks are registered, activated, listed and deleted', async () => {
		await client.registerWebhook({
			entity: 'contact',
			target: 'http://127.0.0.1:1/hook',
			events: ['contact.saved'],
			headers: { 'X-Test': '1' },
		});
		expect(fake.store.webhooks).toEqual([
			expect.objectContaining({ entity: 'contact', active: true, headers: { 'X-Test': '1' } }),
		]);
		expect(await client.listWebhooks('contact')).toEqual([
			expect.objectContaining({ target: 'http://127.0.0.1:1/hook' }),
		]);
		expect(await client.listWebhooks('company')).toEqual([]);
		await client.deleteWebhook('contact');
		expect(fake.store.webhooks).toEqual([]);
	});
});

describe('Clientify upsert against the fake', () => {
	let fake: FakeClientify;
	let client: ClientifyClient;
	beforeAll(async () => {
		fake = await startFakeClientify();
		client = clientOf(fake);
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.reset();
	});

	const products = [
		{ name: 'Desk', sku: 'D-1', price: 100 },
		{ name: 'Chair', sku: 'C-1', price: 40.5 },
	];

	test('upsert creates missing records with one lookup per key', async () => {
		const outcomes = await upsertRecords(client, 'product', products);
		expect(outcomes.map((o) => o.ok && o.result.action)).toEqual(['created', 'created']);
		expect(fake.calls.filter((c) => c.method === 'GET')).toHaveLength(2);
		expect(fake.store.products.map((p) => p.sku)).toEqual(['D-1', 'C-1']);
	});

	test('upsert re-run writes nothing', async () => {
		await upsertRecords(client, 'product', products);
		fake.calls.length = 0;
		const outcomes = await upsertRecords(client, 'product', products);
		expect(outcomes.map((o) => o.ok && o.result.action)).toEqual(['unchanged', 'unchanged']);
		expect(writes(fake)).toHaveLength(0);
	});

	test('upsert sends only the changed fields', async () => {
		await upsertRecords(client, 'product', products);
		fake.calls.length = 0;
		const outcomes = await upsertRecords(client, 'product', [
			{ ...products[0], price: 120 },
			products[1],
		]);
		expect(outcomes.map((o) => o.ok && o.result.action)).toEqual(['updated', 'unchanged']);
		expect(writes(fake)).toEqual([
			expect.objectContaining({ method: 'PATCH', body: { price: 120 } }),
		]);
	});

	test('scan lookup finds every key with one list call', async () => {
		await upsertRecords(client, 'product', products);
		fake.calls.length = 0;
		await upsertRecords(client, 'product', products, { lookup: 'scan' });
		expect(fake.calls).toEqual([expect.objectContaining({ method: 'GET', path: '/products/' })]);
	});

	test('contacts match by email against the emails list, case-insensitively', async () => {
		await client.create('contact', { first_name: 'Ana', email: 'Ana@Example.com', phone: '600' });
		fake.calls.length = 0;
		const [outcome] = await upsertRecords(client, 'contact', [
			{ first_name: 'Ana', email: 'ana@example.com', phone: '600' },
		]);
		expect(outcome).toMatchObject({ ok: true, result: { action: 'unchanged', id: 1 } });
		expect(fake.calls[0].query).toMatchObject({ email: 'ana@example.com' });
	});

	test('companies match by taxpayer id; two items with one key make one company', async () => {
		const outcomes = await upsertRecords(client, 'company', [
			{ name: 'Acme', taxpayer_identification_number: 'B1' },
			{ name: 'Acme SL', taxpayer_identification_number: 'B1' },
		]);
		expect(outcomes.map((o) => o.ok && o.result.action)).toEqual(['created', 'updated']);
		expect(fake.store.companies).toEqual([expect.objectContaining({ name: 'Acme SL' })]);
	});

	test('query lookups are re-checked exactly (a prefix is not a match)', async () => {
		await client.create('product', { name: 'Desk XL', sku: 'D-10', price: 1 });
		const [outcome] = await upsertRecords(client, 'product', [
			{ name: 'Desk', sku: 'D-1', price: 1 },
		]);
		expect(outcome).toMatchObject({ ok: true, result: { action: 'created' } });
	});

	test('one failing record does not sink the batch', async () => {
		const outcomes = await upsertRecords(client, 'contact', [
			{ first_name: 'Bad', email: 'bad@example.com', status: 'vip' },
			{ first_name: 'Missing key' },
			{ first_name: 'Good', email: 'good@example.com' },
		]);
		expect(outcomes.map((o) => (o.ok ? o.result.action : o.error.kind))).toEqual([
			'validation',
			'input',
			'created',
		]);
	});
});

describe('Clientify client against the fake (v2)', () => {
	let fake: FakeClientify;
	beforeAll(async () => {
		fake = await startFakeClientify({ version: 'v2', pageSize: 1 });
	});
	afterAll(() => fake.close());

	test('v2 GETs carry fields= and the fake rejects a GET without it', async () => {
		const client = clientOf(fake);
		await client.create('contact', { first_name: 'Ana', email: 'ana@example.com' });
		await client.create('contact', { first_name: 'Luis', email: 'luis@example.com' });
		const all = await client.getMany('contact', { fields: ['first_name'] });
		expect(all).toEqual([
			{ id: 1, first_name: 'Ana' },
			{ id: 2, first_name: 'Luis' },
		]);
		expect(
			fake.calls.filter((c) => c.method === 'GET').every((c) => c.query.fields === 'first_name'),
		).toBe(true);
		const raw = await nodeRequest({
			method: 'GET',
			url: `${fake.url}contacts/`,
			headers: { Authorization: `Token ${fake.apiKey}` },
		});
		expect(raw.status).toBe(400);
		expect(JSON.parse(raw.body)).toHaveProperty('fields');
	});

	test('v2 upsert asks for every field it compares, so a re-run writes nothing', async () => {
		const client = clientOf(fake);
		const rows = [{ name: 'Desk', sku: 'D-1', price: 100, description: 'Oak' }];
		await upsertRecords(client, 'product', rows);
		fake.calls.length = 0;
		const [outcome] = await upsertRecords(client, 'product', rows);
		expect(outcome).toMatchObject({ ok: true, result: { action: 'unchanged' } });
		expect(writes(fake)).toHaveLength(0);
	});
});

describe('Clientify fake webhook delivery', () => {
	let fake: FakeClientify;
	let listener: http.Server;
	const received: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
	let target = '';
	beforeAll(async () => {
		fake = await startFakeClientify();
		listener = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				received.push({
					headers: req.headers,
					body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
				});
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
		target = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/hook`;
	});
	afterAll(async () => {
		await fake.close();
		await new Promise((resolve) => listener.close(resolve));
	});

	test('the fake POSTs saved records to the registered target with its headers', async () => {
		const client = clientOf(fake);
		await client.registerWebhook({
			entity: 'contact',
			target,
			events: ['contact.saved'],
			headers: { 'X-Clientify-Secret': 's3cret' },
		});
		const contact = await client.create('contact', { first_name: 'Ana', email: 'ana@example.com' });
		await client.create('company', { name: 'No slot for companies' });
		await fake.idle();
		expect(received).toHaveLength(1);
		expect(received[0].headers['x-clientify-secret']).toBe('s3cret');
		expect(received[0].body).toEqual({
			hook: { id: fake.store.webhooks[0].id, event: 'contact.saved', target },
			data: expect.objectContaining({
				id: contact.id,
				emails: [expect.objectContaining({ email: 'ana@example.com' })],
			}),
		});
		expect(fake.deliveries).toEqual([{ event: 'contact.saved', target, status: 200 }]);
	});

	test('an inactive or unsubscribed event is not delivered', async () => {
		received.length = 0;
		fake.emit('contact.deleted', { id: 1 });
		await fake.idle();
		expect(received).toHaveLength(0);
	});

	test('sandbox mode: activating a slot for an n8n test URL delivers one sample event; a production URL gets none', async () => {
		const sandboxFake = await startFakeClientify({ sampleOnTestWebhook: true });
		try {
			received.length = 0;
			const client = clientOf(sandboxFake);
			const base = target.replace(/\/hook$/, '');
			await client.registerWebhook({ entity: 'company', target: `${base}/webhook/abc/webhook` });
			await client.registerWebhook({
				entity: 'product',
				target: `${base}/webhook-test/abc/webhook`,
			});
			const deadline = Date.now() + 5000;
			while (received.length === 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 50));
			await new Promise((r) => setTimeout(r, 700)); // a company sample would have come by now
			await sandboxFake.idle();
			expect(received.map((r) => (r.body as { hook: { event: string } }).hook.event)).toEqual([
				'product.saved',
			]);
			expect((received[0].body as { data: unknown }).data).toEqual(SAMPLE_EVENTS.product);
		} finally {
			await sandboxFake.close();
		}
	});
});

// Keeps the RequestFn type honest: the client accepts any transport with this shape.
export const transportTypeCheck: RequestFn = nodeRequest;
