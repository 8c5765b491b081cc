import { MappingConfigError, createMapper, parseMappingSpec } from '../../../lib/mapping';
import { expectMapped, fieldsGetOf, mapField, memoryResolver } from './helpers';

describe('mapper: per-field options', () => {
	test('a missing required value is an item error naming the field; other items still map', async () => {
		const results = await mapField({ from: 'title', to: 'name', type: 'direct', required: true }, [
			{ title: 'Desk' },
			{ title: '  ' },
			{},
		]);
		expect(results.map((r) => r.status)).toEqual(['mapped', 'failed', 'failed']);
		expect(results[1].status === 'failed' && results[1].error.message).toBe(
			'Field "name" is required but "title" is empty',
		);
		expect(results[1].status === 'failed' && results[1].error.field).toBe('name');
	});

	test('a default fills an empty value and is reported as defaulted', async () => {
		const [result] = await mapField({ from: 'weight', to: 'weight', type: 'direct', default: 0 }, [
			{},
		]);
		expect(result).toEqual({
			status: 'mapped',
			values: { weight: 0 },
			meta: { set: [], skipped: [], defaulted: ['weight'] },
		});
	});

	test('empty values are left out so an update never blanks a field', async () => {
		const [result] = await mapField(
			{ from: 'description', to: 'description_sale', type: 'direct' },
			[{ description: '' }],
		);
		expect(result).toEqual({
			status: 'mapped',
			values: {},
			meta: { set: [], skipped: ['description_sale'], defaulted: [] },
		});
	});

	test('fields apply in priority order, so the later one wins a shared target', async () => {
		const spec = parseMappingSpec({
			source: 'a',
			target: 'b',
			fields: [
				{ from: 'nickname', to: 'name', type: 'direct', priority: 20 },
				{ from: 'legal_name', to: 'name', type: 'direct', priority: 10 },
			],
		});
		const [withBoth, legalOnly] = await createMapper(spec).map([
			{ nickname: 'Bob', legal_name: 'Robert' },
			{ legal_name: 'Robert' },
		]);
		expect(expectMapped(withBoth).name).toBe('Bob');
		expect(expectMapped(legalOnly).name).toBe('Robert');
	});

	test('an inactive field is ignored', async () => {
		const [result] = await mapField(
			{ from: 'title', to: 'name', type: 'direct', is_active: false, required: true },
			[{}],
		);
		expect(result).toEqual({
			status: 'mapped',
			values: {},
			meta: { set: [], skipped: [], defaulted: [] },
		});
	});

	test('constants are written as they are, null included', async () => {
		const [result] = await mapField({ to: 'ecommerce', type: 'constant', value: 'Odoo' }, [{}]);
		expect(expectMapped(result)).toEqual({ ecommerce: 'Odoo' });
	});

	test('nested and indexed target paths build objects and arrays without holes', async () => {
		const spec = parseMappingSpec({
			source: 'odoo',
			target: 'clientify',
			fields: [
				{ from: 'street', to: 'addresses[0].street', type: 'direct' },
				{ from: 'phone', to: 'phones[0].phone', type: 'direct' },
				{ from: 'mobile', to: 'phones[1].phone', type: 'direct' },
			],
		});
		const [result] = await createMapper(spec).map([
			{ street: 'Calle Mayor 1', phone: false, mobile: '+34600000000' },
		]);
		expect(expectMapped(result)).toEqual({
			addresses: [{ street: 'Calle Mayor 1' }],
			phones: [{ phone: '+34600000000' }],
		});
	});
});

describe('mapper: Odoo values', () => {
	test('reading from Odoo, false means empty except for boolean fields', async () => {
		const spec = parseMappingSpec({
			source: 'odoo',
			target: 'shop',
			fields: [
				{ from: 'email', to: 'email', type: 'direct', default: null },
				{ from: 'active', to: 'enabled', type: 'transform', transform: 'boolean' },
			],
		});
		const [result] = await createMapper(spec).map([{ email: false, active: false }]);
		expect(expectMapped(result)).toEqual({ email: null, enabled: false });
	});

	test('other sources keep false as a value', async () => {
		const [result] = await mapField({ from: 'flag', to: 'flag', type: 'direct', required: true }, [
			{ flag: false },
		]);
		expect(expectMapped(result)).toEqual({ flag: false });
	});
});

describe('mapper: expressions', () => {
	const expression = (text: string) => ({ to: 'out', type: 'expression', expression: text });

	test('a template joins fields and tidies the spaces of empty ones', async () => {
		const results = await mapField(expression('{{first_name}} {{middle}} {{last_name}}'), [
			{ first_name: 'Ana', last_name: 'Ruiz' },
			{ first_name: 'Ana', middle: 'M.', last_name: 'Ruiz' },
		]);
		expect(results.map((r) => expectMapped(r).out)).toEqual(['Ana Ruiz', 'Ana M. Ruiz']);
	});

	test('a template with only empty placeholders is empty', async () => {
		const [result] = await mapField(
			{ ...expression('{{first_name}} {{last_name}}'), required: true },
			[{}],
		);
		expect(result.status === 'failed' && result.error.message).toBe(
			'Field "out" is required but "{{first_name}} {{last_name}}" is empty',
		);
	});

	test('a path reads nested values and fallbacks take the first non-empty one', async () => {
		const records = [{ address: { city: 'Madrid' } }, { city: 'Paris' }, {}];
		const results = await mapField(expression("address.city || city || 'Unknown'"), records);
		expect(results.map((r) => expectMapped(r).out)).toEqual(['Madrid', 'Paris', 'Unknown']);
	});

	test('a template shows the name of an Odoo many2one', async () => {
		const [result] = await mapField(
			expression('{{name}} ({{country_id}})'),
			[{ name: 'Deco Addict', country_id: [233, 'United States'] }],
			{},
			{ source: 'odoo' },
		);
		expect(expectMapped(result).out).toBe('Deco Addict (United States)');
	});

	test('expressions are data, never code', async () => {
		const [result] = await mapField(expression("{{constructor.constructor('return process')()}}"), [
			{},
		]).catch((e: Error) => [e.message]);
		expect(result).toBe(
			'fields[0].expression: "constructor.constructor(\'return process\')()" uses the reserved name "constructor"',
		);
	});
});

describe('mapper: custom fields', () => {
	const spec = {
		source: 'catalog',
		target: 'odoo',
		model: 'product.template',
		fields: [
			{ from: 'title', to: 'name', type: 'direct' },
			{ from: 'brand_name', to: 'x_brand', type: 'custom' },
			{ from: 'launch', to: 'x_launch_date', type: 'custom', transform: 'date' },
		],
	};

	test('a missing custom field stops the batch with how to create it', async () => {
		const { fieldsGet, calls } = fieldsGetOf({
			'product.template': {
				name: { type: 'char', string: 'Name' },
				x_brand: { type: 'char', string: 'Brand' },
			},
		});
		const mapper = createMapper(parseMappingSpec(spec), { fieldsGet });
		await expect(mapper.map([{ title: 'Desk', brand_name: 'Acme' }])).rejects.toThrow(
			new MappingConfigError(
				'Custom field "x_launch_date" does not exist on product.template. Create it in Settings › Technical › Database Structure › Fields (developer mode) or with Studio: model product.template, field name x_launch_date, type Date.',
			),
		);
		expect(calls).toEqual(['product.template']);
	});

	test('existing custom fields are checked once per mapper, then mapped', async () => {
		const { fieldsGet, calls } = fieldsGetOf({
			'product.template': {
				x_brand: { type: 'char', string: 'Brand' },
				x_launch_date: { type: 'date', string: 'Launch' },
			},
		});
		const mapper = createMapper(parseMappingSpec(spec), { fieldsGet });
		await mapper.map([{ title: 'Desk', brand_name: 'Acme' }]);
		const [result] = await mapper.map([
			{ title: 'Chair', brand_name: 'Acme', launch: '2024-03-01' },
		]);
		expect(expectMapped(result)).toEqual({
			name: 'Chair',
			x_brand: 'Acme',
			x_launch_date: '2024-03-01',
		});
		expect(calls).toEqual(['product.template']);
	});
});

describe('mapper: batches', () => {
	const partners = {
		'res.country': [
			{ id: 68, code: 'ES', name: 'Spain' },
			{ id: 75, code: 'FR', name: 'France' },
		],
		'res.partner.category': [{ id: 4, name: 'VIP' }],
		'res.partner.title': [{ id: 3, name: 'Mister', shortcut: 'Mr.' }],
	};
	const spec = parseMappingSpec({
		source: 'crm',
		target: 'odoo',
		model: 'res.partner',
		fields: [
			{ from: 'name', to: 'name', type: 'direct', required: true },
			{
				from: 'country',
				to: 'country_id',
				type: 'transform',
				transform: 'many2one',
				model: 'res.country',
				keyField: 'code',
			},
			{
				from: 'billing_country',
				to: 'x_unused',
				type: 'transform',
				transform: 'many2one',
				model: 'res.country',
				keyField: 'code',
				is_active: false,
			},
			{
				from: 'tags',
				to: 'category_id',
				type: 'transform',
				transform: 'many2many',
				model: 'res.partner.category',
			},
			{
				from: 'salutation',
				to: 'title',
				type: 'transform',
				transform: 'many2one',
				model: 'res.partner.title',
				keyField: 'shortcut',
			},
		],
	});

	test('many2one and many2many values are resolved with one call per relation for the whole batch', async () => {
		const { resolver, calls } = memoryResolver(partners);
		const records = [
			{ name: 'Ana', country: 'ES', tags: 'VIP', salutation: 'Mr.' },
			{ name: 'Bea', country: 'FR', tags: ['VIP'] },
			{ name: 'Carl', country: 'ES' },
			{ name: 'Dan', country: 'DE' },
		];
		const results = await createMapper(spec, { resolver }).map(records);
		expect(calls).toEqual([
			{ model: 'res.country', keyField: 'code', values: ['DE', 'ES', 'FR'], context: undefined },
			{ model: 'res.partner.category', keyField: 'name', values: ['VIP'], context: undefined },
			{ model: 'res.partner.title', keyField: 'shortcut', values: ['Mr.'], context: undefined },
		]);
		expect(results.slice(0, 3).map(expectMapped)).toEqual([
			{ name: 'Ana', country_id: 68, category_id: [[6, 0, [4]]], title: 3 },
			{ name: 'Bea', country_id: 75, category_id: [[6, 0, [4]]] },
			{ name: 'Carl', country_id: 68 },
		]);
		expect(results[3].status === 'failed' && results[3].error.message).toBe(
			'Field "country_id" (from "country"): no res.country has code "DE"',
		);
	});

	test('a batch with nothing to resolve makes no call', async () => {
		const { resolver, calls } = memoryResolver(partners);
		await createMapper(spec, { resolver }).map([{ name: 'Ana' }]);
		expect(calls).toEqual([]);
	});

	test('a context makes a separate relation request', async () => {
		const { resolver, calls } = memoryResolver(partners);
		const withContext = parseMappingSpec({
			source: 'crm',
			target: 'odoo',
			fields: [
				{
					from: 'country',
					to: 'country_id',
					type: 'transform',
					transform: 'many2one',
					model: 'res.country',
				},
				{
					from: 'country_es',
					to: 'x_country',
					type: 'transform',
					transform: 'many2one',
					model: 'res.country',
					context: { lang: 'es_ES' },
				},
			],
		});
		await createMapper(withContext, { resolver }).map([{ country: 'Spain', country_es: 'España' }]);
		expect(calls.map((c) => c.context)).toEqual([undefined, { lang: 'es_ES' }]);
	});

	test('where drops the records it does not select', async () => {
		const orders = parseMappingSpec({
			source: 'odoo',
			target: 'clientify',
			where: { state: ['sale', 'done'] },
			fields: [{ from: 'name', to: 'order_id', type: 'direct' }],
		});
		const results = await createMapper(orders).map([
			{ name: 'S00001', state: 'draft' },
			{ name: 'S00006', state: 'sale' },
		]);
		expect(results).toEqual([
			{ status: 'filtered', reason: 'state is "draft", not one of "sale", "done"' },
			{
				status: 'mapped',
				values: { order_id: 'S00006' },
				meta: { set: ['order_id'], skipped: [], defaulted: [] },
			},
		]);
	});
});
