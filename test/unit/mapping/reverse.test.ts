import {
	MappingConfigError,
	createMapper,
	parseMappingSpec,
	reverseSpec,
} from '../../../lib/mapping';
import type { MappingSpec } from '../../../lib/mapping';
import { expectMapped, memoryResolver } from './helpers';

const shop: MappingSpec = parseMappingSpec({
	name: 'shop products',
	source: 'shop',
	target: 'odoo',
	model: 'product.template',
	key: ['default_code'],
	bidirectional: true,
	fields: [
		{ from: 'sku', to: 'default_code', type: 'direct', required: true },
		{ from: ['first', 'last'], to: 'x_designer', type: 'custom', transform: 'joinName' },
		{ from: 'price', to: 'list_price', type: 'transform', transform: 'money', currency: 'EUR' },
		{
			from: 'category',
			to: 'categ_id',
			type: 'transform',
			transform: 'lookup',
			table: 'categories',
		},
		{
			from: 'status',
			to: 'sale_ok',
			type: 'transform',
			transform: 'selection',
			map: { on_sale: true, hidden: false },
		},
		{
			from: 'released',
			to: 'x_released',
			type: 'custom',
			transform: 'datetime',
			inputFormat: 'dd/MM/yyyy HH:mm',
			inputZone: 'Europe/Madrid',
		},
		{
			from: 'label',
			to: 'name',
			type: 'transform',
			transform: 'trim',
			then: { transform: 'case', case: 'upper' },
		},
		{
			from: 'family',
			to: 'type',
			type: 'transform',
			transform: 'many2one',
			model: 'product.category',
			keyField: 'code',
		},
		{ to: 'sale_ok_shop', type: 'constant', value: true },
		{ to: 'description', type: 'expression', expression: '{{label}} by {{first}}' },
		{ to: 'weight', type: 'expression', expression: 'dimensions.weight' },
		{ from: 'image', to: 'image_1920', type: 'transform', transform: 'image' },
		{ from: 'internal', to: 'x_note', type: 'custom', bidirectional: false },
		{ from: 'ean', to: 'barcode', type: 'direct', default: '0000' },
	],
	tables: { categories: { Desks: 5, Chairs: 12, Seating: 12 } },
});

describe('reversal', () => {
	const { spec: back, irreversible } = reverseSpec(shop);

	test('names every field it cannot reverse, with the reason', () => {
		expect(irreversible).toEqual([
			{
				field: 'type',
				reason: 'many2one: Odoo reads a many2one as [id, name], so its code cannot be recovered',
			},
			{ field: 'sale_ok_shop', reason: 'a constant has no source value to go back to' },
			{ field: 'description', reason: 'a template or fallback expression cannot be reversed' },
			{ field: 'image_1920', reason: 'image: a downloaded image has no URL to go back to' },
			{ field: 'x_note', reason: 'marked "bidirectional": false' },
		]);
	});

	test('swaps the sides, the key and each field', () => {
		expect(back.source).toBe('odoo');
		expect(back.target).toBe('shop');
		expect(back.key).toEqual(['sku']);
		expect(back.fields.find((f) => f.from === 'weight')).toEqual({
			type: 'direct',
			from: 'weight',
			to: 'dimensions.weight',
		});
		expect(back.fields.find((f) => f.from === 'barcode')).toEqual({
			type: 'direct',
			from: 'barcode',
			to: 'ean',
		});
	});

	test('the reversed spec is itself a valid spec', () => {
		expect(() => parseMappingSpec(back)).not.toThrow();
	});

	test('maps an Odoo record back to the shop shape', async () => {
		const odooRecord = {
			default_code: 'DESK-01',
			x_designer: 'Ana Ruiz',
			list_price: 1299.5,
			categ_id: [12, 'All / Chairs'],
			sale_ok: true,
			x_released: '2024-01-15 08:00:00',
			name: 'OFFICE CHAIR',
			weight: 7.5,
			barcode: false,
		};
		const [result] = await createMapper(back).map([odooRecord]);
		expect(expectMapped(result)).toEqual({
			sku: 'DESK-01',
			first: 'Ana',
			last: 'Ruiz',
			price: 1299.5,
			category: 'Chairs',
			status: 'on_sale',
			released: '15/01/2024 09:00',
			label: 'OFFICE CHAIR',
			dimensions: { weight: 7.5 },
		});
	});

	test('a round trip gives the original record back for the reversible fields', async () => {
		const { resolver } = memoryResolver({ 'product.category': [{ id: 3, code: 'OFF' }] });
		const record = {
			sku: 'DESK-01',
			first: 'Ana',
			last: 'Ruiz',
			price: 1299.5,
			category: 'Desks',
			status: 'hidden',
			released: '15/01/2024 09:00',
			label: 'DESK',
			family: 'OFF',
			dimensions: { weight: 12 },
			ean: '4006381333931',
		};
		const [there] = await createMapper(shop, { resolver }).map([record]);
		const [back_] = await createMapper(back).map([expectMapped(there)]);
		const { family: _family, ...reversible } = record;
		expect(expectMapped(back_)).toEqual(reversible);
	});

	test('reversing twice gives a spec that maps like the original', async () => {
		const twice = reverseSpec(reverseSpec(shop).spec).spec;
		const record = {
			sku: 'A1',
			first: 'Ana',
			price: '10',
			category: 'Chairs',
			status: 'on_sale',
			released: '01/02/2024 10:00',
			label: ' lamp ',
			dimensions: { weight: 1 },
		};
		const [original] = await createMapper({
			...shop,
			fields: shop.fields.filter(
				(f) =>
					!['type', 'sale_ok_shop', 'description', 'image_1920', 'x_note'].includes(f.to as string),
			),
		}).map([record]);
		const [again] = await createMapper(twice).map([record]);
		// Defaults are dropped by reversal, and case reverses to a plain copy (the original case is unknown).
		const { barcode: _defaulted, name, ...comparable } = expectMapped(original);
		const { name: copied, ...again_ } = expectMapped(again);
		expect(again_).toEqual(comparable);
		expect([name, copied]).toEqual(['LAMP', 'lamp']);
	});

	test('a lookup with two keys for one value reverses to the first key', async () => {
		const [result] = await createMapper(back).map([
			{ default_code: 'X', categ_id: [12, 'All / Chairs'] },
		]);
		expect(expectMapped(result).category).toBe('Chairs');
	});

	test('a spec that is not bidirectional cannot be reversed', () => {
		expect(() => reverseSpec({ ...shop, bidirectional: false })).toThrow(
			new MappingConfigError(
				'The mapping "shop products" (shop → odoo) is not bidirectional; set "bidirectional": true to use it in reverse',
			),
		);
	});

	test('nested lists reverse field by field', () => {
		const order = parseMappingSpec({
			source: 'odoo',
			target: 'clientify',
			bidirectional: true,
			fields: [
				{
					from: 'lines',
					to: 'items',
					type: 'transform',
					transform: 'each',
					fields: [
						{ from: 'name', to: 'name', type: 'direct' },
						{ to: 'kind', type: 'constant', value: 'product' },
					],
				},
			],
		});
		const reversed = reverseSpec(order);
		expect(reversed.spec.fields).toEqual([
			{
				type: 'transform',
				from: 'items',
				to: 'lines',
				transform: 'each',
				fields: [{ type: 'direct', from: 'name', to: 'name' }],
			},
		]);
		expect(reversed.irreversible).toEqual([
			{ field: 'items[].kind', reason: 'a constant has no source value to go back to' },
		]);
	});
});
