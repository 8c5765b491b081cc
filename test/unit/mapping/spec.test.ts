import {
	MappingSpecError,
	parseMappingSpec,
	parseTables,
	tablesFromRows,
} from '../../../lib/mapping';

const valid = {
	source: 'catalog',
	target: 'odoo',
	model: 'product.template',
	key: ['barcode'],
	fields: [
		{ from: 'title', to: 'name', type: 'direct', required: true },
		{ from: 'ean', to: 'barcode', type: 'direct' },
		{ from: 'price', to: 'list_price', type: 'transform', transform: 'number' },
		{
			from: 'category',
			to: 'categ_id',
			type: 'transform',
			transform: 'lookup',
			table: 'categories',
		},
	],
	tables: { categories: { Electronics: 5 } },
};

function errorOf(spec: unknown, options = {}): string {
	try {
		parseMappingSpec(spec, options);
	} catch (error) {
		expect(error).toBeInstanceOf(MappingSpecError);
		return (error as Error).message;
	}
	throw new Error('expected the spec to be rejected');
}

function withField(index: number, field: Record<string, unknown>) {
	const fields = [...valid.fields];
	fields[index] = field as (typeof fields)[number];
	return { ...valid, fields };
}

describe('mapping spec validation', () => {
	test('accepts the seed-shaped catalog mapping', () => {
		expect(parseMappingSpec(valid).fields).toHaveLength(4);
	});

	test('accepts the mapping as JSON text', () => {
		expect(parseMappingSpec(JSON.stringify(valid)).model).toBe('product.template');
	});

	test.each<[string, unknown, string]>([
		[
			'an unknown transform',
			withField(3, { from: 'price', to: 'list_price', type: 'transform', transform: 'numbr' }),
			'fields[3].transform: unknown transform "numbr"',
		],
		[
			'an unknown type',
			withField(0, { from: 'a', to: 'b', type: 'copy' }),
			'fields[0].type: unknown type "copy" (expected direct, transform, custom, constant, expression)',
		],
		[
			'a transform field without transform',
			withField(2, { from: 'a', to: 'b', type: 'transform' }),
			'fields[2].transform: required for a "transform" field',
		],
		[
			'a direct field without from',
			withField(1, { to: 'barcode', type: 'direct' }),
			'fields[1].from: required for a "direct" field',
		],
		[
			'a constant without value',
			withField(1, { to: 'barcode', type: 'constant' }),
			'fields[1].value: required for a "constant" field',
		],
		[
			'a direct field with a transform',
			withField(1, { from: 'a', to: 'barcode', type: 'direct', transform: 'trim' }),
			'fields[1].transform: a "direct" field takes no transform; use type "transform"',
		],
		[
			'a misspelt parameter',
			withField(3, {
				from: 'c',
				to: 'categ_id',
				type: 'transform',
				transform: 'lookup',
				tabel: 'categories',
			}),
			'fields[3].table: Required\nfields[3].tabel: unknown parameter of transform "lookup"',
		],
		[
			'an unknown table',
			withField(3, {
				from: 'c',
				to: 'categ_id',
				type: 'transform',
				transform: 'lookup',
				table: 'categoris',
			}),
			'fields[3].table: unknown table "categoris" (tables: categories)',
		],
		[
			'a bad parameter value',
			withField(2, {
				from: 'p',
				to: 'list_price',
				type: 'transform',
				transform: 'number',
				decimalSeparator: ';',
			}),
			"fields[2].decimalSeparator: Invalid enum value. Expected '.' | ',', received ';'",
		],
		[
			'an unknown time zone',
			withField(2, {
				from: 'd',
				to: 'list_price',
				type: 'transform',
				transform: 'datetime',
				inputZone: 'Europe/Madird',
			}),
			'fields[2].inputZone: unknown time zone "Europe/Madird"',
		],
		[
			'a bad transform in a chain',
			withField(3, {
				from: 'c',
				to: 'categ_id',
				type: 'transform',
				transform: 'trim',
				then: { transform: 'lookp' },
			}),
			'fields[3].then.transform: unknown transform "lookp"',
		],
		[
			'a network transform before the end of a chain',
			withField(3, {
				from: 'c',
				to: 'categ_id',
				type: 'transform',
				transform: 'many2one',
				model: 'product.category',
				then: { transform: 'trim' },
			}),
			'fields[3].then: "many2one" must be the last transform of a chain',
		],
		[
			'a list of paths without a transform that reads it',
			withField(0, { from: ['a', 'b'], to: 'name', type: 'direct' }),
			'fields[0].from: a list of paths needs a transform that reads several values, such as joinName',
		],
		[
			'splitName writing one path',
			withField(0, { from: 'a', to: 'name', type: 'transform', transform: 'splitName' }),
			'fields[0].transform: "splitName" must come last and write a list of paths in "to"',
		],
		[
			'a path reaching the prototype',
			withField(0, { from: '__proto__.polluted', to: 'name', type: 'direct' }),
			'fields[0].from: "__proto__.polluted" uses the reserved name "__proto__"',
		],
		[
			'a broken expression',
			withField(0, { to: 'name', type: 'expression', expression: '{{first_name} {{last_name}}' }),
			'fields[0].expression: "{{first_name} {{last_name}}" has an unclosed {{ placeholder',
		],
		[
			'a custom field without x_',
			withField(3, { from: 'brand', to: 'brand', type: 'custom' }),
			'fields[3].to: custom fields are Odoo "x_" fields; "brand" does not start with x_',
		],
		[
			'a key that no field writes',
			{ ...valid, key: ['default_code'] },
			'key[0]: "default_code" is not the target of any active field',
		],
		['an unknown top-level property', { ...valid, feilds: [] }, 'unknown property "feilds"'],
		['no fields', { ...valid, fields: [] }, 'fields: a mapping needs at least one field'],
		['a field without to', withField(0, { from: 'a', type: 'direct' }), 'fields[0].to: Required'],
		[
			'a to that is not a path',
			withField(0, { from: 'a', to: 5, type: 'direct' }),
			'fields[0].to: expected a path or a list of paths',
		],
		[
			'a nested field problem',
			withField(3, {
				from: 'lines',
				to: 'items',
				type: 'transform',
				transform: 'each',
				fields: [{ from: 'qty', to: 'quantity', type: 'transform', transform: 'numbr' }],
			}),
			'fields[3].fields[0].transform: unknown transform "numbr"',
		],
		['invalid JSON', '{"source": ', 'the mapping is not valid JSON: Unexpected end of JSON input'],
	])('rejects %s', (_, spec, message) => {
		expect(errorOf(spec)).toBe(message);
	});

	test('a custom field needs an Odoo side and a model', () => {
		const spec = {
			source: 'catalog',
			target: 'shop',
			fields: [{ from: 'x_brand', to: 'x_brand', type: 'custom' }],
		};
		expect(errorOf(spec)).toBe(
			'fields[0].type: a "custom" field needs "odoo" as the source or the target',
		);
		expect(errorOf({ ...spec, target: 'odoo' })).toBe(
			'model: required when the mapping has custom fields',
		);
	});

	test('lists every problem, each with its path', () => {
		const spec = {
			...valid,
			fields: [
				{ from: 'a', to: 'b', type: 'transform', transform: 'numbr' },
				{ from: 'c', to: 'd', type: 'nope' },
			],
		};
		expect(errorOf({ ...spec, key: [] })).toBe(
			'fields[0].transform: unknown transform "numbr"\nfields[1].type: unknown type "nope" (expected direct, transform, custom, constant, expression)',
		);
	});

	test('exposes the problems as a zod error', () => {
		try {
			parseMappingSpec(
				withField(3, { from: 'p', to: 'list_price', type: 'transform', transform: 'numbr' }),
			);
		} catch (error) {
			expect((error as MappingSpecError).zodError?.issues).toEqual([
				{ code: 'custom', path: ['fields', 3, 'transform'], message: 'unknown transform "numbr"' },
			]);
		}
		expect.assertions(1);
	});

	test('a table given at run time satisfies a lookup', () => {
		const spec = withField(3, {
			from: 'c',
			to: 'categ_id',
			type: 'transform',
			transform: 'lookup',
			table: 'taxes',
		});
		expect(parseMappingSpec(spec, { tables: { taxes: { '21%': 1 } } }).tables).toEqual({
			categories: { Electronics: 5 },
			taxes: { '21%': 1 },
		});
	});
});

describe('tables given outside a spec', () => {
	test('parseTables validates JSON tables and points at the bad entry', () => {
		expect(parseTables('{"categories": {"Electronics": 5}}')).toEqual({
			categories: { Electronics: 5 },
		});
		expect(() => parseTables('{"categories": {"Electronics": [5]}}')).toThrow(
			'tables.categories.Electronics: expected text, a number, true/false or null',
		);
		expect(() => parseTables('{"categories": ')).toThrow(
			'tables: not valid JSON: Unexpected end of JSON input',
		);
	});

	test('tablesFromRows groups rows by table and turns whole numbers into ids', () => {
		expect(
			tablesFromRows([
				{ table: 'categories', key: 'Electronics', value: '5' },
				{ table: 'categories', key: 'Misc', value: '05' },
				{ table: 'states', key: 'Hot', value: 'Proposition' },
			]),
		).toEqual({
			categories: { Electronics: 5, Misc: '05' },
			states: { Hot: 'Proposition' },
		});
	});
});
