import type { INodeProperties } from 'n8n-workflow';
import { odooCredentialDescriptions } from '../../../lib/n8n/odoo';
import { showFor } from './parameters';

/** The operations that read Odoo; only they show the Odoo credential, which may be read-only. */
export const ODOO_OPERATIONS = ['exportOdoo', 'tableTemplate'];

export const odooAuth = odooCredentialDescriptions({ operation: ODOO_OPERATIONS });

export const odooModelProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Odoo Model',
		name: 'model',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'sale.order',
		description: "The model's technical name",
		displayOptions: showFor(operation),
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		default: '',
		placeholder: 'name, partner_id, user_id, amount_total, date_order, state',
		description:
			'Comma-separated Odoo fields, the columns of the Qobra table (`id` always comes first). Empty: every stored field Qobra can hold.',
		displayOptions: showFor(operation),
	},
];
