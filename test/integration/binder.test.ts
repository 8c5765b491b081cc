/**
 * The binder: external keys to Odoo records, for a whole batch at once, against the fake Odoo over real HTTP.
 */
import { Binder, Binding, nodeRequest, OdooClient, OdooError, OdooRecord } from '../../lib';
import { ADMIN, FakeOdoo, startFakeOdoo } from '../fakes/odoo';

let odoo: FakeOdoo;
let client: OdooClient;
let belgium: number;
let france: number;

beforeAll(async () => {
	odoo = await startFakeOdoo({ version: '16.0', seed: 'empty' });
	client = await OdooClient.connect(
		{
			url: odoo.url,
			db: odoo.db,
			username: ADMIN.login,
			password: ADMIN.password,
			protocol: 'jsonrpc',
		},
		{ request: nodeRequest },
	);
	[belgium] = odoo.env.search('res.country', [['code', '=', 'BE']]);
	[france] = odoo.env.search('res.country', [['code', '=', 'FR']]);
	odoo.env.create('res.partner', [
		{ name: 'Acme BE', ref: 'B-1', country_id: belgium },
		{ name: 'Acme FR', ref: 'B-1', country_id: france },
		{ name: 'Archived', ref: 'B-2', country_id: belgium, active: false },
		{ name: 'Twin 1', ref: 'B-3' },
		{ name: 'Twin 2', ref: 'B-3' },
	]);
});
afterAll(() => odoo.close());
beforeEach(() => odoo.resetCalls());

const binderOf = (binding: Binding) => new Binder(client, 'res.partner', binding);
/** Keys each record the way the upserter does, then resolves them all. */
async function resolve(binding: Binding, valsList: Record<string, unknown>[]) {
	const binder = binderOf(binding);
	const keyed = valsList.map((vals) => ({ key: binder.keyOf(vals) as string, vals }));
	const found = await binder.resolve(keyed, ['name'], await client.fieldsGet('res.partner'));
	return keyed.map((k) => found.get(k.key));
}
const nameOf = (hit: OdooRecord | OdooError | undefined) =>
	hit instanceof OdooError ? hit.message : hit?.name;

test('a batch of keys resolves with one search_read, archived records included', async () => {
	const hits = await resolve({ fields: ['ref'] }, [{ ref: 'B-2' }, { ref: 'B-404' }]);
	expect(hits.map(nameOf)).toEqual(['Archived', undefined]);
	expect(odoo.count({ model: 'res.partner', method: 'search_read' })).toBe(1);
});

test('composite keys match on every key field together, in one search_read', async () => {
	const hits = await resolve({ fields: ['ref', 'country_id'] }, [
		{ ref: 'B-1', country_id: france },
		{ ref: 'B-1', country_id: belgium },
		{ ref: 'B-2', country_id: france },
	]);
	expect(hits.map(nameOf)).toEqual(['Acme FR', 'Acme BE', undefined]);
	expect(odoo.count({ model: 'res.partner', method: 'search_read' })).toBe(1);
});

test('a key that two records share resolves to an error naming both', async () => {
	const [hit] = await resolve({ fields: ['ref'] }, [{ ref: 'B-3' }]);
	expect(hit).toBeInstanceOf(OdooError);
	expect((hit as OdooError).message).toMatch(
		/^res\.partner: 2 records share the key .*B-3.* \(ids \d+, \d+\); make the key unique$/,
	);
});

test('a record without a key value, or a binding without key fields, is an error naming what is missing', () => {
	const missing = binderOf({ fields: ['ref', 'country_id'] }).keyOf({
		ref: 'B-1',
		country_id: false,
	});
	expect(missing).toMatchObject({
		kind: 'validation',
		field: 'country_id',
		message: "res.partner: key field 'country_id' has no value",
	});
	expect(binderOf({ fields: [] }).keyOf({ ref: 'B-1' })).toMatchObject({
		kind: 'validation',
		message: 'res.partner: no key field to match on; set the key fields',
	});
	expect(binderOf({ xmlidModule: 'shop' }).keyOf({ ref: 'B-1' }, '')).toMatchObject({
		message: 'res.partner: the external id is empty',
	});
});

test('by external id: resolve finds a record through ir.model.data with two calls', async () => {
	const binder = binderOf({ xmlidModule: 'binder_test' });
	const [id] = odoo.env.create('res.partner', { name: 'Shop customer' });
	odoo.env.create('ir.model.data', {
		module: 'binder_test',
		name: 'customer_7',
		model: 'res.partner',
		res_id: id,
	});
	odoo.resetCalls();
	const found = await binder.resolve(
		[
			{ key: binder.keyOf({}, 'customer_7') as string, vals: {} },
			{ key: 'customer_8', vals: {} },
		],
		['name'],
		{},
	);
	expect(nameOf(found.get('customer_7'))).toBe('Shop customer');
	expect(found.has('customer_8')).toBe(false);
	expect(odoo.calls.filter((c) => c.method !== 'fields_get')).toHaveLength(2);
});

test('the external id a new record is loaded with: the binding itself, or a synthetic lock per model and key', () => {
	expect(binderOf({ xmlidModule: 'shop' }).xmlidOf('customer_7')).toBe('shop.customer_7');
	const byRef = binderOf({ fields: ['ref'] });
	const lock = byRef.xmlidOf(byRef.keyOf({ ref: 'B-1' }) as string);
	expect(lock).toMatch(/^__n8n_upsert__\.[0-9a-f]{40}$/);
	expect(byRef.xmlidOf(byRef.keyOf({ ref: 'B-2' }) as string)).not.toBe(lock);
	expect(
		new Binder(client, 'res.company', { fields: ['ref'] }).xmlidOf(
			byRef.keyOf({ ref: 'B-1' }) as string,
		),
	).not.toBe(lock);
	expect(byRef.loadContext).toEqual({ mode: 'update', noupdate: true });
	expect(binderOf({ xmlidModule: 'shop' }).loadContext).toEqual({});
});
