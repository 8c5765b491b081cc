/**
 * Standalone fake Odoo for the sandbox:
 *   node build/test/fakes/odoo/cli.js [--port 8069] [--host 127.0.0.1] [--version 16.0|19.0] [--seed demo|empty] [--db name]...
 * Prints where it listens and how to log in, then runs until SIGINT/SIGTERM.
 */
import { ADMIN, FakeOdooOptions, startFakeOdoo } from './index';

function parseArgs(argv: string[]): FakeOdooOptions {
	const opts: FakeOdooOptions = {};
	const databases: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = inline ?? argv[++i];
		switch (flag) {
			case '--port':
				opts.port = Number(value);
				break;
			case '--host':
				opts.host = value;
				break;
			case '--version':
				if (value !== '16.0' && value !== '19.0')
					throw new Error(`--version must be 16.0 or 19.0, not ${value}`);
				opts.version = value;
				break;
			case '--seed':
				if (value !== 'demo' && value !== 'empty')
					throw new Error(`--seed must be demo or empty, not ${value}`);
				opts.seed = value;
				break;
			case '--db':
				databases.push(value);
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	if (databases.length) opts.databases = databases;
	return opts;
}

async function main(): Promise<void> {
	const fake = await startFakeOdoo({ port: 8069, ...parseArgs(process.argv.slice(2)) });
	// This is a local test server with fixed, public demo credentials: printing them is its purpose.
	process.stdout.write(
		`fake Odoo ${fake.version} listening on ${fake.url}\ndatabase: ${fake.db}\n` +
			`login: ${ADMIN.login}  password: ${ADMIN.password}  API key: ${ADMIN.apiKey}\n`,
	);
	const stop = () => {
		void fake.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((e) => {
	process.stderr.write(`${String(e instanceof Error ? e.message : e)}\n`);
	process.exit(1);
});
