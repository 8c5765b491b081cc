import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { n8nRequest } from '../http';
import { ClientOptions, OdooClient, OdooConfig, sharedSessions } from '../odoo';

type OdooContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export function odooConfig(c: ICredentialDataDecryptedObject): OdooConfig {
	return {
		url: String(c.url ?? ''),
		db: String(c.db ?? ''),
		username: String(c.username ?? ''),
		password: String(c.password ?? ''),
		protocol: (c.protocol as OdooConfig['protocol']) ?? 'auto',
		readOnly: c.readOnly === true,
	};
}

/**
 * An Odoo client for the node's credential, talking through n8n's HTTP helper (proxy and TLS settings
 * apply). Executions in one n8n process share the login and field descriptions of a credential.
 */
export async function connectOdoo(ctx: OdooContext, credentialName = 'odooApi', options: ClientOptions = {}): Promise<OdooClient> {
	const credentials = await ctx.getCredentials(credentialName);
	return OdooClient.connect(odooConfig(credentials), { request: n8nRequest(ctx.helpers.httpRequest as never), sessions: sharedSessions, ...options });
}
