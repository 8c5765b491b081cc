import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeCredentialDescription,
	INodeProperties,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { n8nRequest } from '../http';
import { ClientOptions, OdooClient, OdooConfig, sharedSessions } from '../odoo';

type OdooContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

/** The pack's credential type. Not `odooApi`: n8n's built-in Odoo node owns that name, and n8n keys types by bare name. */
export const ODOO_CREDENTIAL = 'odooSyncApi';
/** n8n's built-in Odoo credential (url, db, username, password), accepted so its users need not enter it twice. */
export const BUILT_IN_ODOO_CREDENTIAL = 'odooApi';

/**
 * The node's credential slots and the selector between them, as n8n nodes offer OAuth vs API key.
 * The built-in credential keeps n8n's own credential test (no `testedBy` here).
 */
export function odooCredentialDescriptions(show: Record<string, Array<string | boolean>> = {}): {
	credentials: INodeCredentialDescription[];
	authentication: INodeProperties;
} {
	const slot = (name: string) => ({ show: { ...show, authentication: [name] } });
	return {
		credentials: [
			{
				name: ODOO_CREDENTIAL,
				required: true,
				testedBy: 'odooSyncApiTest',
				displayOptions: slot(ODOO_CREDENTIAL),
			},
			{
				name: BUILT_IN_ODOO_CREDENTIAL,
				required: true,
				displayOptions: slot(BUILT_IN_ODOO_CREDENTIAL),
			},
		],
		authentication: {
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show },
			options: [
				{
					name: 'Odoo (Sync) API',
					value: ODOO_CREDENTIAL,
					description: 'Protocol choice and read-only mode',
				},
				{
					name: "Odoo API (N8n's Built-in Credential)",
					value: BUILT_IN_ODOO_CREDENTIAL,
					description:
						"Reuse the credential of n8n's Odoo node; protocol auto-detected, read-write",
				},
			],
			default: ODOO_CREDENTIAL,
		},
	};
}

/** Either credential type: the built-in one has no protocol or read-only field, so those take their defaults. */
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

/** The credential type the node's Authentication parameter selects (a fixed choice, never an expression). */
export function selectedOdooCredential(ctx: OdooContext): string {
	return ctx.getNode().parameters.authentication === BUILT_IN_ODOO_CREDENTIAL
		? BUILT_IN_ODOO_CREDENTIAL
		: ODOO_CREDENTIAL;
}

/** The credential's patience with an Odoo that does not answer; the built-in credential has none, so the defaults apply. */
export function odooPatience(c: ICredentialDataDecryptedObject): ClientOptions {
	const seconds = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v) * 1000);
	return { retryForMs: seconds(c.retryFor), timeoutMs: seconds(c.timeout) };
}

/** The node's 'Retry For (Seconds)' option, when set: it overrides the credential's. */
export function retryForOption(seconds: unknown): ClientOptions {
	return typeof seconds === 'number' ? { retryForMs: seconds * 1000 } : {};
}

/** The editor's lists (models, fields) should not keep a user waiting a whole restart. */
export const EDITOR_RETRY = { retryForMs: 5000 };

/** Shows that the node is waiting for Odoo: in n8n's log, and as a hint on the node's output. */
function tellWaiting(ctx: OdooContext, message: string): void {
	ctx.logger.warn(`${ctx.getNode().name}: ${message}`);
	if ('addExecutionHints' in ctx) ctx.addExecutionHints({ message, type: 'warning' });
}

/**
 * An Odoo client for the node's credential, talking through n8n's HTTP helper (proxy and TLS settings
 * apply). Executions in one n8n process share the login and field descriptions of a credential.
 */
export async function connectOdoo(
	ctx: OdooContext,
	options: ClientOptions = {},
): Promise<OdooClient> {
	const credentials = await ctx.getCredentials(selectedOdooCredential(ctx));
	return OdooClient.connect(odooConfig(credentials), {
		request: n8nRequest(ctx.helpers.httpRequest),
		sessions: sharedSessions,
		onWait: (message) => tellWaiting(ctx, message),
		...odooPatience(credentials),
		...options,
	});
}

/** The nodes' `methods.credentialTest`: logs in for real, so a wrong URL, database, login or key each gets its own message. */
export const credentialTest = {
	async odooSyncApiTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		try {
			// A wrong URL should be said at once, not after a retry budget.
			const client = await OdooClient.connect(odooConfig(credential.data ?? {}), {
				...odooPatience(credential.data ?? {}),
				retryForMs: 0,
			});
			return {
				status: 'OK',
				message: `Connected to Odoo ${client.version.server_version} (database ${client.db}, ${client.protocol}, uid ${client.uid})`,
			};
		} catch (err) {
			return { status: 'Error', message: (err as Error).message };
		}
	},
};
