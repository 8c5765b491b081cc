import type { Preset } from './types';

/**
 * Seed 004 and the OCA Salesforce connector's mapping. Salesforce is the
 * master except for Product2, which goes either way (choose one direction and
 * keep it). Salesforce records are bound to Odoo by their 18-character Id,
 * kept in `ref` (partners) and `client_order_ref` (orders).
 */
const address = (prefix: string) => [
	{ from: `${prefix}Street`, to: 'street', type: 'direct' },
	{ from: `${prefix}PostalCode`, to: 'zip', type: 'direct' },
	{ from: `${prefix}City`, to: 'city', type: 'direct' },
	{
		from: `${prefix}State`,
		to: 'state_id',
		type: 'transform',
		transform: 'many2one',
		model: 'res.country.state',
	},
	{
		from: `${prefix}Country`,
		to: 'country_id',
		type: 'transform',
		transform: 'many2one',
		model: 'res.country',
	},
];

const partnerByAccount = {
	type: 'transform',
	transform: 'many2one',
	model: 'res.partner',
	keyField: 'ref',
};
const productByCode = {
	from: 'ProductCode',
	to: 'product_id',
	type: 'transform',
	transform: 'many2one',
	model: 'product.product',
	keyField: 'default_code',
	required: true,
};
const pricelists = { USD: 1 };

export const salesforcePresets: Preset[] = [
	{
		name: 'salesforce-account',
		label: 'Salesforce: Account → Odoo company',
		description: 'Account → res.partner company with its billing address; bound by Id in ref.',
		spec: {
			source: 'salesforce',
			target: 'odoo',
			model: 'res.partner',
			key: ['ref'],
			fields: [
				{ from: 'Id', to: 'ref', type: 'direct', required: true },
				{ from: 'Name', to: 'name', type: 'direct', required: true },
				{ to: 'is_company', type: 'constant', value: true },
				{ from: 'Phone', to: 'phone', type: 'direct' },
				{ from: 'Website', to: 'website', type: 'direct' },
				...address('Billing'),
			],
		},
	},
	{
		name: 'salesforce-account-shipping',
		label: 'Salesforce: Account shipping address → Odoo delivery contact',
		description:
			'Account shipping address → a delivery child of the company partner (select accounts with ShippingStreet != null).',
		spec: {
			source: 'salesforce',
			target: 'odoo',
			model: 'res.partner',
			key: ['parent_id', 'type'],
			fields: [
				{ from: 'Id', to: 'parent_id', ...partnerByAccount, required: true },
				{ to: 'type', type: 'constant', value: 'delivery' },
				{ from: 'Name', to: 'name', type: 'direct' },
				...address('Shipping'),
			],
		},
	},
	{
		name: 'salesforce-contact',
		label: 'Salesforce: Contact → Odoo person',
		description:
			'Contact → res.partner person under its Account\'s partner; Title → job position, Salutation → title (by shortcut, e.g. "Mr.").',
		spec: {
			source: 'salesforce',
			target: 'odoo',
			model: 'res.partner',
			key: ['ref'],
			fields: [
				{ from: 'Id', to: 'ref', type: 'direct', required: true },
				{
					from: ['FirstName', 'LastName'],
					to: 'name',
					type: 'transform',
					transform: 'joinName',
					required: true,
				},
				{ to: 'is_company', type: 'constant', value: false },
				{ from: 'AccountId', to: 'parent_id', ...partnerByAccount },
				{ from: 'Email', to: 'email', type: 'direct' },
				{ from: 'Phone', to: 'phone', type: 'direct' },
				{ from: 'MobilePhone', to: 'mobile', type: 'direct' },
				{ from: 'Title', to: 'function', type: 'direct' },
				{
					from: 'Salutation',
					to: 'title',
					type: 'transform',
					transform: 'many2one',
					model: 'res.partner.title',
					keyField: 'shortcut',
				},
				...address('Mailing'),
			],
		},
	},
	{
		name: 'salesforce-product',
		label: 'Salesforce: Product2 ⇄ Odoo product',
		description:
			'Product2 ⇄ product.product bound by ProductCode ⇄ default_code; Family ⇄ product type through the productFamilies table.',
		spec: {
			source: 'salesforce',
			target: 'odoo',
			model: 'product.product',
			key: ['default_code'],
			bidirectional: true,
			fields: [
				{ from: 'ProductCode', to: 'default_code', type: 'direct', required: true },
				{ from: 'Name', to: 'name', type: 'direct', required: true },
				{ from: 'Description', to: 'description_sale', type: 'direct' },
				{ from: 'IsActive', to: 'active', type: 'transform', transform: 'boolean' },
				{
					from: 'Family',
					to: 'type',
					type: 'transform',
					transform: 'lookup',
					table: 'productFamilies',
				},
			],
			// Read right to left (Odoo → Salesforce), the first family of a type wins: service → Services.
			tables: { productFamilies: { Hardware: 'consu', Services: 'service', Software: 'service' } },
		},
	},
	{
		name: 'salesforce-pricebook-entry',
		label: 'Salesforce: PricebookEntry → Odoo pricelist item',
		description:
			'PricebookEntry → a fixed-price item of the pricelist for its currency (pricelists table: ISO code → pricelist id); inactive entries are filtered out: delete their items (pricelist items have no active flag to archive them).',
		spec: {
			source: 'salesforce',
			target: 'odoo',
			model: 'product.pricelist.item',
			key: ['pricelist_id', 'product_id'],
			// Odoo 19's item has no `active`; Odoo 16's is the pricelist's own flag (related, stored): writing it archives the pricelist.
			where: { IsActive: [true] },
			fields: [
				productByCode,
				{
					from: 'CurrencyIsoCode',
					to: 'pricelist_id',
					type: 'transform',
					transform: 'lookup',
					table: 'pricelists',
					default: 1,
				},
				{
					from: 'UnitPrice',
					to: 'fixed_price',
					type: 'transform',
					transform: 'money',
					currencyFrom: 'CurrencyIsoCode',
					required: true,
				},
				{ to: 'applied_on', type: 'constant', value: '0_product_variant' },
				{ to: 'compute_price', type: 'constant', value: 'fixed' },
			],
			tables: { pricelists },
		},
	},
	{
		name: 'salesforce-opportunity',
		label: 'Salesforce: won Opportunity → Odoo sale order',
		description:
			'Won Opportunity → sale.order for its Account; origin = Opportunity name, bound by Id in client_order_ref.',
		spec: {
			source: 'salesforce',
			target: 'odoo',
			model: 'sale.order',
			key: ['client_order_ref'],
			where: { IsWon: [true] },
			fields: [
				{ from: 'Id', to: 'client_order_ref', type: 'direct', required: true },
				{ from: 'Name', to: 'origin', type: 'direct' },
				{ from: 'AccountId', to: 'partner_id', ...partnerByAccount, required: true },
				{
					from: 'CloseDate',
					to: 'date_order',
					type: 'transform',
					transform: 'datetime',
					inputFormat: 'yyyy-MM-dd',
				},
				{
					from: 'CurrencyIsoCode',
					to: 'pricelist_id',
					type: 'transform',
					transform: 'lookup',
					table: 'pricelists',
				},
				{ from: 'Description', to: 'note', type: 'direct' },
			],
			tables: { pricelists },
		},
	},
	{
		name: 'salesforce-opportunity-line',
		label: 'Salesforce: OpportunityLineItem → Odoo sale order line',
		description:
			"OpportunityLineItem → sale.order.line of its opportunity's order; UnitPrice (the sales price) → price_unit, Discount (%) → discount.",
		spec: {
			source: 'salesforce',
			target: 'odoo',
			model: 'sale.order.line',
			key: ['order_id', 'product_id'],
			fields: [
				{
					from: 'OpportunityId',
					to: 'order_id',
					type: 'transform',
					transform: 'many2one',
					model: 'sale.order',
					keyField: 'client_order_ref',
					required: true,
				},
				productByCode,
				{ from: 'Description', to: 'name', type: 'direct' },
				{
					from: 'Quantity',
					to: 'product_uom_qty',
					type: 'transform',
					transform: 'number',
					required: true,
				},
				{
					from: 'UnitPrice',
					to: 'price_unit',
					type: 'transform',
					transform: 'money',
					currencyFrom: 'CurrencyIsoCode',
				},
				{ from: 'Discount', to: 'discount', type: 'transform', transform: 'number' },
			],
		},
	},
];
