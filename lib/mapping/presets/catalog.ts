import type { Preset } from './types';

/** Seed 003: the product catalog's default field mapping, with its category table and the supplier reference example. */
export const catalogPresets: Preset[] = [
	{
		name: 'catalog-product',
		label: 'Product catalog ⇄ Odoo product',
		description:
			'Catalog products ⇄ Odoo product templates, bound by barcode (EAN). Needs the custom field x_brand on product.template.',
		spec: {
			source: 'catalog',
			target: 'odoo',
			model: 'product.template',
			key: ['barcode'],
			bidirectional: true,
			fields: [
				{ from: 'title', to: 'name', type: 'direct', required: true },
				{ from: 'ean', to: 'barcode', type: 'direct', required: true },
				{ from: 'description', to: 'description_sale', type: 'direct' },
				{ from: 'price', to: 'list_price', type: 'transform', transform: 'number' },
				{ from: 'weight', to: 'weight', type: 'direct' },
				{ from: 'brand_name', to: 'x_brand', type: 'custom' },
				{
					from: 'category',
					to: 'categ_id',
					type: 'transform',
					transform: 'lookup',
					table: 'categories',
				},
				{ from: 'image_url', to: 'image_1920', type: 'transform', transform: 'image' },
				{ from: 'supplier_reference', to: 'default_code', type: 'direct', priority: 10 },
			],
			tables: { categories: { Electronics: 5, Clothing: 12, Accessories: 18 } },
		},
	},
];
