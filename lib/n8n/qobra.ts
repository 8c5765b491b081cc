import type { IExecuteFunctions } from 'n8n-workflow';
import { n8nRequest } from '../http';
import { QobraClient } from '../qobra';

/** The credential type of the Qobra node. */
export const QOBRA_CREDENTIAL = 'qobraApi';

/** A Qobra client for the node's credential, talking through n8n's HTTP helper (proxy and TLS settings apply). */
export async function connectQobra(ctx: IExecuteFunctions): Promise<QobraClient> {
	const credentials = await ctx.getCredentials<{ apiKey: string; baseUrl?: string }>(
		QOBRA_CREDENTIAL,
	);
	return new QobraClient({
		apiKey: credentials.apiKey,
		baseUrl: credentials.baseUrl || undefined,
		request: n8nRequest(ctx.helpers.httpRequest),
	});
}
