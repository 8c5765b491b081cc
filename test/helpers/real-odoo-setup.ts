/**
 * jest globalSetup: makes the real Odoo servers available to the suites that use them
 * (test/helpers/real-odoo.ts). Variables already set are used as they are (your own Odoo, or an
 * earlier `eval "$(../shared/odoo/odoo-local.sh up 16)"`); otherwise, when the project's shared
 * folder is there, `odoo-local.sh up 16|19` starts the local servers (idempotent; the first init
 * takes minutes) and its exports are passed on. Workers inherit process.env.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REAL_ODOO_VARS } from './real-odoo';

const SCRIPT = resolve(__dirname, '../../../shared/odoo/odoo-local.sh');

export default function setup(): void {
	const missing = (['16', '19'] as const).filter((v) => !process.env[`ODOO${v}_URL`]);
	if (missing.length && existsSync(SCRIPT)) {
		for (const v of missing) {
			// stderr (progress of a first init) goes to the terminal; stdout holds the export lines
			const out = execFileSync(SCRIPT, ['up', v], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit'],
			});
			for (const [, name, value] of out.matchAll(/\b(ODOO\d+_[A-Z]+)=(\S+)/g))
				process.env[name] = value;
		}
	}
	const skipped = (['16', '19'] as const).filter((v) => !process.env[`ODOO${v}_URL`]);
	if (skipped.length)
		console.log(
			`\nReal Odoo ${skipped.join(' and ')} suites skipped: no ${SCRIPT} and no ${skipped.map((v) => `ODOO${v}_URL`).join('/')}. ` +
				`To run them against your own Odoo, set ${REAL_ODOO_VARS} (README, "Tests and CI").`,
		);
}
