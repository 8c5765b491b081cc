/**
 * The real Odoo servers the e2e runner and the bench use next to the fake: Odoo 16 (login and
 * password) and Odoo 19 (API key, JSON-2). Started through `../shared/odoo/odoo-local.sh up`
 * when that script exists (CI has it; it is idempotent and leaves running servers alone), else
 * read from ODOO16_* / ODOO19_* variables, the ones the script exports.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './n8n-runtime';
import type { RealOdoo } from './sandbox';

export type RealVersion = 16 | 19;

export const ODOO_LOCAL = path.resolve(ROOT, '..', 'shared', 'odoo', 'odoo-local.sh');

/** What to set to run against one's own servers; printed when neither the script nor these are there. */
export const REAL_ODOO_VARIABLES =
	'ODOO16_URL, ODOO16_DB, ODOO16_USER, ODOO16_PASSWORD (and ODOO19_URL, ODOO19_DB, ODOO19_USER, ODOO19_APIKEY)';

/** Each requested server that is reachable this way; an empty map when there is neither the script nor the variables. */
export async function realOdooServers(
	versions: RealVersion[],
): Promise<Map<RealVersion, RealOdoo>> {
	const servers = new Map<RealVersion, RealOdoo>();
	for (const version of versions) {
		const env = fs.existsSync(ODOO_LOCAL) ? await odooLocalUp(version) : process.env;
		const server = fromEnv(env, version);
		if (server) servers.set(version, server);
	}
	return servers;
}

/** `odoo-local.sh up N` prints `export K=V K=V` lines (its log goes to stderr). */
function odooLocalUp(version: RealVersion): Promise<Record<string, string>> {
	return new Promise((resolve, reject) => {
		execFile(ODOO_LOCAL, ['up', String(version)], { timeout: 600_000 }, (error, stdout, stderr) => {
			if (error)
				return reject(
					new Error(
						`${ODOO_LOCAL} up ${version} failed: ${stderr.trim().split('\n').slice(-5).join('\n')}`,
					),
				);
			const pairs = stdout
				.split('\n')
				.filter((l) => l.startsWith('export '))
				.flatMap((l) => l.slice('export '.length).trim().split(/\s+/));
			resolve(
				Object.fromEntries(
					pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
				),
			);
		});
	});
}

/** Odoo 19 takes only API keys over JSON-2, so its credential carries the key as the password. */
function fromEnv(env: NodeJS.ProcessEnv, version: RealVersion): RealOdoo | undefined {
	const get = (name: string) => env[`ODOO${version}_${name}`];
	const [url, db, username, password] = [
		get('URL'),
		get('DB'),
		get('USER'),
		version === 19 ? get('APIKEY') : get('PASSWORD'),
	];
	return url && db && username && password ? { url, db, username, password } : undefined;
}
