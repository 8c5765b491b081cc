/**
 * The sandbox: the project's fake services on 127.0.0.1, each contributing
 * the n8n credentials that point at it and the `SANDBOX_*` variables that
 * workflows may read as `$env.X`. Add a service by writing one factory and
 * listing it in `startSandbox`.
 */
import { execFileSync } from 'node:child_process';
import { startFakeCatalog, type FakeCatalog } from '../test/fakes/catalog';
import { startFakeClientify, type FakeClientify } from '../test/fakes/clientify';
import { ADMIN, startFakeOdoo, type FakeOdoo, type RpcCall } from '../test/fakes/odoo';
import { odooProxy } from '../test/helpers/odoo-backends';
import { startFakeSalesforce, type FakeSalesforce } from '../test/fakes/salesforce';
import { startFakeQobra, type ColumnType, type FakeQobra } from '../test/fakes/qobra';
import {
	credentialFor,
	startFakeSevenTargets,
	type FakeSevenTargets,
} from '../test/fakes/seventargets';
import { BUILT_IN_ODOO_CREDENTIAL, ODOO_CREDENTIAL } from '../lib/n8n/odoo';
import { QOBRA_CREDENTIAL } from '../lib/n8n/qobra';
import { SALESFORCE_CREDENTIAL, SALESFORCE_OAUTH2_CREDENTIAL } from '../lib/n8n/salesforce';
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
	/** Products the fake catalogue starts with (default 0). */
	catalogProducts?: number;
	/** Route the read-only Odoo credential through a proxy that records its RPCs (`odooReadOnlyCalls`). */
	recordReadOnlyOdoo?: boolean;
}

export interface Sandbox {
	/** A tag no other sandbox uses (`$env.SANDBOX_RUN` in workflows), for names and refs on a shared real Odoo. */
	run: string;
	odoo: Service<FakeOdoo>;
	/** Every RPC sent with the read-only Odoo credential, fake or real Odoo alike (with `recordReadOnlyOdoo`). */
	odooReadOnlyCalls: RpcCall[] | undefined;
	clientify: Service<FakeClientify>;
	sevenTargets: Service<FakeSevenTargets>;
	qobra: Service<FakeQobra>;
	salesforce: Service<FakeSalesforce>;

	catalog: Service<FakeCatalog>;
	/** The run's own PostgreSQL database (sync history), or undefined when no PostgreSQL answers. */
	postgres: Service<undefined> | undefined;
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
		const readOnlyProxy = options.recordReadOnlyOdoo ? await odooProxy(odoo.url) : undefined;
		if (readOnlyProxy) {
			started.push({
				...odoo,
				name: `${odoo.name}, read-only credential's call recorder`,
				url: readOnlyProxy.url,
				credentials: [],
				env: {},
				close: readOnlyProxy.close,
			});
			const credential = odoo.credentials.find((c) => c.id === CREDENTIAL_IDS.odooReadOnly)!;
			credential.data = { ...credential.data, url: readOnlyProxy.url };
		}
		const clientify = await start(fakeClientifyService());
		const sevenTargets = await start(fakeSevenTargetsService());
		const qobra = await start(fakeQobraService());
		const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
		const catalog = await start(fakeCatalogService(options.catalogProducts));
		const salesforce = await start(fakeSalesforceService(run));
		const pg = postgresService(run);
		const postgres = pg ? await start(Promise.resolve(pg)) : undefined;
		return {
			run,
			odoo,
			odooReadOnlyCalls: readOnlyProxy?.calls,
			clientify,
			sevenTargets,
			qobra,
			salesforce,

			catalog,
			postgres,
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
	odooReadOnly: 'sandboxOdooRead1',
	clientify: 'sandboxClientify',
	sevenTargets: 'sandbox7Targets1',
	qobra: 'sandboxQobraApi1',
	salesforce: 'sandboxSalesforc',
	salesforceOAuth2: 'sandboxSfOAuth21',

	catalog: 'sandboxCatalog01',
	postgres: 'sandboxPostgres1',
} as const;

/**
 * The pack's Odoo credential, n8n's built-in one with the same login (nodes of the pack accept both), and a
 * read-only one of the pack's type for the templates that must never write (Qobra).
 */
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
		{
			id: CREDENTIAL_IDS.odooReadOnly,
			name: `${name}, read-only`,
			type: ODOO_CREDENTIAL,
			data: { ...data, protocol: 'auto', readOnly: true },
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

async function fakeSevenTargetsService(): Promise<Service<FakeSevenTargets>> {
	const fake = await startFakeSevenTargets();
	return {
		name: '7Targets (fake)',
		url: fake.url,
		fake,
		credentials: [
			{
				id: CREDENTIAL_IDS.sevenTargets,
				name: '7Targets (sandbox)',
				type: 'sevenTargetsApi',
				data: credentialFor(fake),
			},
		],
		env: { SANDBOX_7TARGETS_URL: fake.url },
		close: () => fake.close(),
	};
}

async function fakeCatalogService(products = 0): Promise<Service<FakeCatalog>> {
	const fake = await startFakeCatalog({ products });
	return {
		name: 'Product catalogue (fake)',
		url: fake.url,
		fake,
		// n8n's own Header Auth credential: the HTTP Request node calls the catalogue, so no new type is needed.
		credentials: [
			{
				id: CREDENTIAL_IDS.catalog,
				name: 'Product catalogue (sandbox)',
				type: 'httpHeaderAuth',
				data: { name: 'X-API-Key', value: fake.apiKey },
			},
		],
		env: { SANDBOX_CATALOG_URL: fake.url },
		close: () => fake.close(),
	};
}

/** libpq's variables, defaulting to the local PostgreSQL that ../shared/odoo runs for Odoo. */
export function pgSettings(env: NodeJS.ProcessEnv = process.env) {
	return {
		host: env.PGHOST ?? '127.0.0.1',
		port: Number(env.PGPORT ?? 5432),
		user: env.PGUSER ?? 'odoo_local',
		password: env.PGPASSWORD ?? 'odoo_local',
	};
}

/** Runs SQL with psql against one database of the sandbox's PostgreSQL; returns the unaligned rows. */
export function psql(database: string, sql: string): string {
	const pg = pgSettings();
	return execFileSync(
		'psql',
		['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', sql],
		{
			env: {
				...process.env,
				PGHOST: pg.host,
				PGPORT: String(pg.port),
				PGUSER: pg.user,
				PGPASSWORD: pg.password,
			},
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
}

/**
 * A database of its own for the run (the sync history templates write there), dropped on close.
 * Without psql or a PostgreSQL that answers, the sandbox has no Postgres credential.
 */
function postgresService(run: string): Service<undefined> | undefined {
	const database = `catalog_sync_${run}`;
	try {
		psql('postgres', `CREATE DATABASE ${database}`);
	} catch {
		return undefined;
	}
	const pg = pgSettings();
	return {
		name: `PostgreSQL ${pg.host}:${pg.port}/${database}`,
		url: `postgres://${pg.host}:${pg.port}/${database}`,
		fake: undefined,
		credentials: [
			{
				id: CREDENTIAL_IDS.postgres,
				name: 'PostgreSQL (sandbox)',
				type: 'postgres',
				data: {
					...pg,
					database,
					ssl: 'disable',
					maxConnections: 10,
					allowUnauthorizedCerts: false,
				},
			},
		],
		env: { SANDBOX_PG_DATABASE: database },
		close: async () => {
			psql('postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
		},
	};
}

/** The data tables the Qobra full-refresh template fills: created once in Qobra from the Table Template's header. */
export const QOBRA_TABLES: Record<string, Record<string, ColumnType>> = {
	odoo_sale_orders: {
		id: 'number',
		name: 'string',
		partner_id: 'string',
		user_id: 'user',
		amount_untaxed: 'amount',
		amount_untaxed_currency: 'string',
		amount_total: 'amount',
		amount_total_currency: 'string',
		date_order: 'date',
		state: 'picklist',
	},
	odoo_crm_leads: {
		id: 'number',
		name: 'string',
		partner_id: 'string',
		user_id: 'user',
		expected_revenue: 'amount',
		expected_revenue_currency: 'string',
		probability: 'number',
		date_deadline: 'date',
		stage_id: 'string',
		type: 'picklist',
	},
};

async function fakeQobraService(): Promise<Service<FakeQobra>> {
	const fake = await startFakeQobra({
		tables: Object.entries(QOBRA_TABLES).map(([key, fields]) => ({ key, fields })),
	});
	return {
		name: 'Qobra (fake)',
		url: fake.url,
		fake,
		credentials: [
			{
				id: CREDENTIAL_IDS.qobra,
				name: 'Qobra (sandbox)',
				type: QOBRA_CREDENTIAL,
				data: { apiKey: fake.apiKey, baseUrl: fake.url },
			},
		],
		env: { SANDBOX_QOBRA_URL: fake.url, SANDBOX_QOBRA_API_KEY: fake.apiKey },
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
			{
				// Not connected yet: its Connect button (or the e2e case) runs the authorization code flow.
				id: CREDENTIAL_IDS.salesforceOAuth2,
				name: 'Salesforce (sandbox, OAuth2: connect it)',
				type: SALESFORCE_OAUTH2_CREDENTIAL,
				data: {
					environment: 'custom',
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
