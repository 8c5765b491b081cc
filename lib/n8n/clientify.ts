import type { IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { ClientifyClient, type ApiVersion } from '../clientify';
import { n8nRequest } from '../http';

type ClientifyContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

/** The credential type of the Clientify nodes. */
export const CLIENTIFY_CREDENTIAL = 'clientifyApi';

/** A Clientify client for the node's credential, talking through n8n's HTTP helper (proxy and TLS settings apply). */
export async function connectClientify(ctx: ClientifyContext): Promise<ClientifyClient> {
	const credentials = await ctx.getCredentials<{
		apiKey: string;
		apiVersion?: ApiVersion;
		baseUrl?: string;
	}>(CLIENTIFY_CREDENTIAL);
	return new ClientifyClient({
		apiKey: credentials.apiKey,
		version: credentials.apiVersion ?? 'v1',
		baseUrl: credentials.baseUrl || undefined,
		request: n8nRequest(ctx.helpers.httpRequest),
	});
}
