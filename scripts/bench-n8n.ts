/**
 * `npm run bench`, real-n8n section: the pack's Odoo node next to n8n's built-in Odoo node
 * (`n8n-nodes-base.odoo`, credential `odooApi`), in real n8n 1.x against a real Odoo 16, each
 * figure the node's own executionTime from the run data (n8n's start-up and the other nodes do
 * not count). The library alone (Upserter on a connected client) does the same 1,000-record
 * batches for comparison.
 *
 * Cold and warm: `n8n execute` is a new n8n process each time, so its executions are all cold.
 * Warm is what a production webhook sees: one `n8n start` process serves a webhook workflow per
 * node; after a first request (cold), the median of the next WARM_RUNS requests is the warm figure.
 * The rows that vary most on a shared machine (Return All, time and peak RSS of the same runs; 1,000 new records
 * warm and through the library) are medians of REPEATS runs.
 *
 * Bench records carry a ref unique to this run (BENCH-<run>-…) and are deleted at the end.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OdooClient, Upserter, type Vals } from '../lib';
import { BUILT_IN_ODOO_CREDENTIAL, ODOO_CREDENTIAL } from '../lib/n8n/odoo';
import {
	activate,
	createInstance,
	ensureN8n,
	executeWorkflow,
	importAll,
	ownerSession,
	RUNTIME_DIR,
	sleep,
	startN8n,
	waitUntilReady,
	type Instance,
	type RestCall,
	type RunJson,
	type Workflow,
	type WorkflowNode,
	unflatten,
} from './n8n-runtime';
import { ODOO_LOCAL, REAL_ODOO_VARIABLES, realOdooServers } from './real-odoo';
import { startSandbox, type Sandbox } from './sandbox';

const RECORDS = 1000;
/** Return All reads a table of at least this many partners (the issue measured 34,443): bench partners fill it up. */
const TABLE = 30_000;
const BATCH = 100; // the node's default batch size
const WARM_RUNS = 5;
/** Runs of each side for the rows that vary most on a shared machine (Return All, 1,000 new): medians count. */
const REPEATS = 5;
const PARTNER_FIELDS = ['name', 'email', 'ref', 'city'];
const ODOO_NODE = 'Odoo';

type Side = 'pack' | 'builtIn';

export async function n8nBench(): Promise<void> {
	const runtime = await ensureN8n(1);
	console.log(
		`\n## Real n8n ${runtime.version} against a real Odoo 16: this pack's Odoo node vs n8n's built-in Odoo node (node executionTime)`,
	);
	const odoo16 = (await realOdooServers([16])).get(16);
	if (!odoo16) {
		console.log(`skipped: no ${ODOO_LOCAL} and none of ${REAL_ODOO_VARIABLES} set`);
		return;
	}
	const sandbox = await startSandbox({ realOdoo: odoo16 });
	const prefix = `BENCH-${sandbox.run}`;
	const client = await OdooClient.connect(odoo16);
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(RUNTIME_DIR, 'bench-1-'));
	try {
		const instance = await createInstance(runtime, { userFolder, env: sandbox.env });
		const workflows = benchWorkflows(sandbox, prefix);
		await importAll(instance, sandbox.credentials, Object.values(workflows));
		const time = async (workflow: Workflow, env: Record<string, string> = {}) =>
			nodeTime(
				await executeWorkflow(
					{ ...instance, env: { ...instance.env, ...env } },
					workflow.id,
					workflow.name,
				),
			);

		const filler = Math.max(0, TABLE - (await client.count('res.partner')));
		// No email: a template syncing people with an email, run meanwhile on the same Odoo, leaves them alone.
		for (let i = 0; i < filler; i += RECORDS)
			await client.create(
				'res.partner',
				Array.from({ length: Math.min(RECORDS, filler - i) }, (_, n) => ({
					ref: `${prefix}-T-${i + n}`,
					name: `Bench table ${i + n}`,
					city: 'Ghent',
				})),
			);
		const partners = await client.count('res.partner');
		// Time and memory of the same runs, alternating sides; memory is the n8n process's peak RSS over the whole
		// `n8n execute` (start-up included, the same for both).
		const allRuns: Record<Side, (RunJson & { peakRssBytes: number })[]> = { pack: [], builtIn: [] };
		for (let n = 0; n < REPEATS; n++)
			for (const side of ['pack', 'builtIn'] as const)
				allRuns[side].push(
					await executeWorkflow(instance, workflows[`${side}All`].id, workflows[`${side}All`].name),
				);
		const returnAll = {
			pack: median(allRuns.pack.map(nodeTime)),
			builtIn: median(allRuns.builtIn.map(nodeTime)),
		};
		const returnAllRss = {
			pack: median(allRuns.pack.map((r) => r.peakRssBytes)),
			builtIn: median(allRuns.builtIn.map((r) => r.peakRssBytes)),
		};
		const cold = { pack: await time(workflows.packOne), builtIn: await time(workflows.builtInOne) };
		const warm = await warmTimes(instance, workflows, prefix);
		const created = {
			pack: await time(workflows.packBatch),
			builtIn: await time(workflows.builtInBatch),
		};
		const rerun = await time(workflows.packBatch);
		const changed = await time(workflows.packBatch, { BENCH_CHANGED: '1' });
		const lib = await libraryTimes(client, prefix);

		const row = (...cols: string[]) =>
			console.log(cols.map((c, i) => c.padEnd(i === 0 ? 46 : 18)).join(''));
		const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
		const ratio = (a: number | undefined, b: number | undefined) =>
			a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}x`;
		row('work', 'this pack', 'built-in node', 'pack / built-in', 'library alone', 'pack / library');
		row(
			'1 record, cold (n8n execute)',
			s(cold.pack),
			s(cold.builtIn),
			ratio(cold.pack, cold.builtIn),
			'—',
			'—',
		);
		row(
			`1 record, warm (webhook, median of ${WARM_RUNS})`,
			s(warm.pack),
			s(warm.builtIn),
			ratio(warm.pack, warm.builtIn),
			'—',
			'—',
		);
		row(
			`${RECORDS.toLocaleString('en')} new records`,
			s(created.pack),
			s(created.builtIn),
			ratio(created.pack, created.builtIn),
			s(lib.created),
			ratio(created.pack, lib.created),
		);
		row(
			`${RECORDS.toLocaleString('en')} new records, warm (webhook, median of ${REPEATS})`,
			s(warm.batch),
			'—',
			'—',
			s(lib.created),
			ratio(warm.batch, lib.created),
		);
		row(
			`${RECORDS.toLocaleString('en')}, nothing changed`,
			s(rerun),
			'—',
			'—',
			s(lib.rerun),
			ratio(rerun, lib.rerun),
		);
		row(
			`${RECORDS.toLocaleString('en')}, 10% changed`,
			s(changed),
			'—',
			'—',
			s(lib.changed),
			ratio(changed, lib.changed),
		);
		row(
			`Return All: ${partners.toLocaleString('en')} partners, ${PARTNER_FIELDS.length} fields, cold (n8n execute, median of ${REPEATS})`,
			s(returnAll.pack),
			s(returnAll.builtIn),
			ratio(returnAll.pack, returnAll.builtIn),
			'—',
			'—',
		);
		row(
			`Return All, warm (webhook, median of ${REPEATS})`,
			s(warm.returnAll.pack),
			s(warm.returnAll.builtIn),
			ratio(warm.returnAll.pack, warm.returnAll.builtIn),
			'—',
			'—',
		);
		const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
		row(
			'Return All: peak RSS of the n8n process',
			mb(returnAllRss.pack),
			mb(returnAllRss.builtIn),
			ratio(returnAllRss.pack, returnAllRss.builtIn),
			'—',
			'—',
		);
		console.log(
			`pack: upsert keyed on ref, batches of ${BATCH}; built-in: create (one call per item), getAll (one search_read). ` +
				`Library alone: Upserter on an already connected client, the same batches (the node's time includes connecting; new records: median of ${REPEATS}). ` +
				`Return All: ${filler.toLocaleString('en')} of the partners are bench records.`,
		);
	} finally {
		const ids = await client.search('res.partner', [['ref', '=like', `${prefix}-%`]], {
			context: { active_test: false },
		});
		for (let i = 0; i < ids.length; i += RECORDS)
			await client.unlink('res.partner', ids.slice(i, i + RECORDS));
		console.log(`deleted the ${ids.length} bench partners (ref ${prefix}-…)`);
		await sandbox.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/** The Odoo node's executionTime in ms (its first run). */
function nodeTime(run: RunJson): number {
	const time = run.data?.resultData?.runData?.[ODOO_NODE]?.[0]?.executionTime;
	if (time === undefined)
		throw new Error(`the run data has no executionTime for node "${ODOO_NODE}"`);
	return time;
}

const batchCode = (prefix: string, side: string) =>
	`const changed = $env.BENCH_CHANGED === '1';\n` +
	`return Array.from({ length: ${RECORDS} }, (_, i) => ({ json: { ref: '${prefix}-${side}-' + i, name: 'Bench ${side} ' + i, city: changed && i % 10 === 0 ? 'Changed ' + i : 'Ghent' } }));`;

/** Every bench workflow: Manual Trigger (or Webhook) → source → the Odoo node, for both nodes. */
function benchWorkflows(sandbox: Sandbox, prefix: string): Record<string, Workflow> {
	const credential = (type: string) => {
		const { id, name } = sandbox.credentials.find((c) => c.type === type)!;
		return { [type]: { id, name } };
	};
	const pack = (parameters: Record<string, unknown>): WorkflowNode => ({
		name: ODOO_NODE,
		type: 'n8n-nodes-odoo-sync.odoo',
		typeVersion: 1,
		position: [440, 0],
		parameters: { model: { __rl: true, mode: 'name', value: 'res.partner' }, ...parameters },
		credentials: credential(ODOO_CREDENTIAL),
	});
	const builtIn = (parameters: Record<string, unknown>): WorkflowNode => ({
		name: ODOO_NODE,
		type: 'n8n-nodes-base.odoo',
		typeVersion: 1,
		position: [440, 0],
		parameters: { resource: 'custom', customResource: 'res.partner', ...parameters },
		credentials: credential(BUILT_IN_ODOO_CREDENTIAL),
	});
	const upsert = (values: string) =>
		pack({
			operation: 'upsert',
			keyFields: 'ref',
			valuesMode: 'json',
			valuesJson: values,
			options: {},
		});
	const create = (item: string) =>
		builtIn({
			operation: 'create',
			fieldsToCreateOrUpdate: {
				fields: ['ref', 'name', 'city'].map((f) => ({
					fieldName: f,
					fieldValue: `={{ ${item}.${f} }}`,
				})),
			},
		});
	const one = `return [{ json: { ref: '${prefix}-one-' + Date.now(), name: 'Bench one', city: 'Ghent' } }];`;
	const webhook = (name: string): WorkflowNode => ({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `bench-${name}-${sandbox.run}`,
		parameters: {
			httpMethod: 'POST',
			path: `bench-${name}-${sandbox.run}`,
			responseMode: 'lastNode',
			options: {},
		},
	});
	const packAll = pack({
		operation: 'search',
		filterMode: 'domain',
		domain: '[]',
		fields: PARTNER_FIELDS,
		returnAll: true,
		output: 'each',
		options: {},
	});
	const builtInAll = builtIn({
		operation: 'getAll',
		returnAll: true,
		options: { fieldsList: PARTNER_FIELDS },
	});
	const workflows: Record<string, Workflow> = {
		packAll: manual('Bench pack Search Return All', packAll),
		builtInAll: manual('Bench built-in getAll returnAll', builtInAll),
		packAllHook: workflow('Bench pack Search Return All webhook', [webhook('pack-all'), packAll]),
		builtInAllHook: workflow('Bench built-in getAll webhook', [webhook('builtIn-all'), builtInAll]),
		packOne: manual('Bench pack upsert one', upsert('={{ JSON.stringify($json) }}'), one),
		builtInOne: manual('Bench built-in create one', create('$json'), one),
		packBatch: manual(
			'Bench pack upsert batch',
			upsert('={{ JSON.stringify($json) }}'),
			batchCode(prefix, 'P'),
		),
		builtInBatch: manual('Bench built-in create batch', create('$json'), batchCode(prefix, 'B')),
		packHook: workflow('Bench pack upsert webhook', [
			webhook('pack'),
			upsert('={{ JSON.stringify($json.body) }}'),
		]),
		builtInHook: workflow('Bench built-in create webhook', [
			webhook('builtIn'),
			create('$json.body'),
		]),
		// Served by the same warm process: a batch of new records posted as {records: [...]}.
		packBatchHook: workflow('Bench pack upsert batch webhook', [
			webhook('batch'),
			{
				name: 'Records',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: 'return $input.first().json.body.records.map((json) => ({ json }));',
				},
			},
			upsert('={{ JSON.stringify($json) }}'),
		]),
	};
	// Stable 16-character ids (as n8n makes them), so a re-import overwrites.
	for (const [key, w] of Object.entries(workflows))
		w.id = `bench${key}`.padEnd(16, '0').slice(0, 16);
	return workflows;
}

function manual(name: string, odooNode: WorkflowNode, code?: string): Workflow {
	const trigger: WorkflowNode = {
		name: 'Manual Trigger',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const source: WorkflowNode[] = code
		? [
				{
					name: 'Records',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
					parameters: { jsCode: code },
				},
			]
		: [];
	return workflow(name, [trigger, ...source, odooNode]);
}

/** Nodes connected in a line. */
export function workflow(name: string, nodes: WorkflowNode[]): Workflow {
	const connections = Object.fromEntries(
		nodes
			.slice(0, -1)
			.map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]),
	);
	return { id: '', name, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

/** One `n8n start` serving both webhook workflows: a cold request each, then WARM_RUNS each, alternating; medians. */
async function warmTimes(
	instance: Instance,
	workflows: Record<string, Workflow>,
	prefix: string,
): Promise<Record<Side, number> & { batch: number; returnAll: Record<Side, number> }> {
	const hooks: Record<Side, Workflow> = {
		pack: workflows.packHook,
		builtIn: workflows.builtInHook,
	};
	const allHooks: Record<Side, Workflow> = {
		pack: workflows.packAllHook,
		builtIn: workflows.builtInAllHook,
	};
	for (const w of [...Object.values(hooks), ...Object.values(allHooks), workflows.packBatchHook])
		await activate(instance, w.id);
	const server = startN8n(instance);
	try {
		await waitUntilReady(server);
		const rest = await ownerSession(server.url);
		const times: Record<Side, number[]> = { pack: [], builtIn: [] };
		for (let n = 0; n <= WARM_RUNS; n++) {
			for (const side of ['pack', 'builtIn'] as const) {
				const hook = hooks[side].nodes[0].parameters as { path: string };
				await postUntilServed(`${server.url}/webhook/${hook.path}`, {
					ref: `${prefix}-hook-${side}-${n}`,
					name: `Bench hook ${n}`,
					city: 'Ghent',
				});
				const time = nodeTime(await lastExecution(rest, hooks[side].id, n + 1));
				if (n > 0) times[side].push(time);
			}
		}
		const batchHook = workflows.packBatchHook.nodes[0].parameters as { path: string };
		const batches: number[] = [];
		for (let n = 0; n < REPEATS; n++) {
			const records = Array.from({ length: RECORDS }, (_, i) => ({
				ref: `${prefix}-WB${n}-${i}`,
				name: `Bench warm ${i}`,
				city: 'Ghent',
			}));
			await postUntilServed(`${server.url}/webhook/${batchHook.path}`, { records });
			batches.push(nodeTime(await lastExecution(rest, workflows.packBatchHook.id, n + 1)));
		}
		// Return All in the same warm process (the pack's session and field descriptions already cached).
		const all: Record<Side, number[]> = { pack: [], builtIn: [] };
		for (let n = 0; n < REPEATS; n++)
			for (const side of ['pack', 'builtIn'] as const) {
				const hook = allHooks[side].nodes[0].parameters as { path: string };
				await postUntilServed(`${server.url}/webhook/${hook.path}`, {});
				all[side].push(nodeTime(await lastExecution(rest, allHooks[side].id, n + 1)));
			}
		return {
			pack: median(times.pack),
			builtIn: median(times.builtIn),
			batch: median(batches),
			returnAll: { pack: median(all.pack), builtIn: median(all.builtIn) },
		};
	} finally {
		await server.stop();
	}
}

/** n8n answers 404 until it has registered the production webhook. */
async function postUntilServed(url: string, body: unknown): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (response.ok) return;
		if (response.status !== 404 || Date.now() > deadline)
			throw new Error(`POST ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
		await sleep(500);
	}
}

/** The run data of the workflow's `count`-th execution, once n8n has saved it (the REST API serves it flattened). */
async function lastExecution(rest: RestCall, workflowId: string, count: number): Promise<RunJson> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const list = (await rest(
			'GET',
			`rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`,
		)) as { count: number; results: { id: string }[] };
		if (list.count >= count) {
			const execution = (await rest('GET', `rest/executions/${list.results[0].id}`)) as {
				data: string;
			};
			return { data: unflatten(execution.data) as RunJson['data'] };
		}
		if (Date.now() > deadline)
			throw new Error(`n8n saved ${list.count} executions of ${workflowId}, expected ${count}`);
		await sleep(250);
	}
}

/** The same batches through the library: new, again, 10% changed. */
async function libraryTimes(
	client: OdooClient,
	prefix: string,
): Promise<{ created: number; rerun: number; changed: number }> {
	const upserter = new Upserter(client, 'res.partner');
	const rows = (tag: string, changed: boolean): Vals[] =>
		Array.from({ length: RECORDS }, (_, i) => ({
			ref: `${prefix}-${tag}-${i}`,
			name: `Bench ${tag} ${i}`,
			city: changed && i % 10 === 0 ? `Changed ${i}` : 'Ghent',
		}));
	const run = async (tag: string, changed = false) => {
		const t0 = process.hrtime.bigint();
		const all = rows(tag, changed);
		for (let i = 0; i < all.length; i += BATCH)
			await upserter.upsert(
				all.slice(i, i + BATCH).map((vals) => ({ vals })),
				{ binding: { fields: ['ref'] }, writeStrategy: 'parallel' },
			);
		return Number(process.hrtime.bigint() - t0) / 1e6;
	};
	const created: number[] = [];
	for (let n = 0; n < REPEATS; n++) created.push(await run(`L${n}`));
	return { created: median(created), rerun: await run('L0'), changed: await run('L0', true) };
}

function median(xs: number[]): number {
	return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}
