import { IDataObject, INodeParameters, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { Odoo } from '../../nodes/Odoo/Odoo.node';
import { ADMIN, FakeOdoo, fakeCredentials, startFakeOdoo } from '../fakes/odoo';
import { executeNode } from '../helpers/n8n-context';

let odoo: FakeOdoo;
const node = new Odoo();
const creds = () => fakeCredentials(odoo, { readOnly: false });
const model = (name: string) => ({ __rl: true, mode: 'name', value: name });
const run = (
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	extra: { continueOnFail?: boolean; readOnly?: boolean; password?: string } = {},
) => {
	const c = creds();
	if (extra.readOnly) c.odooSyncApi.readOnly = true;
	if (extra.password) c.odooSyncApi.password = extra.password;
	return executeNode(
		{ node, parameters, credentials: c, continueOnFail: extra.continueOnFail },
		input,
	).then((o) => o[0]);
};
const json = (vals: string) => ({ valuesMode: 'json', valuesJson: vals });
const rpcCalls = (method: string) => odoo.count({ method });

beforeAll(async () => {
	odoo = await startFakeOdoo({ version: '16.0', seed: 'demo' });
});
afterAll(() => odoo.close());
beforeEach(() => odoo.resetCalls());

const products = (n: number, from = 0, price = (i: number) => 10 + i) =>
	Array.from({ length: n }, (_, k) => ({
		code: `SKU-${from + k}`,
		name: `Product ${from + k}`,
		price: price(from + k),
	}));
const upsertProducts = {
	operation: 'upsert',
	model: model('product.template'),
	matchBy: 'fields',
	keyFields: 'default_code',
	...json('={{ { "default_code": $json.code, "name": $json.name, "list_price": $json.price } }}'),
};

describe('upsert', () => {
	test('500 new items in batches of 100: per batch one lookup, one load (the create) and one read back of the keys', async () => {
		const out = await run({ ...upsertProducts, options: { batchSize: 100 } }, products(500));
		expect(out).toHaveLength(500);
		expect(out.every((o) => o.json.action === 'created' && typeof o.json.id === 'number')).toBe(
			true,
		);
		expect(out.map((o) => o.pairedItem)).toEqual(out.map((_, i) => ({ item: i })));
		expect(rpcCalls('search_read')).toBe(5);
		expect(rpcCalls('load')).toBe(5);
		expect(rpcCalls('read')).toBe(5);
		expect(rpcCalls('create')).toBe(0);
		expect(rpcCalls('write')).toBe(0);
		expect(odoo.env.search('product.template', [['default_code', '=like', 'SKU-%']])).toHaveLength(
			500,
		);
	});

	test('a re-run of the same input writes nothing', async () => {
		const out = await run({ ...upsertProducts, options: { batchSize: 100 } }, products(500));
		expect(out.every((o) => o.json.action === 'unchanged')).toBe(true);
		expect(rpcCalls('create') + rpcCalls('write')).toBe(0);
		expect(rpcCalls('search_read')).toBe(5);
	});

	test('records given identical changes share one write; different changes stay within one write per distinct change', async () => {
		const changed = products(100).map((p, i) =>
			i < 10 ? { ...p, price: 999 } : i < 20 ? { ...p, price: 1000 + i } : p,
		);
		const out = await run({ ...upsertProducts, options: { batchSize: 100 } }, changed);
		expect(out.filter((o) => o.json.action === 'updated')).toHaveLength(20);
		expect(out[0].json.changed).toEqual(['list_price']);
		// 10 records to 999 share a write; 10 distinct prices need 10.
		expect(rpcCalls('write')).toBe(11);
		expect(
			odoo.env.searchRead('product.template', [['default_code', '=', 'SKU-3']], ['list_price'])[0]
				.list_price,
		).toBe(999);
	});

	test('a key repeated within a batch is merged into one record, never two', async () => {
		const out = await run(upsertProducts, [
			{ code: 'DUP-1', name: 'First', price: 1 },
			{ code: 'DUP-1', name: 'Second', price: 2 },
		]);
		expect(out.map((o) => o.json.action)).toEqual(['created', 'created']);
		expect(out[1].json.mergedInto).toBe(0);
		expect(out[0].json.id).toBe(out[1].json.id);
		const found = odoo.env.searchRead(
			'product.template',
			[['default_code', '=', 'DUP-1']],
			['name'],
		);
		expect(found).toEqual([expect.objectContaining({ name: 'Second' })]);
	});

	test('force update writes the given fields of unchanged records, in one shared write', async () => {
		const out = await run({ ...upsertProducts, forceUpdate: true }, products(3));
		expect(out.map((o) => o.json.action)).toEqual(['updated', 'updated', 'updated']);
		expect(out[0].json.changed).toEqual(expect.arrayContaining(['name', 'list_price']));
		// Each product's values differ, so one write each; nothing is created.
		expect(rpcCalls('write')).toBe(3);
		expect(rpcCalls('create')).toBe(0);
	});

	test('dry run plans without writing', async () => {
		const out = await run({ ...upsertProducts, dryRun: true }, [
			{ code: 'DRY-1', name: 'Dry', price: 5 },
			{ code: 'SKU-50', name: 'Product 50', price: 60 },
		]);
		expect(out.map((o) => o.json.action)).toEqual(['created', 'unchanged']);
		expect(out[0].json.dryRun).toBe(true);
		expect(rpcCalls('create') + rpcCalls('write')).toBe(0);
		expect(odoo.env.search('product.template', [['default_code', '=', 'DRY-1']])).toHaveLength(0);
	});

	test('a bad record in a batch is isolated: the others land, it fails with its own error', async () => {
		const input = [
			{ code: 'ISO-1', name: 'Good 1', price: 1 },
			{ code: 'ISO-2', name: '', price: 2 },
			{ code: 'ISO-3', name: 'Good 3', price: 3 },
		];
		const out = await run(
			{
				...upsertProducts,
				...json(
					'={{ { "default_code": $json.code, "name": $json.name || false, "list_price": $json.price } }}',
				),
			},
			input,
			{ continueOnFail: true },
		);
		expect(out.map((o) => o.json.action ?? 'error')).toEqual(['created', 'error', 'created']);
		expect(out[1].json.error).toMatch(/name/);
		expect(
			odoo.env.search('product.template', [['default_code', 'in', ['ISO-1', 'ISO-3']]]),
		).toHaveLength(2);
	});

	test('a missing key value is an item error naming the key', async () => {
		const out = await run(upsertProducts, [{ name: 'No code', price: 1 }], {
			continueOnFail: true,
		});
		expect(out[0].json.error).toMatch(/key field 'default_code' has no value/);
	});

	test('upsert by external id creates the ir.model.data binding and finds it again', async () => {
		const params = {
			operation: 'upsert',
			model: model('res.partner'),
			matchBy: 'xmlid',
			xmlidModule: 'clientify',
			xmlid: '={{ "company_" + $json.id }}',
			...json('={{ { "name": $json.name } }}'),
		};
		const first = await run(params, [
			{ id: 1, name: 'Acme' },
			{ id: 2, name: 'Globex' },
		]);
		expect(first.map((o) => o.json.action)).toEqual(['created', 'created']);
		const second = await run(params, [
			{ id: 1, name: 'Acme' },
			{ id: 2, name: 'Globex Corp' },
		]);
		expect(second.map((o) => o.json.action)).toEqual(['unchanged', 'updated']);
		expect(second[1].json.id).toBe(first[1].json.id);
		expect(odoo.env.search('ir.model.data', [['module', '=', 'clientify']])).toHaveLength(2);
	});
});

describe('relations', () => {
	test('many2one names and codes resolve with one search per relation for the whole batch', async () => {
		const input = [
			{ name: 'Rel A', country: 'BE', tags: [] },
			{ name: 'Rel B', country: 'France', tags: [] },
			{ name: 'Rel C', country: 'BE', tags: [] },
		];
		const out = await run(
			{
				operation: 'create',
				model: model('res.partner'),
				...json('={{ { "name": $json.name, "country_id": $json.country } }}'),
			},
			input,
		);
		expect(out).toHaveLength(3);
		expect(rpcCalls('create')).toBe(1);
		expect(odoo.count({ model: 'res.country', method: 'search_read' })).toBe(1);
		const [a] = odoo.env.searchRead('res.partner', [['name', '=', 'Rel A']], ['country_id']);
		expect((a.country_id as [number, string])[1]).toBe('Belgium');
	});

	test('an unresolvable many2one name is an item error naming the field and the value', async () => {
		const out = await run(
			{
				operation: 'create',
				model: model('res.partner'),
				...json('{"name": "X", "country_id": "Atlantis"}'),
			},
			[{}],
			{ continueOnFail: true },
		);
		expect(out[0].json.error).toBe("country_id: no record matches 'Atlantis' in res.country");
	});

	test('x2many given as a list of names becomes a replace command', async () => {
		const [cat] = odoo.env.searchRead('res.partner.category', [], ['name']);
		const out = await run({
			operation: 'create',
			model: model('res.partner'),
			...json(`{"name": "Tagged", "category_id": ["${cat.name}"]}`),
		});
		const [rec] = odoo.env.read('res.partner', [out[0].json.id as number], ['category_id']);
		expect(rec.category_id).toEqual([cat.id]);
	});
});

describe('operations', () => {
	test('create: all items in one call, output keeps pairedItem', async () => {
		const out = await run(
			{ operation: 'create', model: model('res.partner'), ...json('={{ { "name": $json.n } }}') },
			[{ n: 'C1' }, { n: 'C2' }, { n: 'C3' }],
		);
		expect(rpcCalls('create')).toBe(1);
		expect(out.map((o) => o.json.name)).toEqual(['C1', 'C2', 'C3']);
	});

	test('get: one read for the ids of all items; many2one as {id, name}, false as null', async () => {
		const ids = odoo.env.search(
			'res.partner',
			[
				['is_company', '=', true],
				['ref', '=', false],
			],
			{ limit: 2 },
		);
		const out = await run(
			{
				operation: 'get',
				model: model('res.partner'),
				ids: '={{ $json.id }}',
				fields: ['name', 'country_id', 'ref'],
			},
			ids.map((id) => ({ id })),
		);
		expect(rpcCalls('read')).toBe(1);
		expect(out[0].json).toMatchObject({
			id: ids[0],
			country_id: expect.objectContaining({ id: expect.any(Number), name: expect.any(String) }),
		});
		expect(out[0].json.ref).toBeNull();
	});

	test('search with OR conditions, order, limit; and return-all pages', async () => {
		const out = await run({
			operation: 'search',
			model: model('res.partner'),
			filterMode: 'conditions',
			combinator: 'or',
			conditions: {
				condition: [
					{ field: 'name', operator: 'ilike', value: 'Deco' },
					{ field: 'name', operator: 'ilike', value: 'Gemini' },
				],
			},
			fields: ['name'],
			order: 'name asc',
			limit: 10,
		});
		expect(out.length).toBeGreaterThanOrEqual(2);
		expect(out.every((o) => /Deco|Gemini/.test(String(o.json.name)))).toBe(true);
		const all = await run({
			operation: 'search',
			model: model('product.template'),
			filterMode: 'domain',
			domain: '[["default_code", "=like", "SKU-%"]]',
			returnAll: true,
			fields: ['default_code'],
			output: 'single',
		});
		expect(all).toHaveLength(1);
		expect(all[0].json.count).toBe(500);
	});

	test('get: two items asking for the same record each get it whole and shaped', async () => {
		const [id] = odoo.env.search('res.partner', [['country_id', '!=', false]], { limit: 1 });
		const out = await run(
			{
				operation: 'get',
				model: model('res.partner'),
				ids: '={{ $json.id }}',
				fields: ['country_id'],
			},
			[{ id }, { id }],
		);
		expect(out[0].json).toEqual(out[1].json);
		expect(out[0].json).not.toBe(out[1].json);
		expect(out[1].json.country_id).toEqual({ id: expect.any(Number), name: expect.any(String) });
	});

	test('return all: a few fields come in large pages (2,500 partners in one search_read); all fields in pages of 1,000', async () => {
		odoo.env.create(
			'res.partner',
			Array.from({ length: 2500 }, (_, i) => ({ name: `Paged ${i}` })),
		);
		const search = {
			operation: 'search',
			model: model('res.partner'),
			filterMode: 'domain',
			domain: '[["name", "=like", "Paged %"]]',
			returnAll: true,
			output: 'single',
		};
		const few = await run({ ...search, fields: ['name', 'email'] });
		expect([few[0].json.count, rpcCalls('search_read')]).toEqual([2500, 1]);
		odoo.resetCalls();
		const all = await run({ ...search, fields: [] });
		expect([all[0].json.count, rpcCalls('search_read')]).toEqual([2500, 3]);
	});

	test('search with a domain using | and !', async () => {
		const out = await run({
			operation: 'count',
			model: model('res.partner'),
			filterMode: 'domain',
			domain: '["!", ["is_company", "=", true]]',
		});
		expect(out[0].json.count).toBe(
			odoo.env.search('res.partner', [['is_company', '=', false]]).length,
		);
	});

	test('update by ids: items with identical values share one write', async () => {
		const ids = odoo.env.create('res.partner', [{ name: 'U1' }, { name: 'U2' }, { name: 'U3' }]);
		const out = await run(
			{
				operation: 'update',
				model: model('res.partner'),
				selectBy: 'ids',
				ids: '={{ $json.id }}',
				...json('{"comment": "same"}'),
			},
			ids.map((id) => ({ id })),
		);
		expect(out).toHaveLength(3);
		expect(rpcCalls('write')).toBe(1);
	});

	test('delete by domain needs the confirmation option', async () => {
		odoo.env.create('res.partner', [{ name: 'ToDelete-1' }, { name: 'ToDelete-2' }]);
		const params = {
			operation: 'delete',
			model: model('res.partner'),
			selectBy: 'domain',
			domain: '[["name", "=like", "ToDelete-%"]]',
		};
		const refused = await run(params, [{}], { continueOnFail: true });
		expect(refused[0].json.error).toMatch(/Confirm Delete by Domain/);
		const done = await run({ ...params, confirmDomainDelete: true });
		expect(done[0].json.deleted).toBe(2);
	});

	test('call method: action_confirm on a sale order', async () => {
		const [order] = odoo.env.searchRead('sale.order', [['state', '=', 'draft']], ['name']);
		await run({
			operation: 'callMethod',
			model: model('sale.order'),
			method: 'action_confirm',
			ids: String(order.id),
			args: '[]',
			kwargs: '{}',
		});
		expect(odoo.env.read('sale.order', [order.id], ['state'])[0].state).toBe('sale');
	});

	test('describe model lists fields with type, label, required and relation', async () => {
		const out = await run({
			operation: 'describe',
			model: model('res.partner'),
			describeOutput: 'each',
		});
		expect(out.find((o) => o.json.name === 'country_id')?.json).toMatchObject({
			type: 'many2one',
			relation: 'res.country',
			label: 'Country',
		});
	});
});

describe('bad input gets a clear error', () => {
	// Every row has all four values: jest passes a `done` callback to a test function with more parameters than the row.
	const cases: [string, INodeParameters, RegExp, { readOnly?: boolean }][] = [
		[
			'unknown model',
			{ operation: 'count', model: model('no.such.model'), filterMode: 'domain', domain: '[]' },
			/no\.such\.model/,
			{},
		],
		[
			'unknown field',
			{
				operation: 'create',
				model: model('res.partner'),
				...json('{"name": "x", "no_such_field": 1}'),
			},
			/unknown field 'no_such_field'/,
			{},
		],
		[
			'invalid domain JSON',
			{
				operation: 'search',
				model: model('res.partner'),
				filterMode: 'domain',
				domain: '[["name", "=",',
			},
			/not valid JSON/,
			{},
		],
		[
			'read-only credentials on a write',
			{ operation: 'create', model: model('res.partner'), ...json('{"name": "x"}') },
			/read-only/,
			{ readOnly: true },
		],
	];
	test.each(cases)('%s', async (_name, params, message, extra) => {
		await expect(run(params, [{}], extra)).rejects.toThrow(message);
		const out = await run(params, [{}], { ...extra, continueOnFail: true });
		expect(out[0].json.error).toMatch(message);
	});

	test('wrong password fails the node with an auth message and no secret', async () => {
		const err = await run({ operation: 'count', model: model('res.partner') }, [{}], {
			password: 'hunter2-wrong',
		}).catch((e) => e);
		expect(err.message).toMatch(/wrong login or password/);
		expect(JSON.stringify(err)).not.toContain('hunter2-wrong');
	});
});

describe('one error shape', () => {
	const create = { operation: 'create', model: model('res.partner'), ...json('={{ $json.vals }}') };
	const input = [{ vals: { name: 'Shape 1' } }, { vals: { name: 'Shape 2', no_such_field: 1 } }];

	test('under Continue On Fail an Odoo failure is {error, kind, field} paired with its item', async () => {
		const out = await run(create, input, { continueOnFail: true });
		expect(out[1]).toEqual({
			json: {
				error: expect.stringMatching(/unknown field 'no_such_field'/),
				kind: 'validation',
				field: 'no_such_field',
			},
			pairedItem: { item: 1 },
		});
	});

	test('without it, the node fails with a NodeApiError carrying kind and field, and the item index in its context', async () => {
		const error = await run(create, input).catch((e: NodeApiError) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^res\.partner: unknown field 'no_such_field'/);
		expect(error.context.itemIndex).toBe(1);
		expect(error.errorResponse).toMatchObject({ kind: 'validation', field: 'no_such_field' });
	});

	test('a configuration error is a NodeOperationError, and the same item shape', async () => {
		const params = {
			operation: 'count',
			model: model('={{ $json.model }}'),
			filterMode: 'domain',
			domain: '[]',
		};
		const items = [{ model: 'res.partner' }, { model: '' }];
		const error = await run(params, items).catch((e: NodeOperationError) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.context.itemIndex).toBe(1);
		const out = await run(params, items, { continueOnFail: true });
		expect(out[1]).toEqual({
			json: { error: 'No model given', kind: null, field: null },
			pairedItem: { item: 1 },
		});
	});
});

describe('settings given by an expression are honoured per item', () => {
	test('upsert key fields: consecutive items matched alike share a batch, one lookup each', async () => {
		await run(upsertProducts, [
			{ code: 'PK-1', name: 'Per key 1', price: 1 },
			{ code: 'PK-2', name: 'Per key 2', price: 2 },
		]);
		const [existing] = odoo.env.search('product.template', [['default_code', '=', 'PK-2']]);
		odoo.resetCalls();
		const input = [
			{ key: 'default_code', code: 'PK-1', name: 'Per key 1', price: 5 },
			{ key: 'name', code: 'PK-2-renamed', name: 'Per key 2', price: 2 },
		];
		const out = await run({ ...upsertProducts, keyFields: '={{ $json.key }}' }, input);
		expect(out.map((o) => o.json.action)).toEqual(['updated', 'updated']);
		expect(out[1].json.id).toBe(existing);
		expect(rpcCalls('search_read')).toBe(2);
		expect(rpcCalls('create')).toBe(0);
	});

	test('get: fields to return and the many2one output option', async () => {
		const [id] = odoo.env.search('res.partner', [['country_id', '!=', false]], { limit: 1 });
		const params = {
			operation: 'get',
			model: model('res.partner'),
			ids: '={{ $json.id }}',
			fields: '={{ $json.fields }}',
			options: { many2one: '={{ $json.m2o }}' },
		};
		const out = await run(params, [
			{ id, fields: ['name', 'country_id'], m2o: 'object' },
			{ id, fields: ['country_id'], m2o: 'id' },
		]);
		expect(out[0].json).toMatchObject({
			name: expect.any(String),
			country_id: { id: expect.any(Number), name: expect.any(String) },
		});
		expect(out[1].json.name).toBeUndefined();
		expect(out[1].json.country_id).toEqual(expect.any(Number));
		expect(rpcCalls('read')).toBe(2);
	});
});

describe("n8n's built-in Odoo credential", () => {
	// n8n's own `odooApi` type has url, db, username and password only: protocol and read-only take their defaults.
	const builtIn = () => ({
		odooApi: { url: odoo.url, db: odoo.db, username: ADMIN.login, password: ADMIN.password },
	});
	const search = {
		operation: 'search',
		model: model('res.country'),
		filterMode: 'domain',
		domain: '[["code", "=", "BE"]]',
		fields: ['name'],
	};

	test('a node set to Authentication: odooApi runs with it', async () => {
		const [out] = await executeNode(
			{ node, parameters: { authentication: 'odooApi', ...search }, credentials: builtIn() },
			[{}],
		);
		expect(out.map((o) => o.json.name)).toEqual(['Belgium']);
	});

	test('the default Authentication asks for the pack credential, not the built-in one', async () => {
		await expect(
			executeNode({ node, parameters: search, credentials: builtIn() }, [{}]),
		).rejects.toThrow(/odooSyncApi/);
	});
});
