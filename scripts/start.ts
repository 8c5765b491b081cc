/**
 * `npm start`: the sandbox (fake services on 127.0.0.1) plus real n8n with
 * this pack loaded, the sandbox credentials and every template in
 * `workflows/` imported. Ctrl-C stops everything it started.
 *
 *   npm start [-- --n8n=1|2]        (or N8N_MAJOR=1|2; default 2)
 *   ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD: point the Odoo credential at a real Odoo
 */
import * as net from 'net';
import * as path from 'path';
import {
	createInstance,
	ensureN8n,
	heartbeat,
	importAll,
	loadWorkflow,
	N8N_VERSIONS,
	ownerSession,
	OWNER,
	ROOT,
	RUNTIME_DIR,
	startN8n,
	templateFiles,
	waitUntilReady,
	type Major,
	type N8nServer,
} from './n8n-runtime';
import { realOdooFromEnv, startSandbox, type Sandbox } from './sandbox';

const DEFAULT_PORT = 5678;

let sandbox: Sandbox | undefined;
let server: N8nServer | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
	if (stopping) process.exit(code); // a second Ctrl-C: the exit handlers still kill n8n's process group
	stopping = true;
	console.log('\nStopping n8n and the sandbox…');
	await server?.stop();
	await sandbox?.close();
	process.exit(code);
}

async function main(): Promise<void> {
	process.on('SIGINT', () => void shutdown(130));
	process.on('SIGTERM', () => void shutdown(143));
	const major = selectedMajor();

	const realOdoo = realOdooFromEnv();
	// A few catalogue products, so the catalogue templates show a result on Execute workflow.
	sandbox = await startSandbox({ realOdoo, catalogProducts: 20 });
	console.log('Sandbox:');
	for (const service of sandbox.services)
		console.log(`  ${service.name.padEnd(22)} ${service.url}`);

	const runtime = await ensureN8n(major);
	const userFolder = path.join(RUNTIME_DIR, `user-${major}`);
	const instance = await createInstance(runtime, {
		userFolder,
		env: sandbox.env,
		port: await preferredPort(),
	});

	const templates = templateFiles();
	console.log(
		`Importing ${sandbox.credentials.length} credential(s) and ${templates.length} template(s) into n8n ${runtime.version}…`,
	);
	await importAll(
		instance,
		sandbox.credentials,
		templates.map((file) => loadWorkflow(file, sandbox!.credentials)),
	);

	console.log(
		`Starting n8n ${runtime.version} (log: ${path.relative(ROOT, path.join(userFolder, 'n8n.log'))})…`,
	);
	server = startN8n(instance);
	const stopBeat = heartbeat(console.log, (s) => `n8n is starting: ${s} s`);
	try {
		await waitUntilReady(server);
		await ownerSession(server.url);
	} finally {
		stopBeat();
	}

	console.log(`
n8n ${runtime.version} is ready:  ${server.url}
  login:     ${OWNER.email}
  password:  ${OWNER.password}
  templates: ${templates.length} imported${templates.length ? `, e.g. "${path.basename(templates[0])}"` : ' (workflows/ is empty)'}
  Odoo:      ${realOdoo ? `credential points at ${realOdoo.url}` : `credential "Odoo (sandbox)" points at the fake Odoo (login admin / admin)`}
Ctrl-C stops n8n and the sandbox.`);
	const code = await server.exited;
	if (!stopping) {
		console.log(`n8n exited on its own (code ${code}); see its log.`);
		await shutdown(code || 1);
	}
}

function selectedMajor(): Major {
	const flag = process.argv.find((a) => a.startsWith('--n8n='))?.slice('--n8n='.length);
	const value = flag ?? process.env.N8N_MAJOR ?? '2';
	if (value !== '1' && value !== '2')
		throw new Error(
			`--n8n / N8N_MAJOR must be 1 or 2 (n8n ${N8N_VERSIONS[1]} or ${N8N_VERSIONS[2]}), got ${value}`,
		);
	return Number(value) as Major;
}

/** n8n's usual port when it is free, so bookmarks keep working; any free port otherwise. */
function preferredPort(): Promise<number | undefined> {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(undefined));
		probe.listen(DEFAULT_PORT, '127.0.0.1', () => probe.close(() => resolve(DEFAULT_PORT)));
	});
}

main().catch(async (error) => {
	console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
	await shutdown(1);
});
