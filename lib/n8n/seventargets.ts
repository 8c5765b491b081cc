import type { IExecuteFunctions } from 'n8n-workflow';
import { n8nRequest } from '../http';
import { SevenTargetsClient, sevenTargetsConfig } from '../seventargets';

/** The credential type of the 7Targets node. */
export const SEVEN_TARGETS_CREDENTIAL = 'sevenTargetsApi';

/**
 * A 7Targets client for the node's credential, talking through n8n's HTTP helper. Its token
 * comes from the process-wide cache: one token for every item of a run and the runs after it.
 */
export async function connectSevenTargets(ctx: IExecuteFunctions): Promise<SevenTargetsClient> {
	const credentials = await ctx.getCredentials(SEVEN_TARGETS_CREDENTIAL);
	return new SevenTargetsClient(
		sevenTargetsConfig(credentials),
		n8nRequest(ctx.helpers.httpRequest),
	);
}
