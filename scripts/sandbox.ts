/**
 * The sandbox: the project's fake services on 127.0.0.1, each contributing
 * the n8n credentials that point at it and the `SANDBOX_*` variables that
 * workflows may read as `$env.X`. Add a service by writing one factory and
 * listing it in `startSandbox`.
 */
import { startFakeClientify, type FakeClientify } from '../test/fakes/clientify';
import { ADMIN, startFakeOdoo, type FakeOdoo } from '../test/fakes/odoo';
import { startFakeSalesforce, type FakeSalesforce } from '../test/fakes/salesforce';
import { SALESFORCE_CREDENTIAL } from '../lib/n8n/salesforce';
import { BUILT_IN_ODOO_CREDENTIAL, ODOO_CREDENTIAL } from '../lib/n8n/odoo';
import type { N8nCredential } from './n8n-runtime';

export interface Service<Fake> {
	name: string;
	url: string;
	/** The in-process fake, or undefined when the service is a real system (e.g. ODOO_URL). */
	fake: Fake | undefined;
	credentials: N8nCredential[];
	env: Record<string, string>;
	close(): Promise<void>;
}

export interface SandboxOptions {
	odooVersion?: '16.0' | '19.0';
	odooSeed?: 'demo' | 'empty';
	/** Point the Odoo credential at a real Odoo instead of the fake (see `realOdooFromEnv`). */
	realOdoo?: RealOdoo;
}

export interface Sandbox {
	/** A tag no other sandbox uses (`$env.SANDBOX_RUN` in workflows), for names and refs on a shared real Odoo. */
	run: string;
	odoo: Service<FakeOdoo>;
	clientify: Service<FakeClientify>;
	salesforce: Service<FakeSalesforce>;
	services: Service<unknown>[];
	credentials: N8nCredential[];
	env: Record<string, string>;
	close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const started: Service<unknown>[] = [];
	const start = async <Fake>(service: Promise<Service<Fake>>): Promise<Service<Fake>> => {
		const s = await service;
		started.push(s);
		return s;
	};
	const close = async () => {
		await Promise.all(started.map((s) => s.close()));
	};
	try {
		const odoo = await start(
			options.realOdoo ? realOdooService(options.realOdoo) : fakeOdooService(options),
		);
		const clientify = await start(fakeClientifyService());
		const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
		const salesforce = await start(fakeSalesforceService(run));
		return {
			run,
			odoo,
			clientify,
			salesforce,
			services: started,
			credentials: started.flatMap((s) => s.credentials),
			env: Object.assign({ SANDBOX_RUN: run }, ...started.map((s) => s.env)),
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}

/** Stable ids so re-imports overwrite the credential and templates can be rewired to it. */
export const CREDENTIAL_IDS = {
	odoo: 'sandboxOdooApi01',
	odooBuiltIn: 'sandboxOdooBuilt',
	clientify: 'sandboxClientify',
	salesforce: 'sandboxSalesforc',
} as const;

/** The pack's Odoo credential, and n8n's built-in one with the same login (nodes of the pack accept both). */
function odooCredentials(
	name: string,
	data: { url: string; db: string; username: string; password: string },
): N8nCredential[] {
	return [
		{
			id: CREDENTIAL_IDS.odoo,
			name,
			type: ODOO_CREDENTIAL,
			data: { ...data, protocol: 'auto', readOnly: false },
		},
		{
			id: CREDENTIAL_IDS.odooBuiltIn,
			name: `${name}, n8n built-in type`,
			type: BUILT_IN_ODOO_CREDENTIAL,
			data,
		},
	];
}

/** Odoo 19 accepts only API keys over JSON-2, so the sandbox credential uses the admin's key there. */
async function fakeOdooService(options: SandboxOptions): Promise<Service<FakeOdoo>> {
	const version = options.odooVersion ?? '16.0';
	const fake = await startFakeOdoo({ version, seed: options.odooSeed ?? 'demo' });
	const password = version === '19.0' ? ADMIN.apiKey : ADMIN.password;
	return {
		name: `Odoo ${version} (fake)`,
		url: fake.url,
		fake,
		credentials: odooCredentials('Odoo (sandbox)', {
			url: fake.url,
			db: fake.db,
			username: ADMIN.login,
			password,
		}),
		env: {
			SANDBOX_ODOO_URL: fake.url,
			SANDBOX_ODOO_DB: fake.db,
			SANDBOX_ODOO_USER: ADMIN.login,
			SANDBOX_ODOO_PASSWORD: password,
		},
		close: () => fake.close(),
	};
}

export interface RealOdoo {
	url: string;
	db: string;
	username: string;
	password: string;
}

/** ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD, when all four are set. */
export function realOdooFromEnv(env: NodeJS.ProcessEnv = process.env): RealOdoo | undefined {
	const { ODOO_URL: url, ODOO_DB: db, ODOO_USER: username, ODOO_PASSWORD: password } = env;
	return url && db && username && password ? { url, db, username, password } : undefined;
}

async function realOdooService(odoo: RealOdoo): Promise<Service<FakeOdoo>> {
	return {
		name: 'Odoo (real)',
		url: odoo.url,
		fake: undefined,
		credentials: odooCredentials(`Odoo (${new URL(odoo.url).host})`, odoo),
		env: {
			SANDBOX_ODOO_URL: odoo.url,
			SANDBOX_ODOO_DB: odoo.db,
			SANDBOX_ODOO_USER: odoo.username,
			SANDBOX_ODOO_PASSWORD: odoo.password,
		},
		close: async () => undefined,
	};
}

async function fakeClientifyService(): Promise<Service<FakeClientify>> {
	const fake = await startFakeClientify({ version: 'v1', sampleOnTestWebhook: true });
	return {
		name: 'Clientify v1 (fake)',
		url: fake.url,
		fake,
		credentials: [
			{
				id: CREDENTIAL_IDS.clientify,
				name: 'Clientify (sandbox)',
				type: 'clientifyApi',
				data: { apiKey: fake.apiKey, apiVersion: fake.version, baseUrl: fake.url },
			},
		],
		env: { SANDBOX_CLIENTIFY_URL: fake.url, SANDBOX_CLIENTIFY_API_KEY: fake.apiKey },
		close: () => fake.close(),
	};
}

/** The org's names, codes and ids carry the run's tag, so what a run lands on a shared Odoo is its own. */
async function fakeSalesforceService(run: string): Promise<Service<FakeSalesforce>> {
	const fake = await startFakeSalesforce({ tag: run });
	return {
		name: 'Salesforce (fake)',
		url: fake.url,
		fake,
		credentials: [
			{
				id: CREDENTIAL_IDS.salesforce,
				name: 'Salesforce (sandbox, client credentials)',
				type: SALESFORCE_CREDENTIAL,
				data: {
					authFlow: 'clientCredentials',
					loginUrl: fake.url,
					clientId: fake.clientId,
					clientSecret: fake.clientSecret,
					apiVersion: '62.0',
				},
			},
		],
		env: { SANDBOX_SALESFORCE_URL: fake.url },
		close: () => fake.close(),
	};
}
