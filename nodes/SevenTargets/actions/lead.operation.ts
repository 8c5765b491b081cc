import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { sevenTargetsState } from '../../../lib/mapping';
import { SevenTargetsError, type SevenTargetsRecord } from '../../../lib/seventargets';
import type { SevenTargetsBatch } from './router';

const forLead = (...operation: string[]) => ({ show: { resource: ['lead'], operation } });
const ALL = ['assign', 'update', 'stopFollowup'];

/** Optional lead fields, sent only when set (7Targets ignores missing fields on update). */
const OPTIONAL: [name: string, displayName: string, description?: string][] = [
	['additionalInformationLine', 'Additional Information Line'],
	['company', 'Company'],
	['context', 'Context', 'What the assistant should know about the lead'],
	['designation', 'Designation', 'Job title'],
	['externalId', 'External ID', 'The Odoo lead ID, so 7Targets can write back to it'],
	['industry', 'Industry'],
	['location', 'Location'],
	['phone', 'Phone'],
	['source', 'Source', 'Default "Website"'],
	['state', 'State', "The lead's 7Targets state, e.g. the one for its Odoo stage"],
];

export const description: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: "The customer's email: it identifies the lead in 7Targets and cannot change",
		displayOptions: forLead(...ALL),
	},
	{
		displayName: 'First Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		displayOptions: forLead('assign'),
	},
	{
		displayName: 'Assistant Email',
		name: 'assistantEmail',
		type: 'string',
		default: '',
		required: true,
		description: 'The 7Targets assistant who will follow the lead up',
		displayOptions: forLead('assign'),
	},
	{
		displayName: 'Sequence',
		name: 'sequence',
		type: 'string',
		default: '',
		description:
			"The sequence's ID or its exact name (case-sensitive); empty for the assistant's default",
		displayOptions: forLead('assign', 'update'),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forLead(...ALL),
		options: [
			...OPTIONAL.map(([name, displayName, description]) => ({
				displayName,
				name,
				type: 'string' as const,
				default: '',
				...(description ? { description } : {}),
			})),
			{
				displayName: 'Assistant Email',
				name: 'assistantEmail',
				type: 'string',
				default: '',
				description: 'Update and stop follow-up: the assistant of the lead',
			},
			{
				displayName: 'CRM',
				name: 'crm',
				type: 'string',
				default: 'ODOO',
				description: 'The CRM 7Targets writes back to',
			},
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'First Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Update and stop follow-up',
			},
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		],
	},
];

/** The request body of item i: set fields only; a numeric sequence is an ID, anything else a name. */
export function leadBody(ctx: IExecuteFunctions, i: number, operation: string): SevenTargetsRecord {
	const param = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: SevenTargetsRecord = { email: param('email') };
	if (!body.email)
		throw new SevenTargetsError('input', 'Email is empty: 7Targets identifies a lead by its email');
	if (operation === 'assign') {
		body.name = param('name');
		body.assistantEmail = param('assistantEmail');
		body.crm = 'ODOO';
	}
	for (const [name, value] of Object.entries(extra))
		if (name !== 'customFields' && value !== '' && value !== null && value !== undefined)
			body[name] = typeof value === 'string' ? value.trim() : value;
	const custom = (extra.customFields as { field?: { name: string; value: string }[] } | undefined)
		?.field;
	if (typeof body.state === 'string') body.state = sevenTargetsState(body.state) ?? body.state;
	if (custom?.length) body.customFields = custom.filter((f) => f.name);
	const sequence = operation === 'stopFollowup' ? '' : param('sequence');
	if (/^\d+$/.test(sequence)) body.scheduleId = Number(sequence);
	else if (sequence) body.scheduleName = sequence;
	return body;
}

export function execute({
	ctx,
	client,
	items,
	operation,
}: SevenTargetsBatch): Promise<ItemOutcome[]> {
	const c = client!;
	const send = { assign: c.assign, update: c.update, stopFollowup: c.stopFollowup }[
		operation as 'assign'
	].bind(c);
	return perItem(
		ctx,
		items,
		async (i) => (await send(leadBody(ctx, i, operation))) as IDataObject,
		4,
	);
}
