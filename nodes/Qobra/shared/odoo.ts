import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { odooCredentialDescriptions } from '../../../lib/n8n/odoo';
import { QOBRA_CREDENTIAL } from '../../../lib/n8n/qobra';
import { showFor } from './parameters';

/** The operations that read Odoo; only they show the Odoo credential, which may be read-only. */
export const ODOO_OPERATIONS = ['exportOdoo', 'tableTemplate'];

export const odooAuth = odooCredentialDescriptions({ operation: ODOO_OPERATIONS });

/** Qobra's credential always; an Odoo one (the pack's or n8n's built-in) for the operations that read Odoo. */
export const qobraCredentials: INodeCredentialDescription[] = [
	{ name: QOBRA_CREDENTIAL, required: true },
	...odooAuth.credentials,
];

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
			'Comma-separated Odoo fields, the columns of the Qobra table (the ID always comes first). Empty: every stored field Qobra can hold.',
		displayOptions: showFor(operation),
	},
];
