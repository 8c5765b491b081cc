import { NodeApiError } from 'n8n-workflow';
import { nodeRequest } from '../../lib/http';
import { ClientifyClient } from '../../lib/clientify';
import { ClientifyTrigger } from '../../nodes/Clientify/ClientifyTrigger.node';
import { startFakeClientify, type FakeClientify } from '../fakes/clientify';
import {
	startTriggerHarness,
	stopN8nCoreTimers,
	type TriggerHarness,
} from '../unit/clientify/n8n-webhook';

describe('Clientify Trigger against the fake', () => {
	let fake: FakeClientify;
	let client: ClientifyClient;
	const harnesses: TriggerHarness[] = [];
	const start = async (parameters: Record<string, unknown> = { entity: 'contact' }) => {
		const h = await startTriggerHarness(new ClientifyTrigger(), parameters as never, {
			clientifyApi: { apiKey: fake.apiKey, apiVersion: 'v1', baseUrl: fake.url },
		});
		harnesses.push(h);
		return h;
	};
	const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
		nodeRequest({
			method: 'POST',
			url,
			headers: { 'Content-Type': 'application/json', ...headers },
			body: JSON.stringify(body),
		});

	beforeAll(async () => {
		fake = await startFakeClientify();
		client = new ClientifyClient({ apiKey: fake.apiKey, baseUrl: fake.url, request: nodeRequest });
	});
	afterAll(async () => {
		await Promise.all(harnesses.map((h) => h.close()));
		await fake.close();
		stopN8nCoreTimers();
	});
	beforeEach(() => fake.reset());

	test('activation registers the webhook URL with a random secret header; deactivation removes it', async () => {
		const h = await start();
		expect(await h.hook('checkExists')).toBe(false);
		expect(await h.hook('create')).toBe(true);
		const secret = h.staticData().secret as string;
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(fake.store.webhooks).toEqual([
			expect.objectContaining({
				entity: 'contact',
				target: h.webhookUrl,
				events: ['contact.saved'],
				headers: { 'X-Clientify-Secret': secret },
				active: true,
			}),
		]);
		expect(await h.hook('checkExists')).toBe(true);
		expect(await h.hook('delete')).toBe(true);
		expect(fake.store.webhooks).toEqual([]);
		expect(h.staticData().secret).toBeUndefined();
		expect(await h.hook('checkExists')).toBe(false);
	});

	test('a record saved in Clientify starts one execution with the normalized item', async () => {
		const h = await start();
		await h.hook('create');
		const contact = await client.create('contact', { first_name: 'Ana', email: 'ana@example.com' });
		await fake.idle();
		expect(fake.deliveries).toEqual([
			{ event: 'contact.saved', target: h.webhookUrl, status: 200 },
		]);
		expect(h.executions).toEqual([
			[
				{
					event: 'contact.saved',
					entity: 'contact',
					data: expect.objectContaining({ id: contact.id, first_name: 'Ana' }),
					hook: { id: expect.any(Number), event: 'contact.saved', target: h.webhookUrl },
				},
			],
		]);
	});

	test('a delivery without the secret, or with a wrong one, gets 401 and starts nothing', async () => {
		const h = await start();
		await h.hook('create');
		const payload = {
			hook: { id: 1, event: 'contact.saved', target: h.webhookUrl },
			data: { id: 1 },
		};
		expect((await post(h.webhookUrl, payload)).status).toBe(401);
		expect((await post(h.webhookUrl, payload, { 'X-Clientify-Secret': 'guess' })).status).toBe(401);
		expect(h.executions).toEqual([]);
	});

	test('the older {event, contact} payload is normalized too', async () => {
		const h = await start();
		await h.hook('create');
		const res = await post(
			h.webhookUrl,
			{ event: 'contact.saved', contact: { id: 7, first_name: 'Old' } },
			{ 'X-Clientify-Secret': h.staticData().secret as string },
		);
		expect(res.status).toBe(200);
		expect(h.executions).toEqual([
			[
				{
					event: 'contact.saved',
					entity: 'contact',
					data: { id: 7, first_name: 'Old' },
					hook: null,
				},
			],
		]);
	});

	test('deletes are ignored by default and start the workflow when included', async () => {
		const off = await start({ entity: 'company' });
		await off.hook('create');
		const secret = { 'X-Clientify-Secret': off.staticData().secret as string };
		const deleted = {
			hook: { id: 1, event: 'company.deleted', target: off.webhookUrl },
			data: { id: 3 },
		};
		expect((await post(off.webhookUrl, deleted, secret)).status).toBe(200);
		expect(off.executions).toEqual([]);

		const on = await start({ entity: 'company', includeDeletes: true });
		await on.hook('create');
		expect(fake.store.webhooks[0].events).toEqual(['company.saved', 'company.deleted']);
		const company = await client.create('company', { name: 'Gone soon' });
		await fake.idle();
		await nodeRequest({
			method: 'DELETE',
			url: `${fake.url}companies/${company.id}/`,
			headers: { Authorization: `Token ${fake.apiKey}` },
		});
		await fake.idle();
		expect(on.executions.map((items) => items[0].event)).toEqual([
			'company.saved',
			'company.deleted',
		]);
	});

	test('a slot taken over by another target is not reported as ours, and not deleted', async () => {
		const h = await start({ entity: 'product' });
		await h.hook('create');
		await client.registerWebhook({
			entity: 'product',
			target: 'http://127.0.0.1:9/other',
			headers: {},
		});
		expect(await h.hook('checkExists')).toBe(false);
		await h.hook('delete');
		expect(fake.store.webhooks).toEqual([
			expect.objectContaining({ target: 'http://127.0.0.1:9/other' }),
		]);
	});

	test('a refused registration is a NodeApiError that keeps its kind', async () => {
		const h = await startTriggerHarness(new ClientifyTrigger(), { entity: 'contact' } as never, {
			clientifyApi: { apiKey: 'wrong-key', apiVersion: 'v1', baseUrl: fake.url },
		});
		harnesses.push(h);
		const error = await h.hook('create').catch((e: Error) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).errorResponse).toMatchObject({ kind: 'auth' });
		expect(JSON.stringify(error) + (error as Error).message).not.toContain('wrong-key');
	});
});
