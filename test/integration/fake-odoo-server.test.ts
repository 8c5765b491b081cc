/**
 * The fake Odoo's server side: call counters, fault injection, authentication with
 * passwords and API keys, JSON-2 only on 19.0, several databases.
 */
import { ADMIN, DEMO, FakeOdoo, startFakeOdoo } from '../fakes/odoo';
import { executeKw, json2Call, jsonrpcCall, xmlrpcCall } from '../fakes/odoo/client';

const lastLine = (s: string | undefined) => (s ?? '').trimEnd().split('\n').pop();

describe('fake Odoo 16', () => {
	let fake: FakeOdoo;
	beforeAll(async () => {
		fake = await startFakeOdoo({ version: '16.0', databases: ['odoo', 'other'] });
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.resetCalls();
		fake.clearInjections();
	});

	test('counts every RPC by protocol, service, model and method; env calls do not count', async () => {
		await xmlrpcCall(fake.url, 'common', 'authenticate', [
			fake.db,
			ADMIN.login,
			ADMIN.password,
			{},
		]);
		await executeKw(fake, 'res.partner', 'create', [[{ name: 'A' }, { name: 'B' }]]);
		await jsonrpcCall(fake.url, 'object', 'execute_kw', [
			fake.db,
			ADMIN.uid,
			ADMIN.password,
			'res.partner',
			'search_read',
			[[]],
			{ limit: 1 },
		]);
		fake.env.search('res.partner', []);
		expect(fake.calls).toEqual([
			{ protocol: 'xmlrpc', service: 'common', method: 'authenticate' },
			{ protocol: 'xmlrpc', service: 'object', model: 'res.partner', method: 'create' },
			{ protocol: 'jsonrpc', service: 'object', model: 'res.partner', method: 'search_read' },
		]);
		expect(fake.count({ method: 'create' })).toBe(1);
		expect(fake.count({ protocol: 'jsonrpc' })).toBe(1);
		expect(fake.count()).toBe(3);
	});

	test('API keys work as passwords over XML-RPC and JSON-RPC; wrong secrets do not', async () => {
		expect(
			(await xmlrpcCall(fake.url, 'common', 'authenticate', [fake.db, 'admin', ADMIN.apiKey, {}]))
				.value,
		).toBe(ADMIN.uid);
		expect(
			(
				await executeKw(
					fake,
					'res.partner',
					'search_count',
					[[]],
					{},
					{ uid: DEMO.uid, password: DEMO.apiKey },
				)
			).value,
		).toEqual(expect.any(Number));
		const json = await jsonrpcCall(fake.url, 'object', 'execute_kw', [
			fake.db,
			ADMIN.uid,
			ADMIN.apiKey,
			'res.partner',
			'search_count',
			[[]],
		]);
		expect(json.json.result).toEqual(expect.any(Number));
		expect(
			(
				await executeKw(
					fake,
					'res.partner',
					'search_count',
					[[]],
					{},
					{ uid: DEMO.uid, password: ADMIN.password },
				)
			).fault,
		).toEqual({ faultCode: 3, faultString: 'Access Denied' });
		expect((await xmlrpcCall(fake.url, 'common', 'login', [fake.db, 'demo', 'nope'])).value).toBe(
			false,
		);
	});

	test('db.list names every database; each database has its own data', async () => {
		expect((await xmlrpcCall(fake.url, 'db', 'list', [])).value).toEqual(['odoo', 'other']);
		expect((await xmlrpcCall(fake.url, 'db', 'server_version', [])).value).toBe('16.0');
		const other = { url: fake.url, db: 'other' };
		const id = (await executeKw(other, 'res.partner', 'create', [{ name: 'Only in other' }])).value;
		expect(
			(await executeKw(other, 'res.partner', 'search', [[['name', '=', 'Only in other']]])).value,
		).toEqual([id]);
		expect(
			(await executeKw(fake, 'res.partner', 'search', [[['name', '=', 'Only in other']]])).value,
		).toEqual([]);
	});

	test.each(['http502', 'http503', 'http504', 'http429'] as const)(
		'inject %s answers that HTTP status once, then serves normally',
		async (kind) => {
			fake.inject({ failNext: { count: 1, kind } });
			const failed = await fetch(`${fake.url}/xmlrpc/2/common`, {
				method: 'POST',
				body: "<?xml version='1.0'?><methodCall><methodName>version</methodName></methodCall>",
			});
			expect(failed.status).toBe(Number(kind.slice(4)));
			if (kind === 'http429') expect(failed.headers.get('retry-after')).toBe('1');
			expect((await xmlrpcCall(fake.url, 'common', 'version', [])).status).toBe(200);
			expect(fake.calls.map((c) => c.injected)).toEqual([kind, undefined]);
		},
	);

	test.each(['drop', 'refuse'] as const)(
		'inject %s closes the connection without an answer',
		async (kind) => {
			fake.inject({ failNext: { count: 1, kind } });
			await expect(xmlrpcCall(fake.url, 'common', 'version', [])).rejects.toThrow();
			expect((await xmlrpcCall(fake.url, 'common', 'version', [])).value).toMatchObject({
				server_version: '16.0',
			});
		},
	);

	test('a failure limited to some methods spares the others and stops after count', async () => {
		fake.inject({ failNext: { count: 2, kind: 'http503', methods: ['create'] } });
		expect((await executeKw(fake, 'res.partner', 'search_count', [[]])).status).toBe(200);
		expect((await executeKw(fake, 'res.partner', 'create', [{ name: 'x' }])).status).toBe(503);
		expect((await executeKw(fake, 'res.partner', 'create', [{ name: 'x' }])).status).toBe(503);
		expect((await executeKw(fake, 'res.partner', 'create', [{ name: 'x' }])).value).toEqual(
			expect.any(Number),
		);
		expect(fake.count({ method: 'create' })).toBe(3);
		expect(fake.count({ method: 'create', injected: 'http503' })).toBe(2);
	});

	test('inject concurrent: the serialization failure in XML-RPC and JSON-RPC format, nothing written', async () => {
		const before = fake.env.search('res.partner', []).length;
		fake.inject({ failNext: { count: 2, kind: 'concurrent' } });
		const xml = await executeKw(fake, 'res.partner', 'create', [{ name: 'x' }]);
		expect(xml.fault?.faultCode).toBe(1);
		expect(lastLine(xml.fault?.faultString)).toBe(
			'psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update',
		);
		const json = await jsonrpcCall(fake.url, 'object', 'execute_kw', [
			fake.db,
			2,
			'admin',
			'res.partner',
			'create',
			[{ name: 'x' }],
		]);
		expect(json.json.error?.data).toMatchObject({
			name: 'psycopg2.errors.SerializationFailure',
			message: 'could not serialize access due to concurrent update\n',
		});
		expect(fake.env.search('res.partner', []).length).toBe(before);
	});

	test('inject latency still answers (and clearInjections removes it)', async () => {
		fake.inject({ latencyMs: 20 });
		expect((await xmlrpcCall(fake.url, 'common', 'version', [])).status).toBe(200);
		fake.clearInjections();
		expect((await xmlrpcCall(fake.url, 'common', 'version', [])).status).toBe(200);
	});

	test('sale.order.action_confirm is registered: state becomes sale, date_order is kept', async () => {
		const [draft] = fake.env.searchRead('sale.order', [['state', '=', 'draft']], ['date_order']);
		expect((await executeKw(fake, 'sale.order', 'action_confirm', [[draft.id]])).value).toBe(true);
		expect(fake.env.read('sale.order', [draft.id], ['state', 'date_order'])[0]).toEqual({
			id: draft.id,
			state: 'sale',
			date_order: draft.date_order,
		});
	});

	test('JSON-2 is not served by 16.0', async () => {
		expect(
			(await json2Call(fake.url, 'res.partner', 'search', { domain: [] }, { apiKey: ADMIN.apiKey }))
				.status,
		).toBe(404);
	});
});

describe('fake Odoo 19', () => {
	let fake: FakeOdoo;
	beforeAll(async () => {
		fake = await startFakeOdoo({ version: '19.0', seed: 'empty' });
	});
	afterAll(() => fake.close());

	test('JSON-2 accepts API keys (any case of "bearer"), never passwords', async () => {
		const ok = await fetch(`${fake.url}/json/2/res.partner/search_count`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${ADMIN.apiKey}`, 'Content-Type': 'application/json' },
			body: '{"domain": []}',
		});
		expect([ok.status, typeof (await ok.json())]).toEqual([200, 'number']);
		const pwd = await json2Call(
			fake.url,
			'res.partner',
			'search_count',
			{ domain: [] },
			{ apiKey: ADMIN.password, db: fake.db },
		);
		expect([pwd.status, (pwd.json as { message: string }).message]).toEqual([
			401,
			'Invalid apikey',
		]);
	});

	test('JSON-2 create / write / read / unlink with named arguments and a context', async () => {
		const created = await json2Call(
			fake.url,
			'res.partner',
			'create',
			{ vals_list: [{ name: 'J2' }] },
			{ apiKey: ADMIN.apiKey },
		);
		const [id] = created.json as number[];
		expect(
			(
				await json2Call(
					fake.url,
					'res.partner',
					'write',
					{ ids: [id], vals: { active: false } },
					{ apiKey: ADMIN.apiKey },
				)
			).json,
		).toBe(true);
		const hidden = await json2Call(
			fake.url,
			'res.partner',
			'search_read',
			{ domain: [['id', '=', id]], fields: ['name'] },
			{ apiKey: ADMIN.apiKey },
		);
		expect(hidden.json).toEqual([]);
		const shown = await json2Call(
			fake.url,
			'res.partner',
			'search_read',
			{ domain: [['id', '=', id]], fields: ['name', 'active'], context: { active_test: false } },
			{ apiKey: ADMIN.apiKey },
		);
		expect(shown.json).toEqual([{ id, name: 'J2', active: false }]);
		expect(
			(await json2Call(fake.url, 'res.partner', 'unlink', { ids: [id] }, { apiKey: ADMIN.apiKey }))
				.json,
		).toBe(true);
		expect(fake.count({ protocol: 'json2', method: 'create' })).toBe(1);
	});

	test('inject concurrent on JSON-2 answers 500 with the serialization failure', async () => {
		fake.inject({ failNext: { count: 1, kind: 'concurrent', methods: ['write'] } });
		const reply = await json2Call(
			fake.url,
			'res.partner',
			'write',
			{ ids: [], vals: {} },
			{ apiKey: ADMIN.apiKey },
		);
		expect(reply.status).toBe(500);
		expect(reply.json).toMatchObject({
			name: 'psycopg2.errors.SerializationFailure',
			arguments: ['could not serialize access due to concurrent update\n'],
		});
	});

	test('the empty seed still has the reference data creates need', () => {
		expect(
			fake.env.search('res.partner', [
				['is_company', '=', false],
				['id', '>', 41],
			]),
		).toEqual([]);
		const [order] = fake.env.create('sale.order', { partner_id: 1 });
		expect(fake.env.read('sale.order', [order], ['state', 'company_id'])[0]).toMatchObject({
			state: 'draft',
			company_id: [1, 'My Company (San Francisco)'],
		});
		for (const model of [
			'res.country',
			'res.currency',
			'res.company',
			'res.users',
			'crm.stage',
			'product.category',
			'account.tax',
			'uom.uom',
		]) {
			expect([model, fake.env.search(model, []).length > 0]).toEqual([model, true]);
		}
	});
});
