import { and, Command, or } from '../../../lib/odoo';

const a = ['name', '=', 'A'];
const b = ['ref', '=', 'B'];
const c = ['active', '=', true];

describe('domains', () => {
	test('or puts one | before its operands, in prefix order', () => {
		expect(or([[a], [b], [c]])).toEqual(['|', '|', a, b, c]);
	});

	test("or writes out a multi-leaf operand's implicit &, so it stays one operand", () => {
		expect(or([[a, b], [c]])).toEqual(['|', '&', a, b, c]);
		expect(or([['!', a, b], [c]])).toEqual(['|', '&', '!', a, b, c]);
	});

	test('or keeps operands that are already in prefix form as they are', () => {
		expect(
			or([
				['&', a, b],
				['|', b, c],
			]),
		).toEqual(['|', '&', a, b, '|', b, c]);
	});

	test('and of key leaves, nested in or, is the domain of a batch of composite keys', () => {
		expect(or([and([[a], [b]]), and([[c], [b]])])).toEqual(['|', '&', a, b, '&', c, b]);
	});

	test('one operand comes back unchanged', () => {
		expect(or([[a]])).toEqual([a]);
		expect(and([[a, b]])).toEqual(['&', a, b]);
	});

	test('an empty domain matches everything: and skips it, or then matches everything', () => {
		expect(and([[], [a], []])).toEqual([a]);
		expect(and([])).toEqual([]);
		expect(or([[a], []])).toEqual([]);
	});

	test('or of no domain matches nothing', () => {
		expect(or([])).toEqual([['id', 'in', []]]);
	});
});

describe('x2many commands', () => {
	test('set replaces the relation: (6, 0, ids)', () => {
		expect([Command.set([3, 5])]).toEqual([[6, 0, [3, 5]]]);
		expect([Command.set([])]).toEqual([[6, 0, []]]);
	});

	test('link adds one record: (4, id)', () => {
		expect([3, 5].map(Command.link)).toEqual([
			[4, 3],
			[4, 5],
		]);
	});
});
