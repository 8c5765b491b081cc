import { QobraConverter, tableTemplate } from '../../../lib/qobra';
import type { FieldsInfo } from '../../../lib/odoo';

const FIELDS: FieldsInfo = {
	id: { type: 'integer', string: 'ID' },
	name: { type: 'char', string: 'Order Reference' },
	partner_id: { type: 'many2one', string: 'Customer', relation: 'res.partner' },
	user_id: { type: 'many2one', string: 'Salesperson', relation: 'res.users' },
	amount_total: { type: 'monetary', string: 'Total' },
	currency_id: { type: 'many2one', string: 'Currency', relation: 'res.currency' },
	date_order: { type: 'datetime', string: 'Order Date' },
	validity_date: { type: 'date', string: 'Expiration' },
	state: {
		type: 'selection',
		string: 'Status',
		selection: [
			['draft', 'Quotation'],
			['sale', 'Sales Order'],
		],
	},
	require_signature: { type: 'boolean', string: 'Online signature' },
	order_line: { type: 'one2many', string: 'Order Lines', relation: 'sale.order.line' },
	note: { type: 'html', string: 'Terms' },
	margin: { type: 'float', string: 'Margin', store: false },
};

describe('Qobra table template', () => {
	test('id first, the documented types, many2one as string, users, a currency column beside each amount', () => {
		const t = tableTemplate('sale.order', FIELDS, [
			'name',
			'partner_id',
			'user_id',
			'amount_total',
			'date_order',
			'state',
			'require_signature',
			'order_line',
		]);
		expect(t.columns.map((c) => [c.header, c.qobraType, c.role ?? ''])).toEqual([
			['id', 'number', 'id'],
			['name', 'string', 'name'],
			['user_id', 'user', ''],
			['amount_total', 'amount', ''],
			['amount_total_currency', 'string', 'currency'],
			['date_order', 'date', ''],
			['state', 'picklist', ''],
			['require_signature', 'bool', ''],
			['partner_id', 'string', ''],
		]);
		expect(t.unsupported).toEqual([{ field: 'order_line', odooType: 'one2many' }]);
	});

	test('without field names: the stored fields only', () => {
		const t = tableTemplate('sale.order', FIELDS);
		expect(t.columns.map((c) => c.header)).not.toContain('margin');
		expect(t.unsupported.map((u) => u.field).sort()).toEqual(['note', 'order_line']);
	});

	test('an unknown field is named', () => {
		expect(() => tableTemplate('sale.order', FIELDS, ['nmae'])).toThrow(
			/sale.order has no field "nmae"/,
		);
	});
});

describe('Qobra converter', () => {
	test('converts Odoo values and looks each user up once', async () => {
		const reads: number[][] = [];
		const odoo = {
			read: async (_model: string, ids: number[]) => {
				reads.push(ids);
				return ids.map((id) => ({
					id,
					email: id === 2 ? 'admin@example.com' : false,
					login: 'demo',
				}));
			},
		};
		const names = [
			'name',
			'partner_id',
			'user_id',
			'amount_total',
			'date_order',
			'validity_date',
			'state',
			'require_signature',
		];
		const c = new QobraConverter(tableTemplate('sale.order', FIELDS, names), FIELDS, odoo);
		// The columns' fields, and the currency field of the monetary one (read once, whatever the columns).
		expect([...c.readFields].sort()).toEqual(['id', ...names, 'currency_id'].sort());
		const record = {
			id: 7,
			name: 'S00007',
			partner_id: [3, 'Deco Addict'],
			user_id: [2, 'Mitchell Admin'],
			amount_total: 1250.5,
			currency_id: [1, 'EUR'],
			date_order: '2024-01-15 09:30:00',
			validity_date: false,
			state: 'sale',
			require_signature: false,
		};
		const rows = await c.convert([
			record,
			{ ...record, id: 8, user_id: [6, 'Marc Demo'], partner_id: false },
		]);
		expect(rows[0]).toEqual({
			id: 7,
			name: 'S00007',
			partner_id: 'Deco Addict',
			user_id: 'admin@example.com',
			amount_total: 1250.5,
			amount_total_currency: 'EUR',
			date_order: '2024-01-15T09:30:00Z',
			validity_date: null,
			state: 'Sales Order',
			require_signature: false,
		});
		expect(rows[1]).toMatchObject({ partner_id: null, user_id: null });
		expect(c.usersWithoutEmail).toEqual([{ id: 6, login: 'demo' }]);
		await c.convert([record]);
		expect(reads).toEqual([[2, 6]]);
	});
});
