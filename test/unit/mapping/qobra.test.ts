import { QOBRA_TYPES, qobraColumnTypes } from '../../../lib/mapping';
import type { FieldsGetResult } from '../../../lib/mapping';

/** A few fields of the recorded Odoo 16 fields_get of sale.order (odoo-fixtures/odoo16/fields_get/sale.order.json). */
const saleOrder: FieldsGetResult = {
	name: { type: 'char', string: 'Order Reference' },
	amount_total: { type: 'monetary', string: 'Total' },
	currency_rate: { type: 'float', string: 'Currency Rate' },
	state: {
		type: 'selection',
		string: 'Status',
		selection: [
			['draft', 'Quotation'],
			['sale', 'Sales Order'],
		],
	},
	date_order: { type: 'datetime', string: 'Order Date' },
	validity_date: { type: 'date', string: 'Expiration' },
	require_signature: { type: 'boolean', string: 'Online Signature' },
	note: { type: 'html', string: 'Terms and conditions' },
	user_id: { type: 'many2one', string: 'Salesperson', relation: 'res.users' },
	partner_id: { type: 'many2one', string: 'Customer', relation: 'res.partner' },
	order_line: { type: 'one2many', string: 'Order Lines', relation: 'sale.order.line' },
	delivery_count: { type: 'integer', string: 'Delivery Orders' },
	client_order_ref: { type: 'text', string: 'Customer Reference' },
};

test('Qobra types are the documented table', () => {
	expect(QOBRA_TYPES).toEqual({
		float: ['number', 'amount'],
		integer: ['number', 'user'],
		monetary: ['amount'],
		text: ['string'],
		char: ['string', 'user'],
		boolean: ['bool'],
		selection: ['picklist'],
		date: ['date'],
		datetime: ['date'],
		user: ['user'],
	});
});

test('a fields_get result gives each Qobra column its first type and alternatives', () => {
	const { columns, unsupported } = qobraColumnTypes(saleOrder);
	expect(columns.map((c) => [c.field, c.type, c.alternatives])).toEqual([
		['name', 'string', ['user']],
		['amount_total', 'amount', []],
		['currency_rate', 'number', ['amount']],
		['state', 'picklist', []],
		['date_order', 'date', []],
		['validity_date', 'date', []],
		['require_signature', 'bool', []],
		['user_id', 'user', []],
		['delivery_count', 'number', ['user']],
		['client_order_ref', 'string', []],
	]);
	expect(columns.find((c) => c.field === 'user_id')).toEqual({
		field: 'user_id',
		label: 'Salesperson',
		odooType: 'user',
		type: 'user',
		alternatives: [],
	});
	expect(unsupported).toEqual([
		{ field: 'note', odooType: 'html' },
		{ field: 'partner_id', odooType: 'many2one' },
		{ field: 'order_line', odooType: 'one2many' },
	]);
});
