import {
	PNG_1x1,
	mapOne,
	memoryResolver,
	startFileServer,
	mapField,
	expectMapped,
} from './helpers';

const t = (transform: string, params: Record<string, unknown> = {}) => ({
	from: 'v',
	to: 'out',
	type: 'transform',
	transform,
	...params,
});

describe('number and integer', () => {
	test.each([
		['1.234,56', ',', 1234.56],
		['1234,5', ',', 1234.5],
		['-0,75', ',', -0.75],
		['1 234,56', ',', 1234.56],
		['1,234.56', '.', 1234.56],
		['12', '.', 12],
		[3.5, '.', 3.5],
		["1'000.25", '.', 1000.25],
	])('parses %p with decimal separator %p', async (input, decimalSeparator, expected) => {
		expect(await mapOne(t('number', { decimalSeparator }), input)).toBe(expected);
	});

	test('refuses a value read with the wrong decimal separator instead of guessing', async () => {
		expect(await mapOne(t('number', { decimalSeparator: ',' }), '1,234.56')).toBe(
			'ERROR Field "out" (from "v"): "1,234.56" is not a number (decimal separator ",")',
		);
		expect(await mapOne(t('number'), '1,5')).toBe(
			'ERROR Field "out" (from "v"): "1,5" is not a number (decimal separator ".")',
		);
	});

	test('refuses text that is not a number', async () => {
		expect(await mapOne(t('number'), '€12')).toBe(
			'ERROR Field "out" (from "v"): "€12" is not a number (decimal separator ".")',
		);
		expect(await mapOne(t('number'), { a: 1 })).toBe(
			'ERROR Field "out" (from "v"): {"a":1} is not a number',
		);
	});

	test('integer parses whole numbers and refuses fractions', async () => {
		expect(await mapOne(t('integer', { decimalSeparator: ',' }), '1.250')).toBe(1250);
		expect(await mapOne(t('integer'), '12.5')).toBe(
			'ERROR Field "out" (from "v"): "12.5" is not an integer',
		);
	});
});

describe('money', () => {
	test('rounds half up to two decimals by default', async () => {
		expect(await mapOne(t('money'), 1.005)).toBe(1.01);
		expect(await mapOne(t('money'), -2.675)).toBe(-2.68);
	});

	test("rounds to the currency's decimals", async () => {
		expect(await mapOne(t('money', { currency: 'JPY' }), '1234.5')).toBe(1235);
		expect(await mapOne(t('money', { currency: 'KWD' }), 1.23456)).toBe(1.235);
		expect(await mapOne(t('money', { decimals: 1, decimalSeparator: ',' }), '9,95')).toBe(10);
	});

	test('takes the currency from the record, including an Odoo many2one', async () => {
		const [result] = await mapField(
			{
				from: 'amount',
				to: 'out',
				type: 'transform',
				transform: 'money',
				currencyFrom: 'currency_id',
			},
			[{ amount: 99.5, currency_id: [25, 'JPY'] }],
		);
		expect(expectMapped(result).out).toBe(100);
	});

	test('fails on an unparsable amount', async () => {
		expect(await mapOne(t('money'), 'ten')).toBe(
			'ERROR Field "out" (from "v"): "ten" is not a number (decimal separator ".")',
		);
	});
});

describe('boolean, trim and case', () => {
	test.each([
		['yes', true],
		['No', false],
		['1', true],
		[0, false],
		['sí', true],
		[true, true],
		['off', false],
	])('boolean reads %p as %p', async (input, expected) => {
		expect(await mapOne(t('boolean'), input)).toBe(expected);
	});

	test('boolean refuses other words', async () => {
		expect(await mapOne(t('boolean'), 'maybe')).toBe(
			'ERROR Field "out" (from "v"): "maybe" is not a boolean',
		);
	});

	test('trim and case', async () => {
		expect(await mapOne(t('trim'), '  Desk  ')).toBe('Desk');
		expect(await mapOne(t('case', { case: 'upper' }), 'es')).toBe('ES');
		expect(await mapOne(t('case', { case: 'lower' }), 'INFO@EXAMPLE.COM')).toBe('info@example.com');
		expect(await mapOne(t('case', { case: 'title' }), "maría JOSÉ o'neil-smith")).toBe(
			"María José O'Neil-Smith",
		);
		expect(await mapOne(t('case', { case: 'upper' }), { x: 1 })).toBe(
			'ERROR Field "out" (from "v"): {"x":1} is not text',
		);
	});
});

describe('names', () => {
	test('splitName writes first and last name', async () => {
		const [result] = await mapField(
			{ from: 'name', to: ['first_name', 'last_name'], type: 'transform', transform: 'splitName' },
			[{ name: 'Jacques Dunagan' }, { name: 'Cher' }],
		);
		expect(expectMapped(result)).toEqual({ first_name: 'Jacques', last_name: 'Dunagan' });
	});

	test('splitName leaves the last name out for a single word', async () => {
		const [, single] = await mapField(
			{ from: 'name', to: ['first_name', 'last_name'], type: 'transform', transform: 'splitName' },
			[{ name: 'Jacques Dunagan' }, { name: 'Cher' }],
		);
		expect(single).toEqual({
			status: 'mapped',
			values: { first_name: 'Cher' },
			meta: { set: ['first_name'], skipped: ['last_name'], defaulted: [] },
		});
	});

	test('joinName joins the parts that are there', async () => {
		const field = {
			from: ['first_name', 'last_name'],
			to: 'name',
			type: 'transform',
			transform: 'joinName',
		};
		const results = await mapField(field, [
			{ first_name: 'Marie', last_name: 'Durand' },
			{ first_name: ' Helmut ' },
			{},
		]);
		expect(results.map((r) => (r.status === 'mapped' ? r.values.name : r.status))).toEqual([
			'Marie Durand',
			'Helmut',
			undefined,
		]);
	});

	test('splitName refuses a non-text value', async () => {
		const [result] = await mapField(
			{ from: 'name', to: ['a', 'b'], type: 'transform', transform: 'splitName' },
			[{ name: ['x'] }],
		);
		expect(result.status === 'failed' && result.error.message).toBe(
			'Field "a + b" (from "name"): ["x"] is not a name',
		);
	});
});

describe('date and datetime', () => {
	test('ISO datetime with offset → Odoo UTC datetime', async () => {
		expect(await mapOne(t('datetime'), '2024-05-01T10:30:00+02:00')).toBe('2024-05-01 08:30:00');
	});

	test('local datetime in a time zone → Odoo UTC datetime', async () => {
		expect(
			await mapOne(
				t('datetime', { inputFormat: 'dd/MM/yyyy HH:mm', inputZone: 'Europe/Madrid' }),
				'15/01/2024 09:00',
			),
		).toBe('2024-01-15 08:00:00');
	});

	test('Odoo UTC datetime → ISO in a time zone', async () => {
		expect(
			await mapOne(
				t('datetime', { inputFormat: 'odoo', outputFormat: 'iso', outputZone: 'America/New_York' }),
				'2026-10-23 16:09:00',
			),
		).toBe('2026-10-23T12:09:00-04:00');
	});

	test('datetime → epoch milliseconds', async () => {
		expect(
			await mapOne(
				t('datetime', { inputFormat: 'odoo', outputFormat: 'millis' }),
				'1970-01-01 00:00:01',
			),
		).toBe(1000);
	});

	test('date takes the calendar day in its zone', async () => {
		expect(await mapOne(t('date', { zone: 'Europe/Madrid' }), '2024-04-30T23:30:00Z')).toBe(
			'2024-05-01',
		);
		expect(await mapOne(t('date', { inputFormat: 'dd.MM.yyyy' }), '31.12.2023')).toBe('2023-12-31');
		expect(
			await mapOne(t('date', { inputFormat: 'odoo', outputFormat: 'dd/MM/yyyy' }), '2024-02-29'),
		).toBe('29/02/2024');
	});

	test('invalid dates are item errors', async () => {
		expect(await mapOne(t('date', { inputFormat: 'dd/MM/yyyy' }), '31/02/2024')).toBe(
			'ERROR Field "out" (from "v"): "31/02/2024" is not a valid date (format dd/MM/yyyy)',
		);
		expect(await mapOne(t('datetime'), 'yesterday')).toBe(
			'ERROR Field "out" (from "v"): "yesterday" is not a valid datetime (format iso)',
		);
		expect(await mapOne(t('datetime'), true)).toBe(
			'ERROR Field "out" (from "v"): true is not a date',
		);
	});
});

describe('selection and lookup', () => {
	const states = { draft: 'quotation', sale: 'confirmed', done: 'confirmed' };

	test('selection maps values and fails on unknown ones', async () => {
		expect(await mapOne(t('selection', { map: states }), 'sale')).toBe('confirmed');
		expect(await mapOne(t('selection', { map: states }), 'cancel')).toBe(
			'ERROR Field "out" (from "v"): "cancel" is not in the selection map (known: draft, sale, done)',
		);
		expect(await mapOne(t('selection', { map: states, fallback: 'other' }), 'cancel')).toBe(
			'other',
		);
	});

	test('selection inverse takes the first key of a shared value', async () => {
		expect(await mapOne(t('selection', { map: states, inverse: true }), 'confirmed')).toBe('sale');
	});

	const tables = { categories: { Electronics: 5, Clothing: 12, Accessories: 18 } };

	test('lookup maps through a named table', async () => {
		expect(await mapOne(t('lookup', { table: 'categories' }), 'Clothing', {}, { tables })).toBe(12);
		expect(await mapOne(t('lookup', { table: 'categories' }), 'Toys', {}, { tables })).toBe(
			'ERROR Field "out" (from "v"): "Toys" is not in table "categories" (known: Electronics, Clothing, Accessories)',
		);
	});

	test('lookup reads an Odoo many2one by id when reversed', async () => {
		expect(
			await mapOne(
				t('lookup', { table: 'categories', inverse: true }),
				[5, 'All / Saleable / Electronics'],
				{},
				{ tables },
			),
		).toBe('Electronics');
	});

	test('loose matching ignores case and spaces', async () => {
		const stateTables = { states: { Deactivated: 'Lost', 'Out of office': 'Qualified' } };
		expect(
			await mapOne(
				t('lookup', { table: 'states', match: 'loose' }),
				'DeActivated',
				{},
				{ tables: stateTables },
			),
		).toBe('Lost');
		expect(
			await mapOne(
				t('lookup', { table: 'states', match: 'loose' }),
				'OutOfOffice',
				{},
				{ tables: stateTables },
			),
		).toBe('Qualified');
		expect(
			await mapOne(t('lookup', { table: 'states' }), 'DeActivated', {}, { tables: stateTables }),
		).toMatch(/is not in table "states"/);
	});

	test('run-time tables override the spec tables', async () => {
		expect(
			await mapOne(
				t('lookup', { table: 'categories' }),
				'Clothing',
				{ tables: { categories: { Clothing: 99 } } },
				{ tables },
			),
		).toBe(99);
	});

	test('an inverted table gives integer keys back as numbers', async () => {
		expect(
			await mapOne(
				t('lookup', { table: 'ids', inverse: true }),
				'EUR',
				{},
				{ tables: { ids: { '7': 'EUR' } } },
			),
		).toBe(7);
	});
});

describe('many2one and many2many', () => {
	const odoo = {
		'res.country': [
			{ id: 68, code: 'ES', name: 'Spain' },
			{ id: 75, code: 'FR', name: 'France' },
		],
		'res.partner.category': [
			{ id: 1, name: 'Prospects' },
			{ id: 4, name: 'VIP' },
		],
	};

	test('many2one resolves a code to an id', async () => {
		const { resolver, calls } = memoryResolver(odoo);
		expect(
			await mapOne(t('many2one', { model: 'res.country', keyField: 'code' }), 'ES', { resolver }),
		).toBe(68);
		expect(calls).toEqual([
			{ model: 'res.country', keyField: 'code', values: ['ES'], context: undefined },
		]);
	});

	test('many2one names the value it could not resolve', async () => {
		const { resolver } = memoryResolver(odoo);
		expect(
			await mapOne(t('many2one', { model: 'res.country', keyField: 'code' }), 'XX', { resolver }),
		).toBe('ERROR Field "out" (from "v"): no res.country has code "XX"');
	});

	test('many2one passes an Odoo [id, name] through as its id', async () => {
		expect(await mapOne(t('many2one', { model: 'res.country' }), [68, 'Spain'])).toBe(68);
	});

	test('many2one without a resolver is a configuration error', async () => {
		await expect(mapOne(t('many2one', { model: 'res.country' }), 'Spain')).rejects.toThrow(
			'Resolving many2one values (res.country) needs an Odoo connection: add an Odoo credential to the mapper',
		);
	});

	test('many2many replaces by default and links on request', async () => {
		const { resolver } = memoryResolver(odoo);
		expect(
			await mapOne(t('many2many', { model: 'res.partner.category' }), 'VIP, Prospects', {
				resolver,
			}),
		).toEqual([[6, 0, [4, 1]]]);
		expect(
			await mapOne(t('many2many', { model: 'res.partner.category', command: 'link' }), ['VIP'], {
				resolver,
			}),
		).toEqual([[4, 4]]);
	});

	test('many2many lists every value it could not resolve', async () => {
		const { resolver } = memoryResolver(odoo);
		expect(
			await mapOne(
				t('many2many', { model: 'res.partner.category' }),
				'VIP;Gold;Silver',
				{ resolver },
				{},
			),
		).toBe('ERROR Field "out" (from "v"): no res.partner.category has name "VIP;Gold;Silver"');
		expect(
			await mapOne(
				t('many2many', { model: 'res.partner.category', separator: ';' }),
				'VIP;Gold;Silver',
				{ resolver },
			),
		).toBe('ERROR Field "out" (from "v"): no res.partner.category has name "Gold", "Silver"');
	});

	test('many2oneName and many2oneId read Odoo many2one values', async () => {
		expect(await mapOne(t('many2oneName'), [13, 'California (US)'])).toBe('California (US)');
		expect(await mapOne(t('many2oneId'), [13, 'California (US)'])).toBe(13);
		expect(await mapOne(t('many2oneId'), 'California')).toBe(
			'ERROR Field "out" (from "v"): "California" is not a many2one value [id, "name"]',
		);
		expect(await mapOne(t('many2oneName'), 13)).toBe(
			'ERROR Field "out" (from "v"): 13 is not a many2one value [id, "name"]',
		);
	});
});

describe('image', () => {
	let files: Awaited<ReturnType<typeof startFileServer>>;
	beforeAll(async () => {
		files = await startFileServer({
			'/desk.png': { type: 'image/png', body: PNG_1x1 },
			'/untyped': { body: PNG_1x1 },
			'/page.html': { type: 'text/html; charset=utf-8', body: '<html>Not found</html>' },
			'/fake.png': { type: 'image/png', body: 'this is text' },
			'/big.png': { type: 'image/png', body: Buffer.concat([PNG_1x1, Buffer.alloc(4096)]) },
		});
	});
	afterAll(() => files.close());

	test('downloads an image and returns it in base64', async () => {
		expect(
			await mapOne(t('image'), `${files.base}/desk.png`, { fetchBinary: files.fetchBinary }),
		).toBe(PNG_1x1.toString('base64'));
	});

	test('accepts an image without content type by its file signature', async () => {
		expect(
			await mapOne(t('image'), `${files.base}/untyped`, { fetchBinary: files.fetchBinary }),
		).toBe(PNG_1x1.toString('base64'));
	});

	test('refuses a page that is not an image, by content type then by signature', async () => {
		expect(
			await mapOne(t('image'), `${files.base}/page.html`, { fetchBinary: files.fetchBinary }),
		).toBe(
			`ERROR Field "out" (from "v"): ${files.base}/page.html is not an image (content type text/html)`,
		);
		expect(
			await mapOne(t('image'), `${files.base}/fake.png`, { fetchBinary: files.fetchBinary }),
		).toBe(
			`ERROR Field "out" (from "v"): ${files.base}/fake.png is not an image Odoo accepts (unrecognised file signature; PNG, JPEG, GIF, WebP, BMP or TIFF expected)`,
		);
	});

	test('refuses an image over the size cap', async () => {
		expect(
			await mapOne(t('image', { maxBytes: 1024 }), `${files.base}/big.png`, {
				fetchBinary: files.fetchBinary,
			}),
		).toBe(
			`ERROR Field "out" (from "v"): image ${files.base}/big.png is 5 kB, over the 1 kB limit`,
		);
	});

	test('keeps the query string (often a token) out of error messages', async () => {
		const message = await mapOne(t('image'), `${files.base}/missing.png?token=s3cr3t`, {
			fetchBinary: files.fetchBinary,
		});
		expect(message).toBe(
			`ERROR Field "out" (from "v"): image ${files.base}/missing.png could not be downloaded: HTTP 404`,
		);
	});

	test('refuses a value that is not an http URL', async () => {
		expect(await mapOne(t('image'), 'file:///etc/passwd', { fetchBinary: files.fetchBinary })).toBe(
			'ERROR Field "out" (from "v"): "file:///etc/passwd" is not an http(s) URL',
		);
	});

	test('downloads a URL shared by several items once', async () => {
		const before = files.requests.length;
		const results = await mapField(
			t('image'),
			[{ v: `${files.base}/desk.png` }, { v: `${files.base}/desk.png` }],
			{ fetchBinary: files.fetchBinary },
		);
		expect(results.map((r) => r.status)).toEqual(['mapped', 'mapped']);
		expect(files.requests.length - before).toBe(1);
	});
});

describe('phone', () => {
	test.each([
		['612 34 56 78', '34', '+34612345678'],
		['+34 612-34-56-78', '1', '+34612345678'],
		['0034 612 345 678', '33', '+34612345678'],
		['01 42 68 53 00', '33', '+33142685300'],
		['(555) 123-4567', '1', '+15551234567'],
	])('normalizes %p with default country %p', async (input, countryCode, expected) => {
		expect(await mapOne(t('phone', { countryCode }), input)).toBe(expected);
	});

	test('keeps the leading zero when the trunk prefix is empty (Italy)', async () => {
		expect(await mapOne(t('phone', { countryCode: '39', trunkPrefix: '' }), '06 1234 5678')).toBe(
			'+390612345678',
		);
	});

	test('refuses text and numbers of the wrong length', async () => {
		expect(await mapOne(t('phone', { countryCode: '34' }), 'call me')).toBe(
			'ERROR Field "out" (from "v"): "call me" is not a phone number',
		);
		expect(await mapOne(t('phone', { countryCode: '34' }), '123')).toBe(
			'ERROR Field "out" (from "v"): "123" is not a phone number (5 digits)',
		);
	});
});

describe('Odoo false and null', () => {
	test('falseToNull replaces false deep inside values, nullToFalse undoes it', async () => {
		expect(
			await mapOne(t('falseToNull'), { email: false, tags: [false, 'x'], active: true }),
		).toEqual({ email: null, tags: [null, 'x'], active: true });
		expect(await mapOne(t('nullToFalse'), { email: null })).toEqual({ email: false });
	});
});

describe('each', () => {
	test('maps every record of a list', async () => {
		const field = {
			from: 'lines',
			to: 'items',
			type: 'transform',
			transform: 'each',
			fields: [
				{ from: 'name', to: 'name', type: 'direct' },
				{ from: 'qty', to: 'quantity', type: 'transform', transform: 'number' },
			],
		};
		const [result] = await mapField(field, [
			{
				lines: [
					{ name: 'Desk', qty: '2' },
					{ name: 'Chair', qty: 4 },
				],
			},
		]);
		expect(expectMapped(result)).toEqual({
			items: [
				{ name: 'Desk', quantity: 2 },
				{ name: 'Chair', quantity: 4 },
			],
		});
	});

	test('names the nested record and field that failed', async () => {
		const field = {
			from: 'lines',
			to: 'items',
			type: 'transform',
			transform: 'each',
			fields: [{ from: 'qty', to: 'quantity', type: 'transform', transform: 'number' }],
		};
		const [result] = await mapField(field, [{ lines: [{ qty: 1 }, { qty: 'two' }] }]);
		expect(result.status === 'failed' && result.error.message).toBe(
			'Field "items[1].quantity" (from "qty"): "two" is not a number (decimal separator ".")',
		);
	});

	test('explains that x2many ids must be read into records first', async () => {
		const field = {
			from: 'order_line',
			to: 'items',
			type: 'transform',
			transform: 'each',
			fields: [{ from: 'name', to: 'name', type: 'direct' }],
		};
		const [result] = await mapField(field, [{ order_line: [1, 2, 3] }]);
		expect(result.status === 'failed' && result.error.message).toBe(
			'Field "items" (from "order_line"): holds ids or values, not records: read the related records first and put them in the item',
		);
	});
});
