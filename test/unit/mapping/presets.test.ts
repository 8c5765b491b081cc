import {
	PRESETS,
	createMapper,
	presetSpec,
	reverseSpec,
	sevenTargetsState,
} from '../../../lib/mapping';
import type { ItemResult, MapperDeps } from '../../../lib/mapping';
import { PNG_1x1, expectMapped, fieldsGetOf, memoryResolver, startFileServer } from './helpers';

/** Small samples of Odoo 16 demo records (odoo-fixtures/odoo16/demo_data.json), with refs/barcodes added where a sync needs a key. */
const woodCorner = {
	id: 9,
	name: 'Wood Corner',
	display_name: 'Wood Corner',
	is_company: true,
	parent_id: false,
	email: 'bhu.a100@ic.example.com',
	phone: '(623)-853-7197',
	mobile: false,
	street: '1839 Arbor Way',
	city: 'Turlock',
	zip: '95380',
	state_id: [13, 'California (US)'],
	country_id: [233, 'United States'],
	ref: 'B12345678',
};
const willie = {
	id: 16,
	name: 'Willie Burke',
	display_name: 'Wood Corner, Willie Burke',
	is_company: false,
	parent_id: [9, 'Wood Corner'],
	email: 'willie.burke80@example.com',
	phone: '(846)-523-2111',
	mobile: '+1 555 0100',
	street: '1839 Arbor Way',
	street2: false,
	city: 'Turlock',
	zip: '95380',
	state_id: [13, 'California (US)'],
	country_id: [233, 'United States'],
	ref: false,
};
const officeChair = {
	id: 5,
	name: 'Office Chair',
	default_code: 'FURN_7777',
	barcode: false,
	list_price: 70.0,
	currency_id: [2, 'USD'],
	categ_id: [8, 'All / Saleable / Office Furniture'],
};
const order = {
	id: 4,
	name: 'S00004',
	partner_id: [11, 'Gemini Furniture'],
	state: 'sale',
	date_order: '2026-11-23 16:09:42',
	currency_id: [1, 'EUR'],
	order_line: [
		{
			id: 8,
			name: '[FURN_7777] Office Chair',
			barcode: '2100000000017',
			price_unit: 70.0,
			qty_to_deliver: 3.0,
			currency_id: [1, 'EUR'],
		},
		{
			id: 9,
			name: '[FURN_8888] Office Lamp',
			barcode: false,
			price_unit: 40.0,
			qty_to_deliver: 0.0,
			currency_id: [1, 'EUR'],
		},
	],
};
const lead = {
	id: 2,
	name: 'Design Software',
	partner_name: 'The Oil Company',
	contact_name: 'Marc Dufour',
	email_from: 'md@oilcompany.fr',
	phone: '+33 1 25 54 45 69',
	function: false,
	city: false,
	stage_id: [2, 'Qualified'],
	user_id: [2, 'Mitchell Admin'],
};

const odoo = {
	'res.country': [
		{ id: 233, name: 'United States', code: 'US' },
		{ id: 68, name: 'Spain', code: 'ES' },
	],
	'res.country.state': [{ id: 13, name: 'California', code: 'CA' }],
	'res.partner': [{ id: 42, ref: '001Dn00000AbCdEIAZ' }],
	'res.partner.title': [{ id: 3, shortcut: 'Mr.' }],
	'product.product': [{ id: 31, default_code: 'FURN_6666' }],
	'sale.order': [{ id: 77, client_order_ref: '006Dn00000XyZ1AQAZ' }],
	'crm.stage': [
		{ id: 1, name: 'New' },
		{ id: 2, name: 'Qualified' },
		{ id: 3, name: 'Proposition' },
	],
};

async function run(
	name: string,
	records: Record<string, unknown>[],
	deps: MapperDeps = {},
	reversed = false,
): Promise<ItemResult[]> {
	const spec = presetSpec(name);
	return createMapper(reversed ? reverseSpec(spec).spec : spec, deps).map(records);
}

test('every preset is a valid spec', () => {
	expect(PRESETS.map((p) => p.name)).toEqual([
		'clientify-company',
		'clientify-contact',
		'clientify-product',
		'clientify-order',
		'catalog-product',
		'salesforce-account',
		'salesforce-account-shipping',
		'salesforce-contact',
		'salesforce-product',
		'salesforce-pricebook-entry',
		'salesforce-opportunity',
		'salesforce-opportunity-line',
		'seventargets-lead',
	]);
	for (const preset of PRESETS) expect(() => presetSpec(preset.name)).not.toThrow();
});

describe('Clientify presets', () => {
	test('Odoo company → Clientify company', async () => {
		const [result] = await run('clientify-company', [woodCorner]);
		expect(expectMapped(result)).toEqual({
			taxpayer_identification_number: 'B12345678',
			name: 'Wood Corner',
			business_name: 'Wood Corner',
			phones: [{ phone: '(623)-853-7197' }],
			addresses: [
				{
					street: '1839 Arbor Way',
					city: 'Turlock',
					state: 'California (US)',
					country: 'United States',
					postal_code: '95380',
				},
			],
		});
	});

	test("reads many2one as the Odoo node outputs it ({id, name}) as well as Odoo's [id, name]", async () => {
		const asNodeOutput = {
			...woodCorner,
			state_id: { id: 13, name: 'California (US)' },
			country_id: { id: 233, name: 'United States' },
		};
		const [result] = await run('clientify-company', [asNodeOutput]);
		expect(expectMapped(result).addresses).toEqual([
			expect.objectContaining({ state: 'California (US)', country: 'United States' }),
		]);
	});

	test('Odoo company without ref fails on the key field', async () => {
		const [result] = await run('clientify-company', [{ ...woodCorner, ref: false }]);
		expect(result.status === 'failed' && result.error.message).toBe(
			'Field "taxpayer_identification_number" is required but "ref" is empty',
		);
	});

	test('Clientify company → Odoo company values', async () => {
		const { resolver, calls } = memoryResolver(odoo);
		const company = {
			taxpayer_identification_number: 'B12345678',
			name: 'Wood Corner',
			business_name: 'Wood Corner SL',
			phones: [{ phone: '+34 600 000 000', type: 1 }],
			addresses: [{ street: 'Gran Vía 1', city: 'Madrid', country: 'Spain', postal_code: '28013' }],
		};
		const [result] = await run('clientify-company', [company], { resolver }, true);
		expect(expectMapped(result)).toEqual({
			ref: 'B12345678',
			name: 'Wood Corner SL',
			phone: '+34 600 000 000',
			street: 'Gran Vía 1',
			city: 'Madrid',
			country_id: 68,
			zip: '28013',
		});
		expect(calls.map((c) => c.model)).toEqual(['res.country']);
	});

	test('Odoo contact → Clientify contact, with first and last name and both phones', async () => {
		const [result] = await run('clientify-contact', [willie, woodCorner]);
		expect(expectMapped(result)).toEqual({
			email: 'willie.burke80@example.com',
			first_name: 'Willie',
			last_name: 'Burke',
			phones: [{ phone: '(846)-523-2111' }, { phone: '+1 555 0100' }],
			company: 'Wood Corner',
			status: 'client',
			addresses: [
				{
					street: '1839 Arbor Way',
					city: 'Turlock',
					state: 'California (US)',
					country: 'United States',
					postal_code: '95380',
				},
			],
		});
	});

	test('the contact preset leaves companies out', async () => {
		const [, company] = await run('clientify-contact', [willie, woodCorner]);
		expect(company).toEqual({ status: 'filtered', reason: 'is_company is true, not one of false' });
	});

	test('Clientify contact → Odoo contact joins the name back', async () => {
		const [result] = await run(
			'clientify-contact',
			[{ email: 'ana@example.es', first_name: 'Ana', last_name: 'Ruiz', status: 'client' }],
			{},
			true,
		);
		expect(expectMapped(result)).toEqual({ email: 'ana@example.es', name: 'Ana Ruiz' });
	});

	test('product ⇄ Clientify product round trip', async () => {
		const [there] = await run('clientify-product', [officeChair]);
		expect(expectMapped(there)).toEqual({ sku: 'FURN_7777', name: 'Office Chair', price: 70 });
		const [back] = await run(
			'clientify-product',
			[{ sku: 'FURN_7777', name: 'Office Chair', price: '70.00' }],
			{},
			true,
		);
		expect(expectMapped(back)).toEqual({
			default_code: 'FURN_7777',
			name: 'Office Chair',
			list_price: 70,
		});
	});

	test('confirmed sale order → Clientify order with items; drafts are left out', async () => {
		const [confirmed, draft] = await run('clientify-order', [
			order,
			{ ...order, name: 'S00001', state: 'draft' },
		]);
		expect(expectMapped(confirmed)).toEqual({
			order_id: 'S00004',
			order_date: '2026-11-23T16:09:42Z',
			status: 'confirmed',
			ecommerce: 'Odoo',
			currency: 'EUR',
			contact: 'Gemini Furniture',
			items: [
				{ name: '[FURN_7777] Office Chair', sku: '2100000000017', price: 70, quantity: 3 },
				{ name: '[FURN_8888] Office Lamp', price: 40, quantity: 0 },
			],
		});
		expect(draft.status).toBe('filtered');
	});
});

describe('product catalog preset', () => {
	let files: Awaited<ReturnType<typeof startFileServer>>;
	beforeAll(async () => {
		files = await startFileServer({ '/headphones.png': { type: 'image/png', body: PNG_1x1 } });
	});
	afterAll(() => files.close());

	const fields = { x_brand: { type: 'char', string: 'Brand' } };
	const catalogItem = () => ({
		title: 'Wireless Headphones',
		ean: '3700123456789',
		description: 'Over-ear, 30 h battery',
		price: '129.90',
		weight: 0.25,
		brand_name: 'Acme',
		category: 'Electronics',
		image_url: `${files.base}/headphones.png`,
		supplier_reference: 'ACM-WH-01',
	});

	test('catalog product → Odoo product template values', async () => {
		const { fieldsGet } = fieldsGetOf({ 'product.template': fields });
		const [result] = await run('catalog-product', [catalogItem()], {
			fieldsGet,
			fetchBinary: files.fetchBinary,
		});
		expect(expectMapped(result)).toEqual({
			name: 'Wireless Headphones',
			barcode: '3700123456789',
			description_sale: 'Over-ear, 30 h battery',
			list_price: 129.9,
			weight: 0.25,
			x_brand: 'Acme',
			categ_id: 5,
			image_1920: PNG_1x1.toString('base64'),
			default_code: 'ACM-WH-01',
		});
	});

	test('a catalog without the x_brand field in Odoo is told how to create it', async () => {
		const { fieldsGet } = fieldsGetOf({ 'product.template': {} });
		await expect(
			run('catalog-product', [catalogItem()], { fieldsGet, fetchBinary: files.fetchBinary }),
		).rejects.toThrow(
			'Custom field "x_brand" does not exist on product.template. Create it in Settings › Technical › Database Structure › Fields (developer mode) or with Studio: model product.template, field name x_brand, type Char.',
		);
	});

	test('an unknown category is an item error listing the table', async () => {
		const [result] = await run('catalog-product', [
			{ ...catalogItem(), category: 'Toys', image_url: undefined },
		]);
		expect(result.status === 'failed' && result.error.message).toBe(
			'Field "categ_id" (from "category"): "Toys" is not in table "categories" (known: Electronics, Clothing, Accessories)',
		);
	});

	test('Odoo product → catalog item, the image being the one field that cannot go back', async () => {
		const spec = presetSpec('catalog-product');
		const reversed = reverseSpec(spec);
		expect(reversed.irreversible).toEqual([
			{ field: 'image_1920', reason: 'image: a downloaded image has no URL to go back to' },
		]);
		const { fieldsGet, calls } = fieldsGetOf({ 'product.template': fields });
		const record = {
			name: 'Wireless Headphones',
			barcode: '3700123456789',
			description_sale: false,
			list_price: 129.9,
			weight: 0.25,
			x_brand: 'Acme',
			categ_id: [5, 'All / Saleable / Electronics'],
			default_code: 'ACM-WH-01',
		};
		const [result] = await createMapper(reversed.spec, { fieldsGet }).map([record]);
		expect(expectMapped(result)).toEqual({
			title: 'Wireless Headphones',
			ean: '3700123456789',
			price: 129.9,
			weight: 0.25,
			brand_name: 'Acme',
			category: 'Electronics',
			supplier_reference: 'ACM-WH-01',
		});
		expect(calls).toEqual(['product.template']);
	});
});

describe('Salesforce presets', () => {
	const account = {
		Id: '001Dn00000AbCdEIAZ',
		Name: 'Edge Communications',
		Phone: '(512) 757-6000',
		Website: 'http://edgecomm.com',
		BillingStreet: '312 Constitution Place',
		BillingCity: 'Austin',
		BillingState: 'California',
		BillingPostalCode: '78767',
		BillingCountry: 'United States',
		ShippingStreet: '312 Constitution Place',
		ShippingCity: 'Austin',
		ShippingCountry: 'United States',
	};

	test('Account → company partner with its billing address, one search per relation', async () => {
		const { resolver, calls } = memoryResolver(odoo);
		const [result] = await run('salesforce-account', [account], { resolver });
		expect(expectMapped(result)).toEqual({
			ref: '001Dn00000AbCdEIAZ',
			name: 'Edge Communications',
			is_company: true,
			phone: '(512) 757-6000',
			website: 'http://edgecomm.com',
			street: '312 Constitution Place',
			zip: '78767',
			city: 'Austin',
			state_id: 13,
			country_id: 233,
		});
		expect(calls.map((c) => `${c.model}.${c.keyField}`)).toEqual([
			'res.country.state.name',
			'res.country.name',
		]);
	});

	test('Account shipping address → delivery child of the company', async () => {
		const { resolver } = memoryResolver(odoo);
		const [result] = await run('salesforce-account-shipping', [account], { resolver });
		expect(expectMapped(result)).toEqual({
			parent_id: 42,
			type: 'delivery',
			name: 'Edge Communications',
			street: '312 Constitution Place',
			city: 'Austin',
			country_id: 233,
		});
	});

	test('Contact → person under its account, salutation by shortcut', async () => {
		const { resolver } = memoryResolver(odoo);
		const contact = {
			Id: '003Dn00000QwErTYAZ',
			FirstName: 'Helmut',
			LastName: 'Schmidt',
			AccountId: '001Dn00000AbCdEIAZ',
			Email: 'helmut@edge.example.com',
			Phone: null,
			MobilePhone: '+49 151 000000',
			Title: 'CFO',
			Salutation: 'Mr.',
			MailingCity: 'Austin',
		};
		const [result] = await run('salesforce-contact', [contact], { resolver });
		expect(expectMapped(result)).toEqual({
			ref: '003Dn00000QwErTYAZ',
			name: 'Helmut Schmidt',
			is_company: false,
			parent_id: 42,
			email: 'helmut@edge.example.com',
			mobile: '+49 151 000000',
			function: 'CFO',
			title: 3,
			city: 'Austin',
		});
	});

	test('Contact whose account is not in Odoo yet names the missing account', async () => {
		const { resolver } = memoryResolver(odoo);
		const [result] = await run(
			'salesforce-contact',
			[{ Id: '003x', LastName: 'Durand', AccountId: '001Missing' }],
			{ resolver },
		);
		expect(result.status === 'failed' && result.error.message).toBe(
			'Field "parent_id" (from "AccountId"): no res.partner has ref "001Missing"',
		);
	});

	test('Product2 ⇄ product, both ways', async () => {
		const product2 = {
			ProductCode: 'FURN_6666',
			Name: 'Acoustic Bloc Screens',
			Description: null,
			IsActive: true,
			Family: 'Hardware',
		};
		const [there] = await run('salesforce-product', [product2]);
		expect(expectMapped(there)).toEqual({
			default_code: 'FURN_6666',
			name: 'Acoustic Bloc Screens',
			active: true,
			type: 'consu',
		});
		const [back] = await run(
			'salesforce-product',
			[
				{
					default_code: 'FURN_6666',
					name: 'Acoustic Bloc Screens',
					description_sale: false,
					active: false,
					type: 'service',
				},
			],
			{},
			true,
		);
		expect(expectMapped(back)).toEqual({
			ProductCode: 'FURN_6666',
			Name: 'Acoustic Bloc Screens',
			IsActive: false,
			Family: 'Services',
		});
	});

	test('PricebookEntry → fixed-price pricelist item; an inactive entry is filtered out, never written as active', async () => {
		const { resolver } = memoryResolver(odoo);
		const entry = { ProductCode: 'FURN_6666', CurrencyIsoCode: 'USD', UnitPrice: 295.004 };
		const [result, inactive] = await run(
			'salesforce-pricebook-entry',
			[
				{ ...entry, IsActive: true },
				{ ...entry, IsActive: false },
			],
			{ resolver },
		);
		expect(expectMapped(result)).toEqual({
			product_id: 31,
			pricelist_id: 1,
			fixed_price: 295,
			applied_on: '0_product_variant',
			compute_price: 'fixed',
		});
		expect(inactive).toMatchObject({
			status: 'filtered',
			reason: expect.stringContaining('IsActive'),
		});
	});

	test('won Opportunity → sale order; open ones are left out', async () => {
		const { resolver } = memoryResolver(odoo);
		const won = {
			Id: '006Dn00000XyZ1AQAZ',
			Name: 'Opportunity A',
			AccountId: '001Dn00000AbCdEIAZ',
			CloseDate: '2024-05-01',
			IsWon: true,
			CurrencyIsoCode: 'USD',
		};
		const [result, open] = await run('salesforce-opportunity', [won, { ...won, IsWon: false }], {
			resolver,
		});
		expect(expectMapped(result)).toEqual({
			client_order_ref: '006Dn00000XyZ1AQAZ',
			origin: 'Opportunity A',
			partner_id: 42,
			date_order: '2024-05-01 00:00:00',
			pricelist_id: 1,
		});
		expect(open.status).toBe('filtered');
	});

	test('OpportunityLineItem → sale order line (price 99, quantity 5, discount 15%)', async () => {
		const { resolver, calls } = memoryResolver(odoo);
		const line = {
			OpportunityId: '006Dn00000XyZ1AQAZ',
			ProductCode: 'FURN_6666',
			Quantity: 5,
			UnitPrice: 99,
			ListPrice: 295,
			Discount: 15,
			Description: 'Acoustic screens',
		};
		const results = await run('salesforce-opportunity-line', [line, { ...line, Quantity: 1 }], {
			resolver,
		});
		expect(expectMapped(results[0])).toEqual({
			order_id: 77,
			product_id: 31,
			name: 'Acoustic screens',
			product_uom_qty: 5,
			price_unit: 99,
			discount: 15,
		});
		expect(calls).toHaveLength(2);
	});
});

describe('7Targets preset', () => {
	test('Odoo lead → 7Targets lead body', async () => {
		const [result] = await run('seventargets-lead', [lead]);
		expect(expectMapped(result)).toEqual({
			email: 'md@oilcompany.fr',
			name: 'Marc',
			lastName: 'Dufour',
			assistantEmail: 'assistant@example.com',
			phone: '+33 1 25 54 45 69',
			company: 'The Oil Company',
			externalId: 2,
			crm: 'ODOO',
			state: 'Engaged',
		});
	});

	test('7Targets lead → Odoo stage, states matched whatever their spelling', async () => {
		const { resolver, calls } = memoryResolver(odoo);
		const leads = ['DeActivated', 'UnSubscribed', 'Out of office', 'outofoffice', 'Hot'].map(
			(state, i) => ({ email: `l${i}@example.com`, name: 'Marc', lastName: 'Dufour', state }),
		);
		const results = await run('seventargets-lead', leads, { resolver }, true);
		expect(results.map((r) => expectMapped(r).stage_id)).toEqual([1, 1, 2, 2, 3]);
		expect(calls).toEqual([
			{
				model: 'crm.stage',
				keyField: 'name',
				values: ['New', 'Proposition', 'Qualified'],
				context: undefined,
			},
		]);
		expect(expectMapped(results[0])).toEqual({
			email_from: 'l0@example.com',
			contact_name: 'Marc Dufour',
			stage_id: 1,
		});
	});

	test('the reversed 7Targets preset names what stays one-way', () => {
		expect(reverseSpec(presetSpec('seventargets-lead')).irreversible.map((i) => i.field)).toEqual([
			'assistantEmail',
			'externalId',
			'crm',
		]);
	});

	test('a lead in a stage with no state is an item error', async () => {
		const [result] = await run('seventargets-lead', [{ ...lead, stage_id: [4, 'Won'] }]);
		expect(result.status === 'failed' && result.error.message).toMatch(
			/^Field "state" \(from "stage_id"\): "Won" is not in table "states" \(reversed\)/,
		);
	});

	test('sevenTargetsState gives the documented spelling', () => {
		expect(
			['DeActivated', 'UnSubscribed', 'out of office', 'HOT', 'Lost'].map(sevenTargetsState),
		).toEqual(['Deactivated', 'Unsubscribed', 'Out of office', 'Hot', undefined]);
	});
});
