import { Lru } from '../../../lib/odoo/sessions';

describe('Lru', () => {
	afterEach(() => jest.restoreAllMocks());
	const at = (ms: number) => jest.spyOn(Date, 'now').mockReturnValue(ms);

	test('forgets an entry once its time is up', () => {
		at(0);
		const lru = new Lru<string>(10, 1000);
		lru.set('a', 'A');
		at(999);
		expect(lru.get('a')).toBe('A');
		at(1000);
		expect(lru.get('a')).toBeUndefined();
		expect(lru.size).toBe(0);
	});

	test('beyond its size, forgets the least recently used entry', () => {
		const lru = new Lru<number>(2, 60_000);
		lru.set('a', 1);
		lru.set('b', 2);
		lru.get('a');
		lru.set('c', 3);
		expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
	});

	test('delete with a value leaves a newer value in place', () => {
		const lru = new Lru<string>(2, 60_000);
		lru.set('k', 'old');
		lru.set('k', 'new');
		lru.delete('k', 'old');
		expect(lru.get('k')).toBe('new');
		lru.delete('k');
		expect(lru.get('k')).toBeUndefined();
	});
});
