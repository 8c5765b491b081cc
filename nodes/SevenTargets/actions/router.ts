import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { atBoundary } from '../../../lib/n8n/errors';
import { outputItems, type ItemOutcome } from '../../../lib/n8n/items';
import { connectSevenTargets } from '../../../lib/n8n/seventargets';
import type { SevenTargetsClient } from '../../../lib/seventargets';
import * as assistant from './assistant.operation';
import * as lead from './lead.operation';
import * as odooSetup from './odooSetup.operation';

export interface SevenTargetsBatch {
	ctx: IExecuteFunctions;
	/** Undefined for the Odoo operations that need only the Odoo credential. */
	client: SevenTargetsClient | undefined;
	operation: string;
	items: number[];
}

export const resources = { lead, assistant, odooSetup };

/** One client (one token) for every item; items run a few at a time, each with its own outcome. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as keyof typeof resources;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = resources[resource];
	if (!run) throw new NodeOperationError(this.getNode(), `Resource "${resource}" is not supported`);
	const client =
		resource === 'odooSetup' && operation !== 'syncAssistants'
			? undefined
			: await atBoundary(this, () => connectSevenTargets(this), 0);
	const items = this.getInputData().map((_, i) => i);
	const outcomes = await run.execute({ ctx: this, client, operation, items });
	const all: ItemOutcome[] = items.map((i) => outcomes[i] ?? { json: [] });
	return [outputItems(this, all)];
}
