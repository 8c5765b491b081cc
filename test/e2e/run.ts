/**
 * End-to-end tests in real n8n: imports the sandbox credentials and the
 * workflows of every case with the n8n CLI, executes the manual ones with
 * `n8n execute`, serves the active ones (webhooks, polling triggers) with
 * `n8n start`, and checks the records that ended up in Odoo and the fakes.
 *
 * Passes, one after the other, each with a sandbox of its own:
 * - per n8n major, every case against the fake Odoo (16 for n8n 1, 19 over JSON-2 for n8n 2);
 * - with the first selected major, every case against a real Odoo 16, and the Odoo node and
 *   trigger cases over JSON-2 against a real Odoo 19 with its API key. The real servers come
 *   from ../shared/odoo/odoo-local.sh when it exists (CI), else from ODOO16_* / ODOO19_*
 *   (see scripts/real-odoo.ts); without either, these passes are skipped with one line.
 *
 *   node build/test/e2e/run.js [--n8n=1|2] [--odoo=fake|real] [--grep=text]     (or E2E_N8N, E2E_ODOO, E2E_GREP)
 *
 * Ends with the line "N passed, N failed" and exits 1 when anything failed.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type {
	ActiveCase,
	CaseContext,
	E2eCase,
	ExecuteCase,
	NodeOutputs,
	ServerCase,
	ServerContext,
	WorkflowCase,
} from './case';
import { cases as allCases, odooNodeCases, queueCases } from './cases';
import { startCollector } from './collector';
import { applyDemoAdditions, cleanUpRun, odoo } from './odoo';
import {
	activate,
	createInstance,
	ensureN8n,
	executeWorkflow,
	importAll,
	loadWorkflow,
	N8N_VERSIONS,
	ownerSession,
	ROOT,
	runFromTrigger,
	RUNTIME_DIR,
	sleep,
	startN8n,
	startWorker,
	templateFiles,
	waitUntilReady,
	type Instance,
	type Major,
	type N8nRuntime,
	type RunJson,
} from '../../scripts/n8n-runtime';
import {
	ODOO_LOCAL,
	REAL_ODOO_VARIABLES,
	realOdooServers,
	type RealVersion,
} from '../../scripts/real-odoo';
import { startQueueBackend, WORKER_CONCURRENCY } from '../../scripts/queue-mode';
import { startSandbox, type RealOdoo } from '../../scripts/sandbox';

const MAJORS: Major[] = [1, 2];

/** One n8n major, one Odoo, one sandbox: the cases run in order against them. */
interface Pass {
	major: Major;
	label: string;
	odooVersion: '16.0' | '19.0';
	realOdoo?: RealOdoo;
	cases: E2eCase[];
	/** n8n in queue mode: main + worker, Redis, PostgreSQL (scripts/queue-mode.ts). */
	queue?: boolean;
}

interface Tally {
	passed: number;
	failed: number;
}

async function main(): Promise<number> {
	const majors = selectedMajors();
	const grep = option('grep', 'E2E_GREP');
	const backends = option('odoo', 'E2E_ODOO');
	if (backends && backends !== 'fake' && backends !== 'real')
		throw new Error(`--odoo/E2E_ODOO: expected fake or real, got ${backends}`);
	const matches = (c: E2eCase) =>
		!grep || c.name.includes(grep) || (c.kind !== 'server' && c.workflow.includes(grep));
	const tally: Tally = { passed: 0, failed: 0 };
	const started = Date.now();

	// Both installs start now (mostly network time); each major runs as soon as its own is ready.
	const installs = new Map(
		majors.map((m) => [m, ensureN8n(m, (line) => console.log(`[n8n ${m}] ${line}`))]),
	);
	installs.forEach((p) => p.catch(() => undefined)); // awaited below; avoids an early unhandled rejection

	const passes: Pass[] = [];
	if (backends !== 'real') passes.push(...majors.map((major) => fakePass(major, allCases)));
	if (backends !== 'fake') passes.push(...(await realPasses(majors[0], tally)));
	if (!grep) checkEveryTemplateHasACase(tally);
	const took: string[] = [];
	for (const pass of passes) {
		pass.cases = pass.cases.filter(matches);
		if (pass.cases.length === 0) continue;
		const passStarted = Date.now();
		console.log(`\n== ${pass.label} ==`);
		try {
			await runPass(await installs.get(pass.major)!, pass, tally);
		} catch (error) {
			failAll(tally, pass, pass.cases, error);
		}
		took.push(`${pass.label} ${Math.round((Date.now() - passStarted) / 1000)} s`);
	}
	console.log(`\ne2e took ${Math.round((Date.now() - started) / 1000)} s (${took.join(', ')})`);
	console.log(`${tally.passed} passed, ${tally.failed} failed`);
	return tally.failed === 0 ? 0 : 1;
}

function fakePass(major: Major, cases: E2eCase[]): Pass {
	// Odoo 16 with a password (JSON-RPC / XML-RPC) for one major, Odoo 19 with an API key (JSON-2) for the other.
	const odooVersion = major === 1 ? '16.0' : '19.0';
	return {
		major,
		label: `n8n ${N8N_VERSIONS[major]}, fake Odoo ${odooVersion}`,
		odooVersion,
		cases,
	};
}

/**
 * The real-Odoo passes run with one n8n major only (the node code is the same in both; the
 * fake passes cover the other): every case on Odoo 16, the Odoo node and trigger on Odoo 19.
 */
async function realPasses(major: Major, tally: Tally): Promise<Pass[]> {
	const wanted: Array<[RealVersion, E2eCase[]]> = [
		[16, allCases],
		[19, odooNodeCases],
	];
	let servers: Map<RealVersion, RealOdoo>;
	try {
		servers = await realOdooServers(wanted.map(([version]) => version));
	} catch (error) {
		report(tally, 'real Odoo servers start', error);
		return [];
	}
	if (servers.size === 0) {
		console.log(
			`\nReal Odoo: skipped (no ${ODOO_LOCAL} and none of ${REAL_ODOO_VARIABLES} set); only the fake Odoo passes run.`,
		);
		return [];
	}
	const passes: Pass[] = wanted
		.filter(([version]) => servers.has(version))
		.map(([version, cases]) => ({
			major,
			label: `n8n ${N8N_VERSIONS[major]}, real Odoo ${version} (${servers.get(version)!.url})`,
			odooVersion: `${version}.0` as const,
			realOdoo: servers.get(version),
			cases,
		}));
	if (servers.has(16))
		passes.push({
			major,
			label: `n8n ${N8N_VERSIONS[major]} in queue mode (main + worker, Redis, PostgreSQL), real Odoo 16`,
			odooVersion: '16.0',
			realOdoo: servers.get(16),
			cases: queueCases,
			queue: true,
		});
	return passes;
}

function selectedMajors(): Major[] {
	const value = option('n8n', 'E2E_N8N');
	if (!value) return MAJORS;
	const majors = value.split(',').map(Number);
	const unknown = majors.filter((m) => !MAJORS.includes(m as Major));
	if (unknown.length > 0) throw new Error(`--n8n/E2E_N8N: expected 1 and/or 2, got ${value}`);
	return majors as Major[];
}

function option(name: string, envName: string): string | undefined {
	const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
	return flag ? flag.slice(name.length + 3) : process.env[envName] || undefined;
}

/** The issue asks for every template to run against the sandbox; a template without a case is a failure. */
function checkEveryTemplateHasACase(tally: Tally): void {
	const covered = new Set(allCases.filter(hasWorkflow).map((c) => path.resolve(ROOT, c.workflow)));
	for (const file of templateFiles().filter((f) => !covered.has(f))) {
		report(
			tally,
			`template ${path.relative(ROOT, file)} has an e2e case`,
			new Error('no case in test/e2e/cases references it'),
		);
	}
}

async function runPass(runtime: N8nRuntime, pass: Pass, tally: Tally): Promise<void> {
	const { major } = pass;
	const failedBefore = tally.failed;
	// A folder of its own, so two runs at the same time (two engineers, one tree) cannot clobber each other's n8n.
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(RUNTIME_DIR, `e2e-${major}-`));
	const sandbox = await startSandbox({
		odooVersion: pass.odooVersion,
		realOdoo: pass.realOdoo,
		recordReadOnlyOdoo: true,
	});
	const cases = pass.cases.filter((c) => {
		const why = c.kind !== 'server' && c.unavailable?.(sandbox, major);
		if (why) console.log(`  [${caseTag(pass)}] skipped: ${c.name} (${why})`);
		return !why;
	});
	const collector = await startCollector();
	let queue: Awaited<ReturnType<typeof startQueueBackend>> | undefined;
	try {
		if (pass.queue) queue = await startQueueBackend(userFolder);
		// What the fake's seed adds to Odoo 16's demo data, the real one gets over RPC.
		if (pass.realOdoo && pass.odooVersion === '16.0') await applyDemoAdditions(await odoo(sandbox));
		sandbox.env.E2E_COLLECTOR_URL = collector.url;
		const instance = await createInstance(runtime, {
			userFolder,
			env: { ...sandbox.env, ...queue?.env },
		});
		const byKey = new Map(cases.filter(hasWorkflow).map((c) => [workflowKey(c), c]));
		const ids = new Map<string, string>();
		try {
			const workflows = [...byKey].map(([key, c]) => {
				const workflow = loadWorkflow(path.resolve(ROOT, c.workflow), sandbox.credentials);
				if (!c.edit) return workflow;
				c.edit(workflow, sandbox);
				return { ...workflow, id: createHash('sha256').update(key).digest('hex').slice(0, 16) };
			});
			[...byKey.keys()].forEach((key, i) => ids.set(key, workflows[i].id));
			await importAll(instance, sandbox.credentials, workflows);
		} catch (error) {
			failAll(tally, pass, cases, error);
			return;
		}
		const context = (c: WorkflowCase): CaseContext => ({
			sandbox,
			major,
			workflowId: ids.get(workflowKey(c))!,
			notes: [],
		});
		for (const c of cases.filter((c): c is ExecuteCase => c.kind === 'execute')) {
			const ctx = context(c);
			await record(tally, pass, c, ctx.notes, () => runExecuteCase(instance, c, ctx));
		}
		const active = cases.filter((c): c is ActiveCase => c.kind === 'active');
		const server = cases.filter((c): c is ServerCase => c.kind === 'server');
		if (active.length + server.length > 0)
			await runServerCases(instance, pass, { sandbox, major }, active, server, context, tally);
	} finally {
		if (pass.realOdoo) {
			await odoo(sandbox)
				.then((client) => cleanUpRun(client, sandbox.run))
				.catch((error) =>
					console.log(`  cleaning up run ${sandbox.run} on ${pass.realOdoo!.url} failed: ${error}`),
				);
		}
		await sandbox.close();
		await collector.close();
		await queue?.close();
		if (tally.failed === failedBefore) fs.rmSync(userFolder, { recursive: true, force: true });
		else
			console.log(
				`  n8n ${major} data and logs kept for a look: ${path.relative(ROOT, userFolder)}/ (n8n.log, logs/)`,
			);
	}
}

async function runExecuteCase(instance: Instance, c: ExecuteCase, ctx: CaseContext): Promise<void> {
	await c.setup?.(ctx);
	let outputs: NodeOutputs = {};
	for (let n = 0; n < (c.runs ?? 1); n++) {
		outputs = await execute(instance, ctx.workflowId, path.basename(c.workflow, '.json'));
		if (n === 0 && !c.stopsEarly && isTemplate(c.workflow))
			checkLastNodesGotItems(c.workflow, outputs);
	}
	await c.verify(ctx, outputs);
}

function isTemplate(workflow: string): boolean {
	return templateFiles().includes(path.resolve(ROOT, workflow));
}

/** A template run on the sandbox must show a result: every node at the end of a branch put out items. */
function checkLastNodesGotItems(workflow: string, outputs: NodeOutputs): void {
	const { nodes, connections } = JSON.parse(
		fs.readFileSync(path.resolve(ROOT, workflow), 'utf8'),
	) as {
		nodes: Array<{ name: string; type: string }>;
		connections: Record<string, unknown>;
	};
	const last = nodes
		// A Stop and Error node ends the branch a misconfigured run takes: a good run never reaches it.
		.filter(
			(n) =>
				!n.type.endsWith('.stickyNote') &&
				!n.type.endsWith('.stopAndError') &&
				!(n.name in connections),
		)
		.map((n) => n.name);
	const empty = last.filter((name) => !outputs[name]?.length);
	if (empty.length > 0)
		throw new Error(
			`the first run carried no item to ${empty.map((n) => `"${n}"`).join(', ')} (the end of the workflow)`,
		);
}

async function execute(
	instance: Instance,
	workflowId: string,
	label: string,
): Promise<NodeOutputs> {
	return nodeOutputs(await executeWorkflow(instance, workflowId, label));
}

function nodeOutputs(run: RunJson): NodeOutputs {
	const runData = run?.data?.resultData?.runData ?? {};
	return Object.fromEntries(
		Object.entries(runData).map(([node, runs]) => [
			node,
			runs.flatMap((r) =>
				(r.data?.main ?? []).flatMap((items) => (items ?? []).map((i) => i.json)),
			),
		]),
	);
}

function hasWorkflow(c: E2eCase): c is WorkflowCase {
	return c.kind !== 'server';
}

/** A case that edits its workflow gets one of its own (its own id, so its own static data too). */
function workflowKey(c: WorkflowCase): string {
	return c.edit ? `${c.workflow}#${c.name}` : c.workflow;
}

/**
 * Activates every active case's workflow, starts one n8n server for all of them, then triggers
 * and verifies each, and runs the server cases against the same server.
 */
async function runServerCases(
	instance: Instance,
	pass: Pass,
	base: Omit<CaseContext, 'workflowId' | 'notes'>,
	cases: ActiveCase[],
	serverCases: ServerCase[],
	context: (c: WorkflowCase) => CaseContext,
	tally: Tally,
): Promise<void> {
	const ready: ActiveCase[] = [];
	for (const c of cases) {
		await record(
			tally,
			pass,
			c,
			[],
			async () => {
				await c.setup?.(context(c));
				await activate(instance, context(c).workflowId);
				ready.push(c);
			},
			'activation',
		);
	}
	if (ready.length + serverCases.length === 0) return;
	const server = startN8n(instance);
	const worker = pass.queue ? await startWorker(instance, WORKER_CONCURRENCY) : undefined;
	try {
		let rest: ServerContext['rest'];
		try {
			await waitUntilReady(server);
			rest = await ownerSession(server.url);
		} catch (error) {
			failAll(tally, pass, [...ready, ...serverCases], error);
			return;
		}
		const serverContext = {
			...base,
			n8nUrl: server.url,
			rest,
			postWebhook: (p: string, body: unknown) => postWebhook(server.url, p, body),
			runManually: async (id: string, trigger = 'Run now') =>
				nodeOutputs(await runFromTrigger(rest, id, trigger)),
		};
		for (const c of serverCases) {
			const notes: string[] = [];
			await record(tally, pass, c, notes, async () => c.verify({ ...serverContext, notes }));
		}
		for (const c of ready) {
			const ctx: ServerContext = { ...serverContext, ...context(c) };
			await record(tally, pass, c, ctx.notes, async () => {
				const triggered = await c.trigger?.(ctx);
				await eventually(() => c.verify(ctx, triggered), c.timeoutMs ?? 30_000);
			});
		}
	} finally {
		await server.stop();
		await worker?.stop();
	}
}

/** n8n registers production webhooks a while after it starts answering; retry until this webhook answers for real. */
async function postWebhook(
	n8nUrl: string,
	webhookPath: string,
	body: unknown,
): Promise<{ status: number; body: unknown }> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(`${n8nUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		const notYet = response.status === 404 || text.includes('n8n is starting up');
		if (!notYet || Date.now() > deadline) {
			return {
				status: response.status,
				body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text,
			};
		}
		await sleep(500);
	}
}

async function eventually(check: () => Promise<void> | void, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await sleep(1000);
		}
	}
}

/**
 * Runs one step of a case and prints ✓/✗ with what the case left unchecked on this backend;
 * only a failure counts for a non-final step such as activation.
 */
async function record(
	tally: Tally,
	pass: Pass,
	c: E2eCase,
	notes: string[],
	step: () => Promise<void>,
	stepName?: string,
): Promise<void> {
	const started = Date.now();
	const name = `[${caseTag(pass)}] ${c.name}`;
	try {
		await step();
		if (!stepName) report(tally, name, undefined, Date.now() - started, notes);
	} catch (error) {
		report(tally, `${name}${stepName ? ` (${stepName})` : ''}`, error, Date.now() - started);
	}
}

/** e.g. "n8n 1, Odoo 16 real": short enough to lead every case line. */
function caseTag(pass: Pass): string {
	return `n8n ${pass.major}, Odoo ${parseInt(pass.odooVersion, 10)} ${pass.realOdoo ? 'real' : 'fake'}`;
}

function failAll(tally: Tally, pass: Pass, cases: E2eCase[], error: unknown): void {
	for (const c of cases) report(tally, `[${caseTag(pass)}] ${c.name}`, error);
}

function report(
	tally: Tally,
	name: string,
	error: unknown,
	ms?: number,
	notes: string[] = [],
): void {
	const time =
		ms === undefined
			? ''
			: ` (${(ms / 1000).toFixed(1)} s${notes.length ? `; not checked: ${notes.join(', ')}` : ''})`;
	if (error === undefined) {
		tally.passed++;
		console.log(`  ✓ ${name}${time}`);
	} else {
		tally.failed++;
		const message = error instanceof Error ? error.message : String(error);
		console.log(`  ✗ ${name}${time}\n      ${message.split('\n').join('\n      ')}`);
	}
}

// Ctrl-C: exit through process.exit so the exit hooks kill n8n's process groups (a signal's default death skips them).
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error instanceof Error ? error.message : error);
		console.log('0 passed, 1 failed');
		process.exit(1);
	},
);
