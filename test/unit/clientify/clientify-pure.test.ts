import {
	changedFields,
	errorFromResponse,
	normalizeDelivery,
	sameValue,
	secretMatches,
	wantsEvent,
} from '../../../lib/clientify';

describe('Clientify errors', () => {
	test('a 400 names every field and its message', () => {
		const e = errorFromResponse(
			400,
			'{"name":["This field is required."],"price":["A valid number is required."]}',
			'create product',
		);
		expect(e.message).toBe(
			'Clientify rejected create product: name: This field is required.; price: A valid number is required.',
		);
		expect(e.fields).toEqual({
			name: ['This field is required.'],
			price: ['A valid number is required.'],
		});
	});

	test('a 404 about the key is an auth error, another 404 is not found', () => {
		expect(errorFromResponse(404, '{"detail":"Api key not provided."}', 'x').kind).toBe('auth');
		expect(errorFromResponse(404, '{"detail":"Not found."}', 'x').kind).toBe('notFound');
	});

	test('a non-JSON 502 still gives a one-line message', () => {
		const e = errorFromResponse(502, '<html>Bad gateway</html>', 'list contacts');
		expect(e).toMatchObject({
			kind: 'server',
			message: 'Clientify failed on list contacts with HTTP 502',
		});
	});
});

describe('Clientify change detection', () => {
	test('a written email or phone matches the emails/phones list Clientify returns', () => {
		const existing = {
			first_name: 'Ana',
			emails: [{ email: 'a@x.com', type: 1 }],
			phones: [{ phone: '600', type: 1 }],
		};
		expect(changedFields({ first_name: 'Ana', email: 'a@x.com', phone: '600' }, existing)).toEqual(
			{},
		);
		expect(changedFields({ first_name: 'Ana', phone: '700' }, existing)).toEqual({ phone: '700' });
	});

	test('decimals rendered as strings equal numbers; blanks equal null', () => {
		expect(sameValue(10, '10.00')).toBe(true);
		expect(sameValue('', null)).toBe(true);
		expect(sameValue(0, null)).toBe(false);
	});

	test('extra list entries or object keys on the Clientify side are not a change', () => {
		expect(
			sameValue(
				[{ street: 'Main 1' }],
				[{ id: 4, street: 'Main 1', type: 1 }, { street: 'Other' }],
			),
		).toBe(true);
		expect(sameValue([{ street: 'Main 2' }], [{ street: 'Main 1' }])).toBe(false);
	});
});

describe('Clientify webhook deliveries', () => {
	test('the current payload is normalized to event, entity, data, hook', () => {
		const hook = { id: 3, event: 'company.saved', target: 'http://n8n/webhook' };
		expect(normalizeDelivery({ hook, data: { id: 1 } })).toEqual({
			event: 'company.saved',
			entity: 'company',
			data: { id: 1 },
			hook,
		});
	});

	test('the older payload takes the record from its entity key', () => {
		expect(normalizeDelivery({ event: 'contact.saved', contact: { id: 2 } })).toEqual({
			event: 'contact.saved',
			entity: 'contact',
			data: { id: 2 },
			hook: null,
		});
	});

	test('an unknown body is not a delivery', () => {
		expect(normalizeDelivery({ hello: 'world' })).toBeUndefined();
		expect(normalizeDelivery('text')).toBeUndefined();
	});

	test('the secret check accepts only the exact secret', () => {
		expect(secretMatches('abc', 'abc')).toBe(true);
		expect(secretMatches('abc', 'abcd')).toBe(false);
		expect(secretMatches('abc', undefined)).toBe(false);
		expect(secretMatches(undefined, '')).toBe(false);
	});

	test('deletes pass only when included; other entities never do', () => {
		expect(wantsEvent('product.updated', 'product', false)).toBe(true);
		expect(wantsEvent('product.deleted', 'product', false)).toBe(false);
		expect(wantsEvent('product.deleted', 'product', true)).toBe(true);
		expect(wantsEvent('contact.saved', 'product', true)).toBe(false);
	});
});
