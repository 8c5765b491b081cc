import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { connectOdoo } from '../../../lib/n8n/odoo';
import { SEVEN_TARGETS_STAGE_TABLE } from '../../../lib/mapping/presets/seventargets';
import {
	applyStatus,
	prepareOdoo,
	SevenTargetsError,
	syncAssistants,
} from '../../../lib/seventargets';
import type { SevenTargetsBatch } from './router';

const show = (operation: string) => ({ show: { resource: ['odooSetup'], operation: [operation] } });

export const description: INodeProperties[] = [
	{
		displayName: 'State → Stage Table',
		name: 'stageTable',
		type: 'json',
		default: JSON.stringify(SEVEN_TARGETS_STAGE_TABLE, null, 2),
		description:
			'Each 7Targets state and the Odoo stage (by name) a lead moves to in it. Stages that already have states keep them.',
		displayOptions: show('prepare'),
	},
	{
		displayName: 'Lead Email',
		name: 'email',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.body.email }}',
		description: "The customer's email, which identifies the lead",
		displayOptions: show('statusBack'),
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.body.state }}',
		description: 'The 7Targets state, in any spelling (DeActivated, out of office)',
		displayOptions: show('statusBack'),
	},
];

function readTable(raw: unknown): Record<string, string> {
	const table = typeof raw === 'string' ? JSON.parse(raw) : raw;
	if (!table || typeof table !== 'object' || Array.isArray(table))
		throw new SevenTargetsError(
			'input',
			'State → Stage Table must be a JSON object of state: stage name',
		);
	return table as Record<string, string>;
}

/** Prepare Odoo and Sync Assistants run once per execution (the first item); Status Back per item. */
export async function execute({
	ctx,
	client,
	items,
	operation,
}: SevenTargetsBatch): Promise<ItemOutcome[]> {
	const odoo = await connectOdoo(ctx);
	if (operation === 'statusBack')
		return perItem(
			ctx,
			items,
			async (i) =>
				(await applyStatus(
					odoo,
					String(ctx.getNodeParameter('email', i)),
					String(ctx.getNodeParameter('state', i)),
				)) as unknown as IDataObject[],
		);
	return perItem(ctx, items.slice(0, 1), async (i) => {
		if (operation === 'prepare')
			return (await prepareOdoo(
				odoo,
				readTable(ctx.getNodeParameter('stageTable', i)),
			)) as unknown as IDataObject;
		return (await syncAssistants(odoo, await client!.listAssistants())) as IDataObject[];
	});
}
