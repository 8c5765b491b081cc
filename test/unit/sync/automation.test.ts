import { DeliveryWindow, deliveryUrl, parseDelivery, pythonLiteral } from '../../../lib/sync';
import recorded from '../../fixtures/odoo/odoo19/webhook/res.partner-deliveries.json';

describe('instant trigger deliveries', () => {
	test('parses what Odoo 19 POSTed, with the event from the URL and a key of record id and write date', () => {
		const deliveries = recorded.deliveries.map((d) => {
			const event = new URL(d.path, 'http://x').searchParams.get('event');
			return parseDelivery(d.body, event, 'res.partner')!;
		});
		expect(deliveries.map((d) => d.event)).toEqual(['created', 'updated', 'archived', 'deleted']);
		const [created] = deliveries;
		expect(created.values).toEqual({
			id: created.id,
			name: 'Explore <tag>',
			email: 'x@example.com',
			country_id: 21,
			category_id: [],
			active: true,
			create_date: '2026-11-27 21:04:05.965745',
			write_date: '2026-11-27 21:04:05.965745',
		});
		expect(created.key).toBe(`created/${created.id}/2026-11-27 21:04:05.965745`);
		// Archive and delete carry the same write date: the event keeps them apart.
		expect(new Set(deliveries.map((d) => d.key)).size).toBe(4);
	});

	test('ignores a body of another model, without a record id or with an unknown event', () => {
		const body = recorded.deliveries[0].body;
		expect(parseDelivery(body, 'created', 'res.users')).toBeUndefined();
		expect(parseDelivery({ ...body, _id: undefined }, 'created', 'res.partner')).toBeUndefined();
		expect(parseDelivery(body, 'exploded', 'res.partner')).toBeUndefined();
		expect(parseDelivery('[]', 'created', 'res.partner')).toBeUndefined();
	});

	test('the window lets a key through once until it expires, and stays bounded', () => {
		const window = new DeliveryWindow(2);
		expect(window.first('a', 1000, 0)).toBe(true);
		expect(window.first('a', 1000, 999)).toBe(false);
		expect(window.first('a', 1000, 1000)).toBe(true);
		expect(window.first('b', 1000, 1001)).toBe(true);
		expect(window.first('c', 1000, 1002)).toBe(true);
		// 'a' was the oldest of three: dropped to keep two.
		expect(window.first('a', 1000, 1003)).toBe(true);
		expect(window.first('c', 1000, 1004)).toBe(false);
	});
});

describe('instant trigger rules', () => {
	test('a domain becomes the Python literal Odoo stores', () => {
		expect(
			pythonLiteral([
				'|',
				['active', '=', false],
				['name', 'ilike', 'O\'Neil "x"'],
				['x', '=', null],
			]),
		).toBe('["|", ["active", "=", False], ["name", "ilike", "O\'Neil \\"x\\""], ["x", "=", None]]');
		expect(
			pythonLiteral([
				['id', 'in', [1, 2]],
				['a', '=', true],
			]),
		).toBe('[["id", "in", [1, 2]], ["a", "=", True]]');
	});

	test('the secret and the event travel in the query of the URL Odoo calls', () => {
		expect(deliveryUrl('http://n8n/webhook/abc/webhook', 's3', 'updated')).toBe(
			'http://n8n/webhook/abc/webhook?event=updated&secret=s3',
		);
	});
});
