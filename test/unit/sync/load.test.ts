import { FieldInfo, FieldsInfo } from '../../../lib/odoo';
import { importText, MAX_LOAD_BINARY_CHARS, planLoad } from '../../../lib/sync/load';

const field = (type: string, extra: Partial<FieldInfo> = {}): FieldInfo => ({
	type,
	string: type,
	...extra,
});
const selection = field('selection', {
	selection: [
		['contact', 'Contact'],
		['invoice', 'Invoice Address'],
		['INVOICE', 'Upper'],
	],
});

describe('importText: a value as the text the import stores identically', () => {
	// [type, value, text]; undefined text: load cannot express it, the record goes through write.
	const cases: [string, FieldInfo, unknown, string | undefined][] = [
		['boolean true', field('boolean'), true, '1'],
		['boolean false', field('boolean'), false, ''],
		['boolean given as a word', field('boolean'), 'yes', undefined],
		['integer', field('integer'), 42, '42'],
		['integer with a fraction', field('integer'), 4.5, undefined],
		['float', field('float'), 1000.25, '1000.25'],
		['float zero', field('float'), 0, '0'],
		['monetary as a string', field('monetary'), '12.50', undefined],
		['char', field('char'), 'Acme, Inc.\n"quoted"', 'Acme, Inc.\n"quoted"'],
		['char false', field('char'), false, ''],
		['char null', field('char'), null, ''],
		["char '' (write keeps it, the import makes it false)", field('char'), '', undefined],
		['text', field('text'), 'line 1\nline 2', 'line 1\nline 2'],
		['html', field('html'), '<p>Hi</p>', '<p>Hi</p>'],
		['date', field('date'), '2024-02-29', '2024-02-29'],
		['date with a time', field('date'), '2024-02-29 10:00:00', undefined],
		['datetime (UTC)', field('datetime'), '2024-03-31 22:30:00', '2024-03-31 22:30:00'],
		['datetime in ISO form', field('datetime'), '2024-03-31T22:30:00Z', undefined],
		['datetime false', field('datetime'), false, ''],
		['selection key', selection, 'contact', 'contact'],
		[
			'selection key another option matches case-insensitively first',
			selection,
			'INVOICE',
			undefined,
		],
		['selection unknown key', selection, 'nope', undefined],
		['selection empty', selection, '', ''],
		['many2one id (write form)', field('many2one', { relation: 'res.country' }), 21, '21'],
		[
			'many2one [id, name] (read form)',
			field('many2one', { relation: 'res.country' }),
			[21, 'Belgium'],
			'21',
		],
		['many2one false', field('many2one', { relation: 'res.country' }), false, ''],
		['many2many replace command', field('many2many'), [[6, 0, [3, 5]]], '3,5'],
		['many2many ids (read form)', field('many2many'), [3, 5], '3,5'],
		['many2many emptied', field('many2many'), [[6, 0, []]], ''],
		['many2many read empty', field('many2many'), [], ''],
		['many2many link command', field('many2many'), [[4, 3]], undefined],
		[
			'many2many two commands',
			field('many2many'),
			[
				[6, 0, [3]],
				[4, 5],
			],
			undefined,
		],
		['one2many', field('one2many'), [[0, 0, { name: 'x' }]], undefined],
		['binary, small', field('binary'), 'aGVsbG8=', 'aGVsbG8='],
		[
			'binary, too large to repeat in every row',
			field('binary'),
			'A'.repeat(MAX_LOAD_BINARY_CHARS + 1),
			undefined,
		],
		['reference', field('reference'), 'res.partner,7', undefined],
		['unknown field', undefined as unknown as FieldInfo, 'x', undefined],
		['a value not given at all', field('char'), undefined, undefined],
	];
	test.each(cases)('%s', (_name, info, value, text) => {
		expect(importText(info, value)).toBe(text);
	});
});

describe('planLoad', () => {
	const fields: FieldsInfo = {
		name: field('char'),
		color: field('integer'),
		country_id: field('many2one', { relation: 'res.country' }),
		category_id: field('many2many', { relation: 'res.partner.category' }),
		child_ids: field('one2many', { relation: 'res.partner' }),
	};
	const record = (id: number) => ({
		id,
		name: `P${id}`,
		color: id,
		country_id: [21, 'Belgium'],
		category_id: [3],
	});

	test('one row per record keyed by .id, relations by database id, unchanged fields at their current value', () => {
		const plan = planLoad(fields, [
			{ record: record(1), vals: { color: 9 } },
			{ record: record(2), vals: { country_id: 75, category_id: [[6, 0, [3, 4]]] } },
		]);
		expect(plan.fields).toEqual(['.id', 'color', 'country_id/.id', 'category_id/.id']);
		expect(plan.data).toEqual([
			['1', '9', '21', '3'],
			['2', '2', '75', '3,4'],
		]);
		expect(plan).toMatchObject({ rows: [0, 1], writes: [] });
	});

	test('a record with a change load cannot express goes to write, and adds no column', () => {
		const plan = planLoad(fields, [
			{ record: record(1), vals: { color: 9 } },
			{ record: record(2), vals: { name: 'New', child_ids: [[0, 0, { name: 'Kid' }]] } },
		]);
		expect(plan.fields).toEqual(['.id', 'color']);
		expect(plan).toMatchObject({ rows: [0], writes: [1] });
	});

	test('a record whose current value of a column cannot be carried goes to write', () => {
		const plan = planLoad(fields, [
			{ record: record(1), vals: { name: 'New' } },
			{ record: { ...record(2), name: '' }, vals: { color: 9 } },
			{ record: { id: 3, color: 3 }, vals: { color: 10 } },
		]);
		expect(plan.fields).toEqual(['.id', 'name', 'color']);
		expect(plan.data).toEqual([['1', 'New', '1']]);
		// 2 keeps a name of '' (the import would make it false); 3 was read without its name.
		expect(plan.writes).toEqual([1, 2]);
	});
});
