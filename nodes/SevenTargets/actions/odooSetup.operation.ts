import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import { connectOdoo } from '../../../lib/n8n/odoo';
import { SEVEN_TARGETS_STAGE_TABLE } from '../../../lib/mapping/presets/seventargets';
import { prepareOdoo, SevenTargetsError, syncAssistants } from '../../../lib/seventargets';
import type { SevenTargetsBatch } from './router';

export const description: INodeProperties[] = [
	{
		displayName: 'State → Stage Table',
		name: 'stageTable',
		type: 'json',
		default: JSON.stringify(SEVEN_TARGETS_STAGE_TABLE, null, 2),
		description:
			'Each 7Targets state and the Odoo stage (by name) a lead moves to in it. Stages that already have states keep them.',
		displayOptions: { show: { resource: ['odooSetup'], operation: ['prepare'] } },
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

/** Prepare Odoo once per run (it is idempotent); Sync Assistants once per run too. */
export function execute({
	ctx,
	client,
	items,
	operation,
}: SevenTargetsBatch): Promise<ItemOutcome[]> {
	return perItem(ctx, items.slice(0, 1), async (i) => {
		const odoo = await connectOdoo(ctx);
		if (operation === 'prepare')
			return (await prepareOdoo(
				odoo,
				readTable(ctx.getNodeParameter('stageTable', i)),
			)) as unknown as IDataObject;
		return (await syncAssistants(odoo, await client!.listAssistants())) as IDataObject[];
	});
}
