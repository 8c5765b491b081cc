/**
 * Real n8n for `npm start` and the e2e runner: installs each supported n8n
 * major into `.n8n-runtime/` (git-ignored) on first use, links the pack into
 * an n8n user folder, imports credentials and workflows, and runs the n8n CLI
 * or server as child processes in their own process group so they can always
 * be stopped as a whole.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

export type Major = 1 | 2;

/** Repository root (this file runs from `build/scripts/`, the dev tooling's output). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const RUNTIME_DIR = path.join(ROOT, '.n8n-runtime');
const PACK_NAME = 'n8n-nodes-odoo-sync';

/** n8n 2.41.3 cannot be installed (its pinned dependencies are missing from the registry). */
export const N8N_VERSIONS: Record<Major, string> = { 1: '1.123.81', 2: '2.41.1' };
const NODE24_VERSION = '24.9.0';
/** The xlsx CDN tarball n8n pins is unreachable; this registry mirror has the same code. */
const XLSX_MIRROR = { xlsx: 'npm:@e965/xlsx@0.20.2' };
const HEARTBEAT_MS = 10_000;

export interface N8nRuntime {
	major: Major;
	version: string;
	/** Node executable that runs this n8n (n8n 2.x needs Node >= 24). */
	node: string;
	/** n8n's CLI entry script. */
	n8nBin: string;
}

export type Log = (line: string) => void;

/** Installs n8n `major` (and Node 24 for 2.x) unless already installed at the pinned version. */
export async function ensureN8n(major: Major, log: Log = console.log): Promise<N8nRuntime> {
	const version = N8N_VERSIONS[major];
	const nodeDir =
		major === 2 && nodeMajor(process.versions.node) < 24 ? await ensureNode24(log) : undefined;
	const node = nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath;
	const dir = path.join(RUNTIME_DIR, `n8n-${major}`);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!isInstalled(dir, 'n8n', version)) {
		log(
			`Installing n8n ${version} into ${path.relative(ROOT, dir)}/ (first run only; takes a few minutes)…`,
		);
		const env = nodeDir
			? {
					PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`,
					npm_config_nodedir: nodeDir,
				}
			: {};
		await npmInstall(
			dir,
			{ dependencies: { n8n: version }, overrides: XLSX_MIRROR },
			`n8n ${version}`,
			log,
			env,
		);
		// Install scripts are skipped (isolated-vm cannot build here); only sqlite3's native module is needed.
		await runNpm(dir, ['rebuild', 'sqlite3'], `building sqlite3 for n8n ${version}`, log, env);
		markInstalled(dir, version);
		log(`n8n ${version} installed.`);
	}
	return { major, version, node, n8nBin };
}

/** Node 24 from the npm registry (package `node-<platform>-<arch>`), for n8n 2.x. Returns its folder. */
async function ensureNode24(log: Log): Promise<string> {
	const pkg = `node-${process.platform}-${process.arch}`;
	const dir = path.join(RUNTIME_DIR, 'node24');
	if (!isInstalled(dir, pkg, NODE24_VERSION)) {
		log(`Installing Node ${NODE24_VERSION} (needed by n8n 2.x) into ${path.relative(ROOT, dir)}/…`);
		await npmInstall(
			dir,
			{ dependencies: { [pkg]: NODE24_VERSION } },
			`Node ${NODE24_VERSION}`,
			log,
			{},
		);
		markInstalled(dir, NODE24_VERSION);
	}
	return path.join(dir, 'node_modules', pkg);
}

function nodeMajor(version: string): number {
	return Number(version.split('.')[0]);
}

const MARKER = '.installed';

/** Installed means: the marker written after a complete install names this version, and the package is there. */
function isInstalled(dir: string, pkg: string, version: string): boolean {
	const marker = readIfExists(path.join(dir, MARKER));
	const pkgJson = readIfExists(path.join(dir, 'node_modules', pkg, 'package.json'));
	// node-<platform>-<arch> spells its version with a leading v.
	return (
		marker?.trim() === version &&
		pkgJson !== undefined &&
		String(JSON.parse(pkgJson).version).replace(/^v/, '') === version
	);
}

function markInstalled(dir: string, version: string): void {
	fs.writeFileSync(path.join(dir, MARKER), version + '\n');
}

function readIfExists(file: string): string | undefined {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

interface Manifest {
	dependencies: Record<string, string>;
	overrides?: Record<string, string>;
}

async function npmInstall(
	dir: string,
	manifest: Manifest,
	label: string,
	log: Log,
	env: NodeJS.ProcessEnv,
): Promise<void> {
	fs.mkdirSync(dir, { recursive: true });
	fs.rmSync(path.join(dir, MARKER), { force: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: `runtime-${path.basename(dir)}`, private: true, ...manifest }, null, 2) +
			'\n',
	);
	await runNpm(
		dir,
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'],
		`installing ${label}`,
		log,
		env,
	);
}

/**
 * Runs npm in `dir` with its output in `dir/npm.log`, printing a heartbeat
 * (elapsed time, packages so far) every 10 s so a first install visibly progresses.
 */
async function runNpm(
	dir: string,
	args: string[],
	label: string,
	log: Log,
	env: NodeJS.ProcessEnv,
): Promise<void> {
	const logFile = path.join(dir, 'npm.log');
	const out = fs.openSync(logFile, 'a');
	const { exited } = spawnGroup('npm', [...args, '--prefix', dir], {
		cwd: dir,
		env: { ...parentNpmFreeEnv(), ...env },
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	const stop = heartbeat(log, (seconds) => {
		if (args[0] !== 'install') return `${label}: ${seconds} s`;
		const packages = countPackages(path.join(dir, 'node_modules'));
		return `${label}: ${seconds} s, ${packages ? `${packages} packages unpacked` : 'resolving dependencies'}`;
	});
	try {
		const code = await exited;
		if (code !== 0) {
			log(tail(fs.readFileSync(logFile, 'utf8'), 30));
			throw new Error(
				`npm ${args[0]} failed while ${label} (exit ${code}); full log: ${path.relative(ROOT, logFile)}`,
			);
		}
	} finally {
		stop();
	}
}

/** Logs `  … <describe(elapsed seconds)>` every 10 s until the returned function is called. */
export function heartbeat(log: Log, describe: (seconds: number) => string): () => void {
	const started = Date.now();
	const timer = setInterval(
		() => log(`  … ${describe(Math.round((Date.now() - started) / 1000))}`),
		HEARTBEAT_MS,
	);
	return () => clearInterval(timer);
}

/**
 * `npm start`/`npm test` export their own config as npm_config_* variables
 * (prefix, ignore-scripts, loglevel…) which would leak into the nested npm;
 * keep only those about reaching the registry.
 */
function parentNpmFreeEnv(): NodeJS.ProcessEnv {
	const keep =
		/^npm_config_(userconfig|globalconfig|cache|registry|cafile|proxy|https_proxy|noproxy|strict_ssl)$/;
	return Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') || keep.test(key)),
	);
}

function countPackages(nodeModules: string): number {
	if (!fs.existsSync(nodeModules)) return 0;
	return fs
		.readdirSync(nodeModules)
		.reduce(
			(n, entry) =>
				n +
				(entry.startsWith('@')
					? fs.readdirSync(path.join(nodeModules, entry)).length
					: entry.startsWith('.')
						? 0
						: 1),
			0,
		);
}

export function tail(text: string, lines: number): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------
// An n8n instance: a user folder with the pack linked in.

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface Instance {
	runtime: N8nRuntime;
	/** N8N_USER_FOLDER; n8n keeps its database, key and community nodes in `<userFolder>/.n8n`. */
	userFolder: string;
	env: NodeJS.ProcessEnv;
	/** Flags for Node itself (some, like --trace-gc, are refused in NODE_OPTIONS). */
	nodeArgs?: string[];
}

export interface InstanceOptions {
	userFolder: string;
	/** Extra environment for n8n (e.g. sandbox URLs readable as `$env.X` in expressions). */
	env?: Record<string, string>;
	port?: number;
	nodeArgs?: string[];
}

/** Prepares a user folder with the pack linked as a community package. */
export async function createInstance(
	runtime: N8nRuntime,
	options: InstanceOptions,
): Promise<Instance> {
	linkPack(options.userFolder);
	const port = options.port ?? (await freePort());
	const env: NodeJS.ProcessEnv = {
		...parentNpmFreeEnv(),
		PATH: `${path.dirname(runtime.node)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(port),
		// The editor shows webhook URLs from this; n8n's default says localhost, which may resolve to ::1.
		[runtime.major === 1 ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL']: `http://127.0.0.1:${port}/`,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// In 2.x the task runner broker listens too; a fixed default port would clash between instances.
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// Sandbox workflows read service URLs from $env; 2.x blocks that by default.
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		// The new expression engine needs isolated-vm, which is not built (install scripts are skipped).
		...(runtime.major === 1 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		...options.env,
	};
	return { runtime, userFolder: options.userFolder, env, nodeArgs: options.nodeArgs };
}

export function baseUrl(instance: Instance): string {
	return `http://127.0.0.1:${instance.env.N8N_PORT}`;
}

/**
 * Installs the pack as `<userFolder>/.n8n/nodes/node_modules/<pack>`, where
 * n8n looks for community packages: a copy of package.json plus a symlink to
 * the built `dist/`. Not a symlink to the repository itself: that would be a
 * loop (the user folder is inside the repository) which file walkers such as
 * `n8n-node build`'s asset copy follow until they run out of memory.
 */
function linkPack(userFolder: string): void {
	const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACK_NAME);
	fs.rmSync(dir, { force: true, recursive: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
	fs.symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), 'dir');
}

export interface CliResult {
	code: number;
	output: string;
	/** The n8n process's peak resident memory (VmHWM), sampled every 100 ms while it ran; 0 where /proc is missing. */
	peakRssBytes: number;
}

/**
 * Runs one n8n CLI command to completion. Output goes to a file, never a pipe
 * (n8n spins at 100 % CPU when a pipe reader goes away); async so the
 * in-process fakes keep answering while n8n runs.
 */
export async function runN8n(
	instance: Instance,
	args: string[],
	label = args[0],
): Promise<CliResult> {
	const logFile = path.join(
		instance.userFolder,
		'logs',
		`${Date.now()}-${label.replace(/[^\w.-]+/g, '_')}.log`,
	);
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'w');
	const nodeArgs = [...(instance.nodeArgs ?? []), instance.runtime.n8nBin, ...args];
	const { child, exited } = spawnGroup(instance.runtime.node, nodeArgs, {
		cwd: instance.userFolder,
		env: instance.env,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	let peakRssBytes = 0;
	const sample = setInterval(
		() => (peakRssBytes = Math.max(peakRssBytes, peakRss(child.pid))),
		100,
	);
	const code = await exited.finally(() => clearInterval(sample));
	return { code, output: fs.readFileSync(logFile, 'utf8'), peakRssBytes };
}

/** VmHWM of a live process in bytes (0 once it is gone). */
export function peakRss(pid: number | undefined): number {
	try {
		const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return Number(kb ?? 0) * 1024;
	} catch {
		return 0;
	}
}

/** Like runN8n but throws with the output's tail when the command fails. */
async function runN8nOk(instance: Instance, args: string[], label = args[0]): Promise<string> {
	const result = await runN8n(instance, args, label);
	if (result.code !== 0)
		throw new Error(`n8n ${args[0]} failed (exit ${result.code}):\n${tail(result.output, 25)}`);
	return result.output;
}

/** Imports credentials and workflows (each via a file, which is what the CLI reads). */
export async function importAll(
	instance: Instance,
	credentials: N8nCredential[],
	workflows: Workflow[],
): Promise<void> {
	const dir = path.join(instance.userFolder, 'import');
	fs.mkdirSync(dir, { recursive: true });
	if (credentials.length > 0) {
		const file = path.join(dir, 'credentials.json');
		// Plain `data` objects are encrypted with the instance key on import.
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await runN8nOk(instance, ['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}
	if (workflows.length > 0) {
		const file = path.join(dir, 'workflows.json');
		fs.writeFileSync(file, JSON.stringify(workflows));
		await runN8nOk(instance, ['import:workflow', `--input=${file}`]);
		// n8n 2 runs a sub-workflow's published version only: publish the ones the templates call.
		if (instance.runtime.major === 2)
			for (const id of calledWorkflows(workflows)) await activate(instance, id);
	}
}

/** The imported workflows another one runs with Execute Workflow (from the database, by id). */
function calledWorkflows(workflows: Workflow[]): string[] {
	const ids = new Set(workflows.map((w) => w.id));
	const called = workflows.flatMap((w) =>
		w.nodes
			.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow')
			.map((n) => (n.parameters as { workflowId?: { value?: string } }).workflowId?.value),
	);
	return [...new Set(called)].filter((id): id is string => !!id && ids.has(id));
}

/** Activates a workflow from the CLI, before the server starts (1.x: update:workflow; 2.x: publish:workflow). */
export async function activate(instance: Instance, workflowId: string): Promise<void> {
	const args =
		instance.runtime.major === 1
			? ['update:workflow', `--id=${workflowId}`, '--active=true']
			: ['publish:workflow', `--id=${workflowId}`];
	await runN8nOk(instance, args);
}

/** The run `n8n execute --rawOutput` prints, and what the REST API keeps of an execution. */
export interface RunJson {
	status?: string;
	data?: {
		resultData?: {
			error?: { message?: string; node?: { name?: string } };
			/** Per node, one entry per run: its output items and how long it took (ms). */
			runData?: Record<
				string,
				Array<{
					executionTime?: number;
					data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
				}>
			>;
		};
	};
}

/** `n8n execute --id --rawOutput` (a new n8n process); throws with n8n's error when the workflow fails. */
export async function executeWorkflow(
	instance: Instance,
	workflowId: string,
	label: string,
): Promise<RunJson & { peakRssBytes: number; output: string }> {
	// n8n 2 runs a sub-workflow from its publication record, which only a running server's outbox
	// writes; the CLI reads the version publish:workflow marked active instead.
	const env = { ...instance.env, N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' };
	const result = await runN8n(
		{ ...instance, env },
		['execute', `--id=${workflowId}`, '--rawOutput'],
		`execute-${label}`,
	);
	const run = parseRun(result.output);
	// The run data decides: n8n 2.x under load sometimes exits non-zero after printing a successful run.
	throwIfFailed(run, `exit ${result.code}`, tail(result.output, 15));
	if (result.code !== 0)
		console.log(`      (n8n exited ${result.code} after a successful run of ${label})`);
	return { ...run, peakRssBytes: result.peakRssBytes, output: result.output };
}

/** Runs a workflow inside the server from one of its triggers (`POST /rest/workflows/:id/run`, as the editor's *Execute workflow* does) and waits for the execution to end; `n8n execute` has no Data Tables. */
export async function runFromTrigger(
	rest: RestCall,
	workflowId: string,
	trigger: string,
	timeoutMs = 300_000,
): Promise<RunJson> {
	const workflowData = await rest('GET', `rest/workflows/${workflowId}`);
	const { executionId } = (await rest('POST', `rest/workflows/${workflowId}/run`, {
		workflowData,
		triggerToStartFrom: { name: trigger },
	})) as { executionId: string };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = (await rest('GET', `rest/executions/${executionId}`)) as {
			status: string;
			data: string;
		};
		if (!['new', 'running', 'waiting'].includes(execution.status)) {
			const run = { status: execution.status, data: unflatten(execution.data) } as RunJson;
			throwIfFailed(run, `execution ${executionId}`, execution.status);
			return run;
		}
		if (Date.now() > deadline)
			throw new Error(`execution ${executionId} still ${execution.status}`);
		await sleep(500);
	}
}

/** A missing or failed run as an error naming the node that failed and its message (else `fallback`). */
function throwIfFailed(
	run: RunJson | undefined,
	context: string,
	fallback: string,
): asserts run is RunJson {
	const error = run?.data?.resultData?.error;
	if (run?.status === 'success' && !error) return;
	const where = error?.node?.name ? ` in node "${error.node.name}"` : '';
	throw new Error(`workflow failed${where} (${context}): ${error?.message ?? fallback}`);
}

/**
 * n8n stores run data in the `flatted` format: a JSON array whose first entry is the root, where a
 * string value is the index of the entry that holds the real string or object.
 */
export function unflatten(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const done = new Set<number>();
	const revive = (index: number): unknown => {
		const value = entries[index];
		if (value === null || typeof value !== 'object' || done.has(index)) return value;
		done.add(index);
		for (const [key, v] of Object.entries(value))
			if (typeof v === 'string') (value as Record<string, unknown>)[key] = revive(Number(v));
		return value;
	};
	return revive(0);
}

/** `--rawOutput` prints the run as JSON after n8n's log lines; it starts at the first line that starts with `{`. */
function parseRun(output: string): RunJson | undefined {
	const start = output.search(/^\{/m);
	if (start < 0) return undefined;
	const end = output.lastIndexOf('\n}');
	try {
		return JSON.parse(output.slice(start, end < start ? undefined : end + 2)) as RunJson;
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------
// Workflows

export interface WorkflowNode {
	name: string;
	type: string;
	credentials?: Record<string, { id: string | null; name: string }>;
	[key: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	active?: boolean;
	[key: string]: unknown;
}

/**
 * Reads a workflow file and readies it for import: a stable id (derived from
 * the file path when the file has none, so re-imports overwrite instead of
 * duplicating), inactive, and every credential slot pointed at the
 * credential of that type the sandbox provides (the one it names by id, else the first).
 */
export function loadWorkflow(file: string, credentials: N8nCredential[]): Workflow {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as Workflow;
	const byType = new Map(
		credentials.map((c) => [c.type, c]).reverse() as [string, N8nCredential][],
	);
	const byId = new Map(credentials.map((c) => [c.id, c]));
	const nodes = workflow.nodes.map((node) => {
		if (!node.credentials) return node;
		const slots = Object.fromEntries(
			Object.entries(node.credentials).map(([type, ref]) => {
				// A slot naming a sandbox credential by id keeps it (e.g. the read-only Odoo one); others get the first of their type.
				const named = ref?.id ? byId.get(ref.id) : undefined;
				const credential = named?.type === type ? named : byType.get(type);
				return [type, credential ? { id: credential.id, name: credential.name } : ref];
			}),
		);
		return { ...node, credentials: slots };
	});
	return { ...workflow, id: workflow.id || workflowIdFor(file), active: false, nodes };
}

/** 16 alphanumeric characters, like the ids n8n generates. */
function workflowIdFor(file: string): string {
	return createHash('sha256')
		.update(path.relative(ROOT, path.resolve(file)))
		.digest('hex')
		.slice(0, 16);
}

/** Every product template in `workflows/`. */
export function templateFiles(): string[] {
	const dir = path.join(ROOT, 'workflows');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => path.join(dir, f));
}

// ---------------------------------------------------------------------------
// The n8n server

export interface N8nServer {
	url: string;
	pid: number | undefined;
	logFile: string;
	/** Resolves with the exit code if n8n exits on its own. */
	exited: Promise<number>;
	stop(): Promise<void>;
}

/** Starts `n8n start` in its own process group, output to `<userFolder>/n8n.log`. */
export function startN8n(instance: Instance): N8nServer {
	return startN8nCommand(instance, ['start'], instance.env, 'n8n.log');
}

/**
 * Starts a queue-mode worker (`n8n worker`) next to the main process: same user folder and
 * database, a task-runner broker port of its own; output to `<userFolder>/worker.log`.
 */
export async function startWorker(instance: Instance, concurrency: number): Promise<N8nServer> {
	const env = { ...instance.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	return startN8nCommand(instance, ['worker', `--concurrency=${concurrency}`], env, 'worker.log');
}

function startN8nCommand(
	instance: Instance,
	args: string[],
	env: NodeJS.ProcessEnv,
	log: string,
): N8nServer {
	const logFile = path.join(instance.userFolder, log);
	const out = fs.openSync(logFile, 'w');
	const nodeArgs = [...(instance.nodeArgs ?? []), instance.runtime.n8nBin, ...args];
	const { child, exited } = spawnGroup(instance.runtime.node, nodeArgs, {
		cwd: instance.userFolder,
		env,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	return {
		url: baseUrl(instance),
		pid: child.pid,
		logFile,
		exited,
		stop: () => stopGroup(child, exited),
	};
}

/** SIGTERM to the whole group (n8n and its task runners), SIGKILL if it is still there after 15 s. */
export async function stopGroup(child: ChildProcess, exited: Promise<number>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		killGroup(child, 'SIGKILL'); // leftovers such as a task runner
		return;
	}
	killGroup(child, 'SIGTERM');
	const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
	killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

/**
 * Resolves once the REST API answers (`/healthz/readiness` says ok earlier,
 * while the API still answers 404). Production webhooks may register a few
 * seconds later still, so callers retry those on 404.
 */
export async function waitUntilReady(server: N8nServer, timeoutMs = 180_000): Promise<void> {
	const url = `${server.url}/rest/settings`;
	const deadline = Date.now() + timeoutMs;
	let exitedWith: number | undefined;
	void server.exited.then((code) => (exitedWith = code));
	while (Date.now() < deadline) {
		if (exitedWith !== undefined)
			throw new Error(
				`n8n exited (code ${exitedWith}) before it was ready:\n${tail(fs.readFileSync(server.logFile, 'utf8'), 25)}`,
			);
		try {
			const response = await fetch(url);
			const body = await response.text();
			if (response.status === 200 && body.startsWith('{"data"')) return;
		} catch {
			// Not listening yet.
		}
		await sleep(500);
	}
	throw new Error(`n8n did not answer ${url} within ${timeoutMs / 1000} s; log: ${server.logFile}`);
}

/** The sandbox's own n8n login; printed on purpose, it protects nothing but a local instance. */
export const OWNER = {
	email: 'owner@sandbox.example.com',
	password: 'Sandbox-n8n-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
};

/** Calls n8n as the owner (`rest/...`, `types/...`) and returns the answer's `data`, or the whole JSON when it has none. */
export type RestCall = (method: string, urlPath: string, body?: unknown) => Promise<unknown>;

/**
 * Sets the owner account up on a fresh instance, or logs in as it on a known one,
 * and returns a REST caller carrying the session cookie.
 */
export async function ownerSession(n8nUrl: string): Promise<RestCall> {
	const post = (restPath: string, body: unknown) =>
		fetch(`${n8nUrl}/rest/${restPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	let response = await post('owner/setup', OWNER);
	if (!response.ok) {
		const body = await response.text();
		if (!/already/i.test(body))
			throw new Error(`n8n owner setup failed (HTTP ${response.status}): ${body.slice(0, 300)}`);
		// 1.x reads `email`, later versions `emailOrLdapLoginId`.
		response = await post('login', {
			email: OWNER.email,
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		if (!response.ok)
			throw new Error(
				`n8n login failed (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}`,
			);
	}
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	return async (method, urlPath, body) => {
		const answer = await fetch(`${n8nUrl}/${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', cookie, 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await answer.text();
		if (!answer.ok)
			throw new Error(`${method} /${urlPath}: HTTP ${answer.status} ${text.slice(0, 300)}`);
		// Some endpoints answer with a page (e.g. the OAuth2 callback): its text then.
		if (!/json/.test(answer.headers.get('content-type') ?? '')) return text;
		const json = JSON.parse(text) as { data?: unknown };
		return json.data ?? json;
	};
}

// ---------------------------------------------------------------------------
// Small process helpers

/**
 * Spawns in a process group of its own (so n8n's task runners and npm's
 * helpers can be stopped together), and kills that group if this process
 * exits first, whatever the reason.
 */
export function spawnGroup(
	command: string,
	args: string[],
	options: SpawnOptions,
): { child: ChildProcess; exited: Promise<number> } {
	const child = spawn(command, args, { ...options, detached: true });
	const kill = () => killGroup(child, 'SIGKILL');
	process.once('exit', kill);
	return { child, exited: exitCode(child).finally(() => process.off('exit', kill)) };
}

function exitCode(child: ChildProcess): Promise<number> {
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
	});
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
