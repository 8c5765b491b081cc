/**
 * Upserts of the same new keys by parallel executions (one client each, as n8n's workers have):
 * one record per key, and every execution but the creator reports the record as updated or
 * unchanged. On the fake, the injected latency keeps each call's transaction open while the
 * others commit, so `load` meets the serialization failure that real Odoo's repeatable read gives.
 */
import { nodeRequest, OdooClient, Upserter, UpsertOptions, UpsertResult } from '../../lib';
import { backends, callRecorder, OdooTarget } from '../helpers/odoo-backends';
import { REAL_ODOO_TIMEOUT_MS, runTag } from '../helpers/real-odoo';

jest.setTimeout(REAL_ODOO_TIMEOUT_MS);

/** One client over JSON-RPC, as one n8n worker has. */
function connectTo(odoo: OdooTarget, request = nodeRequest) {
	return OdooClient.connect(
		{
			url: odoo.url,
			db: odoo.db,
			username: odoo.login,
			password: odoo.password,
			protocol: 'jsonrpc',
		},
		{ request },
	);
}

const RUNS = 6;
const KEYS = 5;

describe.each([...backends(16), ...backends(19)])('$name', (backend) => {
	let odoo: OdooTarget;
	let admin: OdooClient;
	const tag = runTag('upsert-race');

	beforeAll(async () => {
		odoo = await backend.start();
		admin = await connect();
	});
	afterAll(async () => {
		const ids = await admin.search('res.partner', [['ref', '=like', `${tag}%`]], {
			context: { active_test: false },
		});
		if (ids.length) await admin.unlink('res.partner', ids);
		await odoo.close();
	});

	const connect = (request = nodeRequest) => connectTo(odoo, request);

	/** RUNS executions upsert KEYS new partners each, all at once; values differ per execution. */
	async function race(prefix: string, opts: UpsertOptions, xmlid = false) {
		const recorder = callRecorder();
		const clients = await Promise.all(
			Array.from({ length: RUNS }, () => connect(recorder.request)),
		);
		await Promise.all(clients.map((c) => c.fieldsGet('res.partner')));
		recorder.reset();
		odoo.fake?.inject({ latencyMs: 40 });
		const runs = await Promise.all(
			clients.map((c, run) =>
				new Upserter(c, 'res.partner').upsert(
					Array.from({ length: KEYS }, (_, k) => ({
						vals: { ref: `${prefix}-${k}`, name: `Race ${k} by run ${run}` },
						xmlid: `${prefix}-${k}`,
					})),
					opts,
				),
			),
		);
		odoo.fake?.clearInjections();
		const refs = Array.from({ length: KEYS }, (_, k) => `${prefix}-${k}`);
		const records = await admin.searchRead('res.partner', [['ref', 'in', refs]], {
			fields: ['ref', 'name'],
			context: { active_test: false },
		});
		return { runs, records, refs, recorder, xmlid };
	}

	function expectOneRecordPerKey({ runs, records, refs }: Awaited<ReturnType<typeof race>>) {
		expect(records.map((r) => r.ref).sort()).toEqual(refs);
		const failures = runs.flat().filter((r) => r.action === 'failed');
		expect(failures.map((r) => r.error?.message)).toEqual([]);
		refs.forEach((_, k) => {
			const outcomes: UpsertResult[] = runs.map((r) => r[k]);
			const id = records.find((r) => r.ref === refs[k])!.id;
			expect(outcomes.every((o) => o.id === id)).toBe(true);
		});
	}

	test('by key fields: one record per key; one execution created it, the others updated it', async () => {
		const prefix = `${tag}-k`;
		const result = await race(prefix, { binding: { fields: ['ref'] } });
		expectOneRecordPerKey(result);
		result.refs.forEach((_, k) => {
			const actions = result.runs.map((r) => r[k].action).sort();
			expect(actions).toEqual(['created', ...Array(RUNS - 1).fill('updated')]);
		});
		// The last writer's values stand.
		const names = result.records.map((r) => String(r.name));
		expect(names.every((n) => /^Race \d by run \d$/.test(n))).toBe(true);
		// On the fake the losers met the serialization failure and looked their keys up again.
		if (odoo.fake) expect(result.recorder.count({ method: 'search_read' })).toBeGreaterThan(RUNS);
	});

	test('by external id: one record and one binding per key, no execution fails', async () => {
		const module = `race_${Date.now().toString(36)}`;
		const prefix = `${tag}-x`;
		const result = await race(prefix, { binding: { xmlidModule: module } }, true);
		expectOneRecordPerKey(result);
		const refs = await admin.searchRead('ir.model.data', [['module', '=', module]], {
			fields: ['name', 'res_id'],
		});
		expect(refs.map((r) => r.name).sort()).toEqual(result.refs);
		result.refs.forEach((_, k) =>
			expect(result.runs.filter((r) => r[k].action === 'created').length).toBeGreaterThanOrEqual(1),
		);
		if (odoo.fake)
			result.refs.forEach((_, k) =>
				expect(result.runs.map((r) => r[k].action).sort()).toEqual([
					'created',
					...Array(RUNS - 1).fill('updated'),
				]),
			);
		await admin.unlink(
			'ir.model.data',
			refs.map((r) => r.id),
		);
	});

	test('a new key costs a lookup, a load and a read back; an existing one only the lookup', async () => {
		const recorder = callRecorder();
		const client = await connect(recorder.request);
		const upserter = new Upserter(client, 'res.partner');
		const item = { vals: { ref: `${tag}-one`, name: 'One' } };
		await client.fieldsGet('res.partner');
		recorder.reset();
		expect(await upserter.upsert([item], { binding: { fields: ['ref'] } })).toEqual([
			expect.objectContaining({ action: 'created' }),
		]);
		expect(recorder.calls.map((c) => c.method)).toEqual(['search_read', 'load', 'read']);
		recorder.reset();
		expect(await upserter.upsert([item], { binding: { fields: ['ref'] } })).toEqual([
			expect.objectContaining({ action: 'unchanged' }),
		]);
		expect(recorder.calls.map((c) => c.method)).toEqual(['search_read']);
	});

	test('a key changed outside n8n: the next upsert of the old key creates a new record and leaves the renamed one alone', async () => {
		const recorder = callRecorder();
		const client = await connect(recorder.request);
		const upserter = new Upserter(client, 'res.partner');
		const opts = { binding: { fields: ['ref'] } };
		const [first] = await upserter.upsert([{ vals: { ref: `${tag}-old`, name: 'Old' } }], opts);
		await admin.write('res.partner', [first.id!], { ref: `${tag}-renamed` });
		recorder.reset();
		const [again] = await upserter.upsert([{ vals: { ref: `${tag}-old`, name: 'New' } }], opts);
		expect(again).toMatchObject({ action: 'created' });
		expect(again.id).not.toBe(first.id);
		const [renamed] = await admin.read('res.partner', [first.id!], ['ref', 'name']);
		expect(renamed).toMatchObject({ ref: `${tag}-renamed`, name: 'Old' });
		// lookup, load (finds the stale lock), read back, drop the lock, load, read back
		expect(recorder.calls.map((c) => c.method)).toEqual([
			'search_read',
			'load',
			'read',
			'search',
			'unlink',
			'load',
			'read',
		]);
	});
	test('a key given as a number for a text field (ref: 1001) matches its record: created once, then unchanged', async () => {
		const upserter = new Upserter(await connect(), 'res.partner');
		const ref = Number(`${Date.now() % 1e9}${odoo.fake ? 1 : 2}`);
		const opts = { binding: { fields: ['ref'] } };
		const first = await upserter.upsert([{ vals: { ref, name: 'Numeric ref' } }], opts);
		const again = await upserter.upsert([{ vals: { ref, name: 'Numeric ref' } }], opts);
		const stored = await admin.search('res.partner', [['ref', '=', String(ref)]]);
		await admin.unlink('res.partner', stored);
		expect(first).toEqual([expect.objectContaining({ action: 'created' })]);
		expect(again).toEqual([expect.objectContaining({ action: 'unchanged', id: first[0].id })]);
		expect(stored).toEqual([first[0].id]);
	});

	test('a bad row fails alone and the rest are loaded again; values load cannot express are written after the create', async () => {
		const recorder = callRecorder();
		const client = await connect(recorder.request);
		const [category] = await admin.search('res.partner.category', [], { limit: 1 });
		const [be] = await admin.search('res.country', [['code', '=', 'BE']]);
		await client.fieldsGet('res.partner');
		recorder.reset();
		const out = await new Upserter(client, 'res.partner').upsert(
			[
				{
					vals: { ref: `${tag}-good`, name: 'Good', country_id: be, category_id: [[4, category]] },
				},
				{ vals: { ref: `${tag}-bad`, name: 'Bad', country_id: 987654321 } },
				{
					vals: { ref: `${tag}-fine`, name: 'Fine', country_id: be, category_id: [[4, category]] },
				},
			],
			{ binding: { fields: ['ref'] } },
		);
		expect(out.map((r) => r.action)).toEqual(['created', 'failed', 'created']);
		expect(out[1].error?.message).toMatch(/^res\.partner: .*987654321/);
		const [good] = await admin.read('res.partner', [out[0].id!], ['category_id']);
		expect(good.category_id).toEqual([category]);
		// lookup; a load refused for the bad row; the others again; read back; the x2many command
		expect(recorder.calls.map((c) => c.method)).toEqual([
			'search_read',
			'load',
			'load',
			'read',
			'write',
			'write',
		]);
	});
});

describe.each(backends(16).filter((b) => b.name.startsWith('fake')))('$name', (backend) => {
	// Creating a sale order line updates its order's totals: an order written meanwhile by another
	// transaction fails the line's row with a serialization failure although no one created the key.
	test('a new line whose order another execution writes meanwhile is loaded again, and created once', async () => {
		const odoo = await backend.start();
		try {
			let order = 0;
			let writing: Promise<unknown> | undefined;
			const connect = (request = nodeRequest) => connectTo(odoo, request);
			const other = await connect();
			// The other execution's write reaches Odoo just before the load, and commits after the
			// load's transaction began (the fake holds each call open for the injected latency).
			const lines = await connect(async (req) => {
				if (!writing && String(req.body).includes('"load"')) {
					writing = other.write('sale.order', [order], { note: 'written meanwhile' });
					await new Promise((r) => setTimeout(r, 10));
				}
				return nodeRequest(req);
			});
			[order] = await other.search('sale.order', [['state', '=', 'draft']], { limit: 1 });
			const [product] = await other.search('product.product', [['sale_ok', '=', true]], {
				limit: 1,
			});
			await lines.fieldsGet('sale.order.line');
			odoo.fake!.resetCalls();
			odoo.fake!.inject({ latencyMs: 40 });
			const result = await new Upserter(lines, 'sale.order.line').upsert(
				[{ vals: { order_id: order, product_id: product, product_uom_qty: 7 } }],
				{ binding: { fields: ['order_id', 'product_id'] } },
			);
			await writing;
			odoo.fake!.clearInjections();
			expect(result[0]).toMatchObject({ action: 'created' });
			expect(odoo.fake!.count({ model: 'sale.order.line', method: 'load' })).toBe(2);
			const found = await other.search('sale.order.line', [
				['order_id', '=', order],
				['product_id', '=', product],
			]);
			expect(found).toEqual([result[0].id]);
		} finally {
			await odoo.close();
		}
	});
});
