import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { Qobra } from '../../nodes/Qobra/Qobra.node';
import { ADMIN, startFakeOdoo, type FakeOdoo } from '../fakes/odoo';
import { startFakeQobra, type FakeQobra } from '../fakes/qobra';
import { executeNode } from '../helpers/n8n-context';

const READS = new Set([
	'search_read',
	'read',
	'fields_get',
	'version',
	'login',
	'authenticate',
	'search',
	'search_count',
]);

describe('Qobra node (n8n execution context) against the fake Qobra and the fake Odoo', () => {
	let qobra: FakeQobra;
	let odoo: FakeOdoo;
	const node = new Qobra();
	const run = (parameters: INodeParameters, input: IDataObject[] = [{}], continueOnFail = false) =>
		executeNode(
			{
				node,
				parameters,
				continueOnFail,
				credentials: {
					qobraApi: { apiKey: qobra.apiKey, baseUrl: qobra.url },
					odooSyncApi: {
						url: odoo.url,
						db: odoo.db,
						username: ADMIN.login,
						password: ADMIN.password,
						protocol: 'jsonrpc',
						readOnly: true,
					},
				},
			},
			input,
		).then(([items]) => items);
	const FIELDS = 'name, partner_id, user_id, amount_total, date_order, state';

	beforeAll(async () => {
		[qobra, odoo] = await Promise.all([
			startFakeQobra(),
			startFakeOdoo({ version: '16.0', seed: 'demo' }),
		]);
	});
	afterAll(async () => {
		await Promise.all([qobra.close(), odoo.close()]);
	});
	beforeEach(() => {
		qobra.reset();
		odoo.resetCalls();
		qobra.defineTable('orders', {
			id: 'number',
			name: 'string',
			partner_id: 'string',
			user_id: 'user',
			amount_total: 'amount',
			amount_total_currency: 'string',
			date_order: 'date',
			state: 'picklist',
		});
	});

	test('Export Odoo Model streams every order page by page through a read-only credential, then waits', async () => {
		const orders = odoo.env.search('sale.order', []).sort((a, b) => a - b);
		const [out] = await run({
			resource: 'dataTable',
			operation: 'exportOdoo',
			model: 'sale.order',
			fields: FIELDS,
			table: 'orders',
			mode: 'replace',
			pageSize: 5,
			options: { debounce: 0, chunkSize: 3, interval: 0 },
		});
		const pages = Math.ceil(orders.length / 5);
		expect(out.json).toMatchObject({
			model: 'sale.order',
			records: orders.length,
			pages,
			status: 'finished',
			imported: orders.length,
			errors: [],
		});
		const salespeople = odoo.env
			.searchRead('sale.order', [['user_id', '!=', false]], ['user_id'])
			.map((o) => (o.user_id as [number])[0]);
		const noEmail = odoo.env.searchRead(
			'res.users',
			[
				['id', 'in', salespeople],
				['email', '=', false],
			],
			['login'],
		);
		expect(out.json.usersWithoutEmail).toEqual(noEmail.map((u) => ({ id: u.id, login: u.login })));
		const rows = qobra.rows('orders');
		expect(rows.map((r) => r.id)).toEqual(orders);
		expect(rows[0]).toMatchObject({
			amount_total_currency: expect.any(String),
			date_order: expect.stringMatching(/T.*Z$/),
		});
		expect(rows.every((r) => r.user_id === null || String(r.user_id).includes('@'))).toBe(true);
		// Nothing but reads reached Odoo: one search_read per page, one read of the salespeople, one fields_get.
		expect(odoo.calls.filter((c) => c.service === 'object' && !READS.has(c.method))).toEqual([]);
		expect(odoo.count({ method: 'search_read', model: 'sale.order' })).toBe(
			pages + (orders.length % 5 === 0 ? 1 : 0),
		);
		expect(odoo.count({ method: 'read', model: 'res.users' })).toBeLessThanOrEqual(pages);
		// Only the first call replaces the table.
		const pushes = qobra.calls.filter((c) => c.method === 'POST');
		expect(pushes.map((c) => c.query.all)).toEqual(['true', ...pushes.slice(1).map(() => 'false')]);
	});

	test('a second full refresh replaces what the first left', async () => {
		qobra.tables
			.get('orders')!
			.records.set('999999', { qid: 'x', values: { id: 999999 }, modifiedAt: '' });
		const params = {
			resource: 'dataTable',
			operation: 'exportOdoo',
			model: 'sale.order',
			fields: FIELDS,
			table: 'orders',
			options: { debounce: 0, interval: 0 },
		};
		await run(params);
		expect(qobra.rows('orders').map((r) => r.id)).not.toContain(999999);
	});

	test('Table Template gives each column its Qobra type and a CSV header', async () => {
		const [out] = await run({
			resource: 'dataTable',
			operation: 'tableTemplate',
			model: 'sale.order',
			fields: FIELDS,
		});
		expect(out.json.csvHeader).toBe(
			'id,name,user_id,amount_total,amount_total_currency,date_order,state,partner_id',
		);
		expect(odoo.count({ method: 'fields_get' })).toBeLessThanOrEqual(1);
	});

	test('Push Records sends the input items and reports the lines Qobra refused', async () => {
		const [out, ...rest] = await run(
			{
				resource: 'dataTable',
				operation: 'push',
				table: 'orders',
				mode: 'upsert',
				options: { interval: 0, debounce: 0 },
			},
			[
				{ id: 1, name: 'A', amount_total: 5 },
				{ id: 2, name: 'B', amount_total: 'lots' },
			],
		);
		expect(rest).toEqual([]);
		expect(out.json).toMatchObject({
			records: 2,
			calls: 1,
			imported: 1,
			errors: [{ line: 2, row: { id: 2 } }],
		});
		expect(out.pairedItem).toEqual({ item: 0 });
	});

	test('User Upsert: each item comes out with its call; a refused call fails its items only', async () => {
		const users = Array.from({ length: 205 }, (_, n) => ({ email: `u${n}@example.com` }));
		users[203].email = 'broken';
		const out = await run({ resource: 'user', operation: 'upsertUsers' }, users, true);
		expect(out.slice(0, 200).every((i) => i.json.status === 'upserted')).toBe(true);
		expect(out.slice(200).map((i) => i.json.error)).toEqual(
			Array(5).fill(
				expect.stringMatching(/Batch 2 \(users 201–205\) was not upserted, none of its 5 users/),
			),
		);
		await expect(run({ resource: 'user', operation: 'upsertUsers' }, users)).rejects.toThrow(
			/Batch 2/,
		);
	});

	test('Reporting: structures, fields, and every record', async () => {
		await run(
			{
				resource: 'dataTable',
				operation: 'push',
				table: 'orders',
				mode: 'replace',
				options: { interval: 0, debounce: 0 },
			},
			[{ id: 1 }, { id: 2 }, { id: 3 }],
		);
		const structures = await run({ resource: 'reporting', operation: 'listStructures' });
		expect(structures.map((s) => s.json.type)).toEqual(['statement_reporting', 'record_reporting']);
		const fields = await run({
			resource: 'reporting',
			operation: 'listFields',
			structureId: 'orders',
		});
		expect(fields.map((f) => f.json.key)).toContain('datatable.amount_total');
		const records = await run({
			resource: 'reporting',
			operation: 'getRecords',
			structureId: 'orders',
			kind: 'records',
			returnAll: true,
		});
		expect(records).toHaveLength(3);
	});
});
