import type { Preset } from './types';

/** Seed 001: the Clientify ⇄ Odoo integration tables. Odoo field names are Odoo 14–17's res.partner, product.template and sale.order. */
const address = (prefix = 'addresses[0].') => [
	{ from: 'street', to: `${prefix}street`, type: 'direct' },
	{ from: 'city', to: `${prefix}city`, type: 'direct' },
	{
		from: 'state_id',
		to: `${prefix}state`,
		type: 'transform',
		transform: 'many2oneName',
		model: 'res.country.state',
	},
	{
		from: 'country_id',
		to: `${prefix}country`,
		type: 'transform',
		transform: 'many2oneName',
		model: 'res.country',
	},
	{ from: 'zip', to: `${prefix}postal_code`, type: 'direct' },
];

export const clientifyPresets: Preset[] = [
	{
		name: 'clientify-company',
		label: 'Clientify: Odoo company ⇄ Clientify company',
		description:
			'Odoo company contacts ⇄ Clientify companies, bound by ref ⇄ taxpayer_identification_number.',
		spec: {
			source: 'odoo',
			target: 'clientify',
			model: 'res.partner',
			key: ['taxpayer_identification_number'],
			bidirectional: true,
			where: { is_company: [true] },
			fields: [
				{ from: 'ref', to: 'taxpayer_identification_number', type: 'direct', required: true },
				// display_name is computed in Odoo; going back, business_name feeds name.
				{ from: 'display_name', to: 'name', type: 'direct', bidirectional: false },
				{ from: 'name', to: 'business_name', type: 'direct', required: true },
				{ from: 'phone', to: 'phones[0].phone', type: 'direct' },
				...address(),
			],
		},
	},
	{
		name: 'clientify-contact',
		label: 'Clientify: Odoo contact ⇄ Clientify contact',
		description:
			'Odoo person contacts ⇄ Clientify contacts, bound by email (the Clientify contact key); phone and mobile both go to phones.',
		spec: {
			source: 'odoo',
			target: 'clientify',
			model: 'res.partner',
			key: ['email'],
			bidirectional: true,
			where: { is_company: [false] },
			fields: [
				{ from: 'email', to: 'email', type: 'direct', required: true },
				{
					from: 'name',
					to: ['first_name', 'last_name'],
					type: 'transform',
					transform: 'splitName',
					required: true,
				},
				{ from: 'ref', to: 'taxpayer_identification_number', type: 'direct' },
				{ from: 'phone', to: 'phones[0].phone', type: 'direct' },
				{ from: 'mobile', to: 'phones[1].phone', type: 'direct' },
				{
					from: 'parent_id',
					to: 'company',
					type: 'transform',
					transform: 'many2oneName',
					bidirectional: false,
				},
				// "tipo de cliente: Cliente actual": contacts synced from Odoo are current clients.
				{ to: 'status', type: 'constant', value: 'client' },
				...address(),
			],
		},
	},
	{
		name: 'clientify-product',
		label: 'Clientify: Odoo product ⇄ Clientify product',
		description:
			'Odoo products ⇄ Clientify products, bound by Odoo default_code (Internal Reference) ⇄ sku.',
		spec: {
			source: 'odoo',
			target: 'clientify',
			model: 'product.template',
			key: ['sku'],
			bidirectional: true,
			fields: [
				{ from: 'default_code', to: 'sku', type: 'direct', required: true },
				{ from: 'name', to: 'name', type: 'direct', required: true },
				{
					from: 'list_price',
					to: 'price',
					type: 'transform',
					transform: 'money',
					currencyFrom: 'currency_id',
				},
			],
		},
	},
	{
		name: 'clientify-order',
		label: 'Clientify: Odoo sale order → Clientify order',
		description:
			'Confirmed Odoo sale orders (state sale or done) → Clientify orders with their lines as items. Put the line records (with the product barcode) in order_line first.',
		spec: {
			source: 'odoo',
			target: 'clientify',
			model: 'sale.order',
			key: ['order_id'],
			where: { state: ['sale', 'done'] },
			fields: [
				{ from: 'name', to: 'order_id', type: 'direct', required: true },
				{
					from: 'date_order',
					to: 'order_date',
					type: 'transform',
					transform: 'datetime',
					inputFormat: 'odoo',
					outputFormat: 'iso',
				},
				{ to: 'status', type: 'constant', value: 'confirmed' },
				{ to: 'ecommerce', type: 'constant', value: 'Odoo' },
				{ from: 'currency_id', to: 'currency', type: 'transform', transform: 'many2oneName' },
				{ from: 'partner_id', to: 'contact', type: 'transform', transform: 'many2oneName' },
				{
					from: 'order_line',
					to: 'items',
					type: 'transform',
					transform: 'each',
					fields: [
						{ from: 'name', to: 'name', type: 'direct', required: true },
						{ to: 'sku', type: 'expression', expression: 'barcode || product_barcode' },
						{
							from: 'price_unit',
							to: 'price',
							type: 'transform',
							transform: 'money',
							currencyFrom: 'currency_id',
						},
						{ from: 'qty_to_deliver', to: 'quantity', type: 'transform', transform: 'number' },
					],
				},
			],
		},
	},
];
