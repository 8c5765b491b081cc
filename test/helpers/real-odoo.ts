/**
 * The real Odoo servers the integration suites run against besides the fake, read from the
 * environment (set by test/helpers/real-odoo-setup.ts, or by you for your own Odoo). The suites
 * create their records under a unique per-run tag and delete them again; use a throwaway database.
 */
export const REAL_ODOO_VARS =
	'ODOO16_URL ODOO16_DB ODOO16_USER ODOO16_PASSWORD (an Odoo 16) and/or ODOO19_URL ODOO19_DB ODOO19_USER ODOO19_PASSWORD ODOO19_APIKEY (an Odoo 19, API key of the same user)';

export interface RealOdoo {
	version: '16.0' | '19.0';
	url: string;
	db: string;
	login: string;
	password: string;
	/** Odoo 19 only (JSON-2 takes nothing else) */
	apiKey?: string;
}

export function realOdoo(major: 16 | 19): RealOdoo | undefined {
	const env = (name: string) => process.env[`ODOO${major}_${name}`];
	const url = env('URL');
	if (!url) return undefined;
	return {
		version: `${major}.0`,
		url,
		db: env('DB') ?? '',
		login: env('USER') ?? 'admin',
		password: env('PASSWORD') ?? '',
		apiKey: env('APIKEY'),
	};
}

/** Per test in files that use a real server. */
export const REAL_ODOO_TIMEOUT_MS = 180_000;

/** A prefix no other run (or agent sharing the server) uses: names and refs of the records a suite creates. */
export const runTag = (suite: string) => `${suite}-${Date.now().toString(36)}-${process.pid}`;
