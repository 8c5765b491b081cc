import { FieldsInfo, pageSizeFor } from '../../../lib/odoo';

describe('pageSizeFor', () => {
	test('a few fields: large pages (34k partners with 4 fields in one call), at most 50,000 records', () => {
		expect(pageSizeFor(['name', 'email', 'phone', 'country_id'])).toBe(40_000);
		expect(pageSizeFor(['name'])).toBe(50_000);
		expect(pageSizeFor(Array.from({ length: 40 }, (_, i) => `f${i}`))).toBe(4878);
	});

	test('all fields, many fields or a binary field: 1,000', () => {
		expect(pageSizeFor()).toBe(1000);
		expect(pageSizeFor([])).toBe(1000);
		expect(pageSizeFor(Array.from({ length: 300 }, (_, i) => `f${i}`))).toBe(1000);
		const info = {
			name: { type: 'char', string: 'Name' },
			image_1920: { type: 'binary', string: 'Image' },
		} as FieldsInfo;
		expect(pageSizeFor(['name', 'image_1920'], info)).toBe(1000);
		expect(pageSizeFor(['name'], info)).toBe(50_000);
	});
});
