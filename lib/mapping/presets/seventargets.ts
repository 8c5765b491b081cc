import { normalizeKey } from '../transforms';
import type { Preset } from './types';

/** The 7Targets lead states as the vendor documents them. */
export const SEVEN_TARGETS_STATES = [
	'New',
	'Cold',
	'Hot',
	'Warm',
	'Engaged',
	'Processed',
	'Out of office',
	'Deactivated',
	'Unsubscribed',
	'Responded',
	'Pending',
] as const;

/** The documented spelling of a state written any other way ("DeActivated", "UnSubscribed", "outofoffice"), or undefined. */
export function sevenTargetsState(value: string): string | undefined {
	return SEVEN_TARGETS_STATES.find(
		(s) => normalizeKey(s, 'loose') === normalizeKey(value, 'loose'),
	);
}

/**
 * Seed 000: 7Targets state ⇄ Odoo CRM stage. The table is keyed by state so
 * that every state has a stage; read the other way, the first state listed for
 * a stage wins. Values are the Odoo demo stages: edit them to your pipeline.
 */
export const SEVEN_TARGETS_STAGE_TABLE: Record<string, string> = {
	New: 'New',
	Cold: 'New',
	Pending: 'New',
	Processed: 'New',
	Deactivated: 'New',
	Unsubscribed: 'New',
	Engaged: 'Qualified',
	Warm: 'Qualified',
	Responded: 'Qualified',
	'Out of office': 'Qualified',
	Hot: 'Proposition',
};

export const sevenTargetsPresets: Preset[] = [
	{
		name: 'seventargets-lead',
		label: '7Targets: Odoo lead ⇄ 7Targets lead',
		description:
			'Odoo CRM leads → 7Targets lead body (POST/PUT /leads); reversed, 7Targets leads → Odoo lead values with the stage for their state.',
		spec: {
			source: 'odoo',
			target: '7targets',
			model: 'crm.lead',
			key: ['email'],
			bidirectional: true,
			fields: [
				{ from: 'email_from', to: 'email', type: 'direct', required: true },
				{
					from: 'contact_name',
					to: ['name', 'lastName'],
					type: 'transform',
					transform: 'splitName',
					required: true,
				},
				{
					from: 'user_id',
					to: 'assistantEmail',
					type: 'transform',
					transform: 'lookup',
					table: 'assistants',
					required: true,
					bidirectional: false,
				},
				{ from: 'phone', to: 'phone', type: 'direct' },
				{ from: 'partner_name', to: 'company', type: 'direct' },
				{ from: 'function', to: 'designation', type: 'direct' },
				{ from: 'city', to: 'location', type: 'direct' },
				{ from: 'id', to: 'externalId', type: 'direct', bidirectional: false },
				{ to: 'crm', type: 'constant', value: 'ODOO' },
				{
					from: 'stage_id',
					to: 'state',
					type: 'transform',
					transform: 'many2oneName',
					model: 'crm.stage',
					then: { transform: 'lookup', table: 'states', inverse: true, match: 'loose' },
				},
			],
			tables: {
				states: SEVEN_TARGETS_STAGE_TABLE,
				// Odoo salesperson (user id or name) → the 7Targets assistant's email.
				assistants: { 'Mitchell Admin': 'assistant@example.com' },
			},
		},
	},
];
