/**
 * The fake Odoo's data semantics: domains, defaults and constraints, x2many commands,
 * dates, product template/variant delegation, load, read_group, message_post, access rights.
 */
import { DEMO, FakeOdoo, startFakeOdoo } from '../fakes/odoo';
import { executeKw } from '../fakes/odoo/client';
import { PyFloat } from '../fakes/odoo/values';

let fake: FakeOdoo;
const ids: Record<string, number> = {};

beforeAll(async () => {
	fake = await startFakeOdoo({ version: '16.0', seed: 'empty' });
	const [be, fr, us] = fake.env.search('res.country', [['code', 'in', ['BE', 'FR', 'US']]], {
		order: 'code',
	});
	[ids.acme, ids.beta, ids.gamma, ids.delta] = fake.env.create('res.partner', [
		{
			name: 'Acme',
			ref: 'T-1',
			is_company: true,
			country_id: be,
			email: 'info@acme.example',
			credit_limit: 10,
		},
		{ name: 'Beta 50%_off', ref: 'T-2', is_company: true, country_id: fr, credit_limit: 20 },
		{ name: 'gamma', ref: 'T-3', country_id: us, email: 'g@gamma.example', credit_limit: 30 },
		{ name: 'Delta', ref: 'T-4', active: false },
	]);
	[ids.alice] = fake.env.create('res.partner', {
		name: 'Alice',
		ref: 'T-5',
		parent_id: ids.acme,
		email: 'alice@acme.example',
	});
	[ids.bob] = fake.env.create('res.partner', { name: 'Bob', ref: 'T-6', parent_id: ids.alice });
});
afterAll(() => fake.close());

const T = ['ref', '=like', 'T-%'];
const names = (domain: unknown[]) =>
	fake.env
		.read('res.partner', fake.env.search('res.partner', [T, ...domain]), ['name'])
		.map((r) => r.name)
		.sort();

describe('domains', () => {
	test.each([
		['=', [['name', '=', 'Acme']], ['Acme']],
		[
			'!= (NULL rows match)',
			[['email', '!=', 'info@acme.example']],
			['Alice', 'Beta 50%_off', 'Bob', 'gamma'],
		],
		['= False', [['email', '=', false]], ['Beta 50%_off', 'Bob']],
		['!= False', [['email', '!=', false]], ['Acme', 'Alice', 'gamma']],
		['>', [['credit_limit', '>', 10]], ['Beta 50%_off', 'gamma']],
		['>=', [['credit_limit', '>=', 20]], ['Beta 50%_off', 'gamma']],
		['< (unset values are NULL and never match)', [['credit_limit', '<', 20]], ['Acme']],
		['<=', [['credit_limit', '<=', 20]], ['Acme', 'Beta 50%_off']],
		[
			'=? with False is ignored',
			[['name', '=?', false]],
			['Acme', 'Alice', 'Beta 50%_off', 'Bob', 'gamma'],
		],
		['=? with a value is =', [['name', '=?', 'Bob']], ['Bob']],
		['like is case-sensitive', [['name', 'like', 'amm']], ['gamma']],
		['like treats % and _ as wildcards', [['name', 'like', '50%_o']], ['Beta 50%_off']],
		['ilike', [['name', 'ilike', 'GAMMA']], ['gamma']],
		[
			'not like (NULL rows match)',
			[['email', 'not like', 'acme']],
			['Beta 50%_off', 'Bob', 'gamma'],
		],
		['not ilike', [['name', 'not ilike', 'A']], ['Bob']],
		['=like anchors the pattern', [['name', '=like', 'A%']], ['Acme', 'Alice']],
		['=ilike', [['name', '=ilike', 'g%']], ['gamma']],
		['in', [['name', 'in', ['Acme', 'Bob', 'nobody']]], ['Acme', 'Bob']],
		['not in', [['name', 'not in', ['Acme', 'Bob']]], ['Alice', 'Beta 50%_off', 'gamma']],
		[
			'in with False matches empty values',
			[['email', 'in', [false, 'g@gamma.example']]],
			['Beta 50%_off', 'Bob', 'gamma'],
		],
		[
			'boolean = False matches unset booleans',
			[['is_company', '=', false]],
			['Alice', 'Bob', 'gamma'],
		],
		['many2one by id', [['parent_id', '=', 0]], []],
		['many2one by display name with ilike', [['parent_id', 'ilike', 'acm']], ['Alice', 'Bob']],
		['many2one by exact name', [['country_id', '=', 'Belgium']], ['Acme']],
		[
			'many2one not ilike name includes NULL',
			[['country_id', 'not ilike', 'bel']],
			['Alice', 'Beta 50%_off', 'Bob', 'gamma'],
		],
		['dotted path through a many2one', [['parent_id.email', 'ilike', 'acme']], ['Alice', 'Bob']],
		['dotted path two levels deep', [['parent_id.parent_id.name', '=', 'Acme']], ['Bob']],
		[
			'dotted path to a country code',
			[['country_id.code', 'in', ['FR', 'US']]],
			['Beta 50%_off', 'gamma'],
		],
		['child_of', [['id', 'child_of', 'Acme']], ['Acme', 'Alice', 'Bob']],
		['parent_of', [['id', 'parent_of', 'Bob']], ['Acme', 'Alice', 'Bob']],
		['child_of on a many2one', [['parent_id', 'child_of', 'Acme']], ['Alice', 'Bob']],
		['one2many = False', [['child_ids', '=', false]], ['Beta 50%_off', 'Bob', 'gamma']],
		[
			'implicit AND',
			[
				['is_company', '=', true],
				['name', 'ilike', 'a'],
			],
			['Acme', 'Beta 50%_off'],
		],
		['| (OR)', ['|', ['name', '=', 'Acme'], ['name', '=', 'Bob']], ['Acme', 'Bob']],
		['! (NOT)', ['!', ['name', 'ilike', 'a']], ['Bob']],
		[
			'nested prefix operators',
			['|', '&', ['is_company', '=', true], ['name', 'ilike', 'beta'], '!', ['email', '!=', false]],
			['Beta 50%_off', 'Bob'],
		],
	])('%s', (_label, domain, expected) => {
		expect(names(domain as unknown[])).toEqual(expected);
	});

	test('archived records are hidden unless the domain mentions active or active_test is off', async () => {
		expect(names([['name', '=', 'Delta']])).toEqual([]);
		expect(names([['active', '=', false]])).toEqual(['Delta']);
		const reply = await executeKw(fake, 'res.partner', 'search_count', [[T]], {
			context: { active_test: false },
		});
		expect(reply.value).toBe(6);
	});

	test('any / not any are rejected on 16.0 like a real 16 (Invalid leaf)', async () => {
		const reply = await executeKw(fake, 'res.partner', 'search', [
			[['child_ids', 'any', [['name', '=', 'Alice']]]],
		]);
		expect(reply.fault?.faultCode).toBe(1);
		expect(reply.fault?.faultString.trimEnd().split('\n').pop()).toBe(
			"ValueError: Invalid leaf ('child_ids', 'any', [['name', '=', 'Alice']])",
		);
	});

	test('order, offset and limit: "id desc", "write_date asc, id asc"', () => {
		const all = fake.env.search('res.partner', [T], { order: 'id desc' });
		expect(all).toEqual([...all].sort((a, b) => b - a));
		expect(
			fake.env.search('res.partner', [T], { order: 'write_date asc, id asc', offset: 1, limit: 2 }),
		).toEqual([...all].sort((a, b) => a - b).slice(1, 3));
		expect(fake.env.search('res.partner', [T], { order: 'name desc', limit: 1 })).toEqual([
			ids.gamma,
		]);
	});

	test('an unknown field in order is the recorded Invalid field fault', async () => {
		const reply = await executeKw(fake, 'res.partner', 'search', [[]], { order: 'nope desc' });
		expect(reply.fault?.faultString).toMatch(
			/ValueError: Invalid field 'nope' on model 'res.partner'\n$/,
		);
	});

	test('search_count honours limit', async () => {
		expect((await executeKw(fake, 'res.partner', 'search_count', [[T]], { limit: 2 })).value).toBe(
			2,
		);
	});
});

describe('any / not any on 19.0', () => {
	let f19: FakeOdoo;
	beforeAll(async () => {
		f19 = await startFakeOdoo({ version: '19.0' });
	});
	afterAll(() => f19.close());

	test('any matches records with a linked record satisfying the sub-domain; not any the others', () => {
		const withDeco = f19.env.search('res.partner', [
			['child_ids', 'any', [['name', 'ilike', 'Addison Olson']]],
		]);
		expect(f19.env.read('res.partner', withDeco, ['name'])).toEqual([
			{ id: 10, name: 'Deco Addict' },
		]);
		const companies = f19.env.search('res.partner', [['is_company', '=', true]]);
		const without = f19.env.search('res.partner', [
			['is_company', '=', true],
			['child_ids', 'not any', [['name', 'ilike', 'Addison Olson']]],
		]);
		expect(without.length).toBe(companies.length - 1);
	});
});

describe('values, defaults and constraints', () => {
	test('read format: false for empty values, many2one as [id, name], x2many as ids, floats as floats', async () => {
		const reply = await executeKw(fake, 'res.partner', 'read', [
			[ids.alice],
			['name', 'parent_id', 'child_ids', 'website', 'credit_limit', 'category_id'],
		]);
		expect(reply.value).toEqual([
			{
				id: ids.alice,
				name: 'Alice',
				parent_id: [ids.acme, 'Acme'],
				child_ids: [ids.bob],
				website: false,
				credit_limit: new PyFloat(0),
				category_id: [],
			},
		]);
		expect(reply.text).toContain('<name>credit_limit</name>\n<value><double>0.0</double></value>');
	});

	test('display names: partner "Company, Contact", product "[CODE] Name", category complete name', () => {
		expect(fake.env.read('res.partner', [ids.bob], ['display_name'])[0].display_name).toBe(
			'Acme, Bob',
		);
		const [categ] = fake.env.create('product.category', { name: 'Chairs', parent_id: 2 });
		const [product] = fake.env.create('product.product', {
			name: 'Stool',
			default_code: 'ST-1',
			categ_id: categ,
		});
		expect(fake.env.read('product.product', [product], ['display_name', 'categ_id'])[0]).toEqual({
			id: product,
			display_name: '[ST-1] Stool',
			categ_id: [categ, 'All / Saleable / Chairs'],
		});
	});

	test('create fills Odoo defaults (type, active, company, state, currency, stage, dates, users)', () => {
		const [lead] = fake.env.create('crm.lead', { name: 'Needs chairs' });
		const [row] = fake.env.read(
			'crm.lead',
			[lead],
			['type', 'active', 'company_id', 'stage_id', 'user_id', 'create_uid'],
		);
		expect(row).toMatchObject({
			type: 'lead',
			active: true,
			company_id: [1, 'My Company (San Francisco)'],
			stage_id: [1, 'New'],
			user_id: [2, 'Mitchell Admin'],
		});
		const [order] = fake.env.create('sale.order', { partner_id: ids.acme });
		expect(
			fake.env.read(
				'sale.order',
				[order],
				['state', 'currency_id', 'partner_invoice_id', 'name'],
			)[0],
		).toMatchObject({
			state: 'draft',
			currency_id: [1, 'EUR'],
			partner_invoice_id: [ids.acme, 'Acme'],
			name: expect.stringMatching(/^S\d{5}$/),
		});
	});

	test('missing required field, bad selection, unknown field and dangling many2one are the recorded faults', async () => {
		const cases: [string, unknown[], number, RegExp][] = [
			[
				'product.template',
				[[{ list_price: 3 }]],
				2,
				/Model: Product \(product.template\)\nField: Name \(name\)\n$/,
			],
			[
				'res.partner',
				[[{ name: 'X', type: 'no-such-type' }]],
				1,
				/ValueError: Wrong value for res.partner.type: 'no-such-type'\n$/,
			],
			[
				'res.partner',
				[[{ name: 'X', nope: 1 }]],
				1,
				/ValueError: Invalid field 'nope' on model 'res.partner'\n$/,
			],
			[
				'res.partner',
				[[{ name: 'X', country_id: 99999 }]],
				2,
				/Constraint: res_partner_country_id_fkey\n$/,
			],
			['sale.order', [[{ partner_id: false }]], 2, /Field: Customer \(partner_id\)\n$/],
		];
		for (const [model, args, code, message] of cases) {
			const { fault } = await executeKw(fake, model, 'create', args);
			expect([model, fault?.faultCode, fault?.faultString]).toEqual([
				model,
				code,
				expect.stringMatching(message),
			]);
		}
	});

	test('a failing create in a batch leaves nothing behind (one transaction per call)', async () => {
		const before = fake.env.search('res.partner', [], {}).length;
		const { fault } = await executeKw(fake, 'res.partner', 'create', [
			[{ name: 'ok 1' }, { name: 'bad', country_id: 99999 }],
		]);
		expect(fault?.faultCode).toBe(2);
		expect(fake.env.search('res.partner', []).length).toBe(before);
	});

	test('product barcodes are unique', () => {
		fake.env.create('product.product', { name: 'Scanner A', barcode: '5400000000017' });
		expect(() =>
			fake.env.create('product.template', { name: 'Scanner B', barcode: '5400000000017' }),
		).toThrow(
			/Barcode\(s\) already assigned:\n\n- Barcode "5400000000017" already assigned to product\(s\): Scanner A, Scanner B/,
		);
	});

	test('deleting a record a required many2one points to is refused; optional ones are emptied', () => {
		const [p] = fake.env.create('res.partner', { name: 'Customer' });
		const [child] = fake.env.create('res.partner', { name: 'Kid', parent_id: p });
		const [order] = fake.env.create('sale.order', { partner_id: p });
		expect(() => fake.env.unlink('res.partner', [p])).toThrow(
			/another model requires the record being deleted/,
		);
		fake.env.unlink('sale.order', [order]);
		fake.env.unlink('res.partner', [p]);
		expect(fake.env.read('res.partner', [child], ['parent_id'])[0].parent_id).toBe(false);
	});

	test('write_date and create_date follow the clock, to the second, in UTC', () => {
		fake.clock.set('2030-01-02 03:04:05');
		const [id] = fake.env.create('res.partner', { name: 'Clocked' });
		fake.clock.advance(61.9);
		fake.env.write('res.partner', [id], { phone: '1' });
		expect(
			fake.env.read('res.partner', [id], ['create_date', 'write_date', '__last_update'])[0],
		).toEqual({
			id,
			create_date: '2030-01-02 03:04:05',
			write_date: '2030-01-02 03:05:06',
			__last_update: '2030-01-02 03:05:06',
		});
		fake.clock.set(null);
		expect(
			fake.env.searchRead('res.partner', [['write_date', '>', '2030-01-02 03:05:05']], ['name']),
		).toEqual([{ id, name: 'Clocked' }]);
	});

	test("html fields wrap plain text in a paragraph, as Odoo's sanitizer does", () => {
		fake.env.write('res.partner', [ids.gamma], { comment: 'fixture' });
		expect(fake.env.read('res.partner', [ids.gamma], ['comment'])[0].comment).toBe(
			'<p>fixture</p>',
		);
	});

	test("datetimes must use Odoo's format", async () => {
		const { fault } = await executeKw(fake, 'crm.lead', 'create', [
			{ name: 'x', date_deadline: '2024-01-01', date_closed: '2024-01-01T10:00:00Z' },
		]);
		expect(fault?.faultString).toMatch(
			/ValueError: time data '2024-01-01T10:00:00Z' does not match format '%Y-%m-%d %H:%M:%S'\n$/,
		);
	});
});

describe('x2many commands', () => {
	const tags = () => fake.env.search('res.partner.category', [], { order: 'id', limit: 3 });
	const categories = (id: number) =>
		fake.env.read('res.partner', [id], ['category_id'])[0].category_id;

	test('many2many: 6 replace, 4 link, 3 unlink, 5 clear, 0 create, 1 update, 2 delete, plain id list', () => {
		const [a, b, c] = tags();
		const [p] = fake.env.create('res.partner', { name: 'Tagged', category_id: [[6, 0, [a, b]]] });
		expect(categories(p)).toEqual([a, b]);
		fake.env.write('res.partner', [p], {
			category_id: [
				[4, c],
				[3, a],
			],
		});
		expect(categories(p)).toEqual([b, c]);
		fake.env.write('res.partner', [p], { category_id: [[5]] });
		expect(categories(p)).toEqual([]);
		fake.env.write('res.partner', [p], { category_id: [[0, 0, { name: 'Fresh' }]] });
		const [fresh] = categories(p) as number[];
		fake.env.write('res.partner', [p], { category_id: [[1, fresh, { name: 'Renamed' }]] });
		expect(fake.env.read('res.partner.category', [fresh], ['name'])[0].name).toBe('Renamed');
		fake.env.write('res.partner', [p], { category_id: [[2, fresh]] });
		expect(fake.env.search('res.partner.category', [['id', '=', fresh]])).toEqual([]);
		fake.env.write('res.partner', [p], { category_id: [a, c] });
		expect(categories(p)).toEqual([a, c]);
	});

	test('one2many through the inverse many2one: create, update, link, unlink, replace', () => {
		const [company] = fake.env.create('res.partner', {
			name: 'Parent Co',
			is_company: true,
			child_ids: [
				[0, 0, { name: 'C1' }],
				[0, 0, { name: 'C2' }],
			],
		});
		const children = () =>
			fake.env.read('res.partner', [company], ['child_ids'])[0].child_ids as number[];
		const [c1, c2] = children();
		expect(fake.env.read('res.partner', [c1], ['parent_id'])[0].parent_id).toEqual([
			company,
			'Parent Co',
		]);
		fake.env.write('res.partner', [company], {
			child_ids: [
				[1, c1, { name: 'C1 bis' }],
				[3, c2],
			],
		});
		expect(children()).toEqual([c1]);
		expect(fake.env.read('res.partner', [c2], ['parent_id'])[0].parent_id).toBe(false);
		fake.env.write('res.partner', [company], { child_ids: [[4, c2]] });
		expect(children()).toEqual([c1, c2]);
		fake.env.write('res.partner', [company], { child_ids: [[6, 0, [c2]]] });
		expect(children()).toEqual([c2]);
	});

	test('sale order lines are created with the order and deleted with it; totals follow', () => {
		const [product] = fake.env.create('product.product', {
			name: 'Desk',
			list_price: 100,
			taxes_id: [[6, 0, [1]]],
		});
		const [order] = fake.env.create('sale.order', {
			partner_id: ids.acme,
			order_line: [
				[0, 0, { product_id: product, product_uom_qty: 2 }],
				[0, 0, { product_id: product, price_unit: 50, discount: 10 }],
			],
		});
		const [row] = fake.env.read(
			'sale.order',
			[order],
			['order_line', 'amount_untaxed', 'amount_tax', 'amount_total'],
		);
		expect(row).toMatchObject({ amount_untaxed: 245, amount_tax: 36.75, amount_total: 281.75 });
		const lines = row.order_line as number[];
		expect(fake.env.read('sale.order.line', lines, ['name', 'tax_id'])[0]).toMatchObject({
			name: 'Desk',
			tax_id: [1],
		});
		fake.env.unlink('sale.order', [order]);
		expect(fake.env.search('sale.order.line', [['id', 'in', lines]])).toEqual([]);
	});
});

describe('product.template and product.product stay in sync (one variant per template)', () => {
	test('creating a template creates its variant; shared fields read and write through', () => {
		const [tmpl] = fake.env.create('product.template', {
			name: 'Lamp',
			default_code: 'L-1',
			barcode: '123',
			list_price: 9.5,
			categ_id: 1,
		});
		const [variant] = fake.env.search('product.product', [['product_tmpl_id', '=', tmpl]]);
		expect(
			fake.env.read(
				'product.product',
				[variant],
				['name', 'default_code', 'barcode', 'list_price', 'lst_price'],
			)[0],
		).toEqual({
			id: variant,
			name: 'Lamp',
			default_code: 'L-1',
			barcode: '123',
			list_price: 9.5,
			lst_price: 9.5,
		});
		fake.env.write('product.product', [variant], { name: 'Desk Lamp', list_price: 12 });
		fake.env.write('product.template', [tmpl], { default_code: 'L-2' });
		expect(
			fake.env.read(
				'product.template',
				[tmpl],
				['name', 'list_price', 'default_code', 'display_name'],
			)[0],
		).toEqual({
			id: tmpl,
			name: 'Desk Lamp',
			list_price: 12,
			default_code: 'L-2',
			display_name: '[L-2] Desk Lamp',
		});
	});

	test('creating a variant creates its template; deleting the variant deletes the template', () => {
		const [variant] = fake.env.create('product.product', { name: 'Pen', categ_id: 1 });
		const tmpl = (
			fake.env.read('product.product', [variant], ['product_tmpl_id'])[0].product_tmpl_id as [
				number,
				string,
			]
		)[0];
		expect(fake.env.read('product.template', [tmpl], ['name', 'product_variant_count'])[0]).toEqual(
			{ id: tmpl, name: 'Pen', product_variant_count: 1 },
		);
		fake.env.unlink('product.product', [variant]);
		expect(fake.env.search('product.template', [['id', '=', tmpl]], {})).toEqual([]);
	});

	test('archiving a template archives its variant', () => {
		const [tmpl] = fake.env.create('product.template', { name: 'Old' });
		fake.env.write('product.template', [tmpl], { active: false });
		expect(
			fake.env.search('product.product', [
				['product_tmpl_id', '=', tmpl],
				['active', '=', false],
			]).length,
		).toBe(1);
	});
});

describe('other methods', () => {
	test('create with a dict returns an id, with a list returns ids', async () => {
		expect(typeof (await executeKw(fake, 'res.partner', 'create', [{ name: 'One' }])).value).toBe(
			'number',
		);
		expect((await executeKw(fake, 'res.partner', 'create', [[{ name: 'Two' }]])).value).toEqual([
			expect.any(Number),
		]);
	});

	test('fields_get with attributes, name_create, default_get, check_access_rights, context_get', async () => {
		const fields = await executeKw(fake, 'res.partner', 'fields_get', [['name', 'type']], {
			attributes: ['type', 'string'],
		});
		expect(fields.value).toEqual({
			name: { type: 'char', string: 'Name' },
			type: { type: 'selection', string: 'Address Type' },
		});
		const created = (await executeKw(fake, 'res.partner', 'name_create', ['Quick'])).value as [
			number,
			string,
		];
		expect(created[1]).toBe('Quick');
		expect(
			(await executeKw(fake, 'crm.lead', 'default_get', [['type', 'active', 'name']])).value,
		).toEqual({ type: 'lead', active: true });
		expect(
			(
				await executeKw(
					fake,
					'res.users',
					'check_access_rights',
					['create'],
					{ raise_exception: false },
					DEMO,
				)
			).value,
		).toBe(false);
		expect((await executeKw(fake, 'res.users', 'context_get', [])).value).toEqual({
			lang: 'en_US',
			tz: 'Europe/Brussels',
			uid: 2,
		});
	});

	test('read_group counts and sums per group', async () => {
		const reply = await executeKw(
			fake,
			'res.partner',
			'read_group',
			[[T], ['credit_limit'], ['is_company']],
			{ lazy: false },
		);
		const rows = reply.value as Record<string, unknown>[];
		const companies = rows.find((r) => r.is_company === true)!;
		expect(companies).toMatchObject({ __count: 2, credit_limit: new PyFloat(30) });
		const lazy = await executeKw(fake, 'res.partner', 'read_group', [
			[T],
			['credit_limit'],
			['country_id'],
		]);
		expect(
			(lazy.value as Record<string, unknown>[]).find(
				(r) => Array.isArray(r.country_id) && r.country_id[1] === 'Belgium',
			),
		).toMatchObject({
			country_id_count: 1,
		});
	});

	test('message_post creates a mail.message on the record', async () => {
		const reply = await executeKw(fake, 'res.partner', 'message_post', [[ids.acme]], {
			body: 'Hello',
		});
		const [msg] = fake.env.read(
			'mail.message',
			[reply.value as number],
			['model', 'res_id', 'body', 'author_id'],
		);
		expect(msg).toMatchObject({
			model: 'res.partner',
			res_id: ids.acme,
			body: '<p>Hello</p>',
			author_id: [3, 'Mitchell Admin'],
		});
	});

	test('the demo user may read partners but not create users (recorded AccessError, fault 4)', async () => {
		expect((await executeKw(fake, 'res.partner', 'search_count', [[]], {}, DEMO)).value).toEqual(
			expect.any(Number),
		);
		const { fault } = await executeKw(
			fake,
			'res.users',
			'create',
			[{ name: 'x', login: 'x' }],
			{},
			DEMO,
		);
		expect(fault).toEqual({
			faultCode: 4,
			faultString:
				"You are not allowed to create 'User' (res.users) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Access Rights\n\nContact your administrator to request access if necessary.",
		});
	});

	test('registered methods are callable and receive ids, args and kwargs', async () => {
		fake.registerMethod('res.partner', 'action_shout', ({ ids: recs, args, kwargs, env }) => ({
			recs,
			args,
			kwargs,
			n: env.read('res.partner', recs, ['name']).length,
		}));
		const reply = await executeKw(fake, 'res.partner', 'action_shout', [[ids.acme], 'loud'], {
			times: 2,
		});
		expect(reply.value).toEqual({ recs: [ids.acme], args: ['loud'], kwargs: { times: 2 }, n: 1 });
	});
});

describe('load (Odoo import)', () => {
	test('creates by external id, then updates the same record; resolves many2one by /id, /.id and name', async () => {
		const fields = ['id', 'name', 'country_id/id', 'parent_id/.id', 'category_id'];
		const rows = [['import.p1', 'Imported', 'base.be', String(ids.acme), 'Vendor']];
		const first = await executeKw(fake, 'res.partner', 'load', [fields, rows]);
		const {
			ids: created,
			messages,
			nextrow,
		} = first.value as { ids: number[]; messages: unknown[]; nextrow: number };
		expect([messages, nextrow, created.length]).toEqual([[], 0, 1]);
		expect(
			fake.env.read('res.partner', created, ['name', 'country_id', 'parent_id', 'category_id'])[0],
		).toEqual({
			id: created[0],
			name: 'Imported',
			country_id: [20, 'Belgium'],
			parent_id: [ids.acme, 'Acme'],
			category_id: [1],
		});
		const second = await executeKw(fake, 'res.partner', 'load', [
			['id', 'name'],
			[['import.p1', 'Imported again']],
		]);
		expect((second.value as { ids: number[] }).ids).toEqual(created);
		expect(fake.env.read('res.partner', created, ['name'])[0].name).toBe('Imported again');
	});

	test('one bad row: ids false, an error message per bad row, nothing imported', async () => {
		const before = fake.env.search('res.partner', []).length;
		const reply = await executeKw(fake, 'res.partner', 'load', [
			['name', 'country_id/id'],
			[
				['Good', 'base.fr'],
				['Bad', 'base.nowhere'],
			],
		]);
		expect(reply.value).toEqual({
			ids: false,
			messages: [
				{
					type: 'error',
					message: "No matching record found for external id 'base.nowhere' in field 'Country'",
					record: 1,
					rows: { from: 1, to: 1 },
				},
			],
			nextrow: 0,
		});
		expect(fake.env.search('res.partner', []).length).toBe(before);
	});
});
