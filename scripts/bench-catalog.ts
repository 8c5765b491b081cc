/**
 * `node build/scripts/bench-catalog.js`: the catalogue export template end to end in real n8n
 * against a real Odoo 16: 10,000 catalogue products (each with an image) → Odoo, then an
 * incremental re-run; once with the history in PostgreSQL (n8n 1.x, `n8n execute`) and once in
 * Data Tables (n8n 2.x, run from *Run now* in the server: `n8n execute` has no Data Tables).
 * Prints wall time, the n8n process's peak memory, the RPC calls Odoo received (counted by a
 * pass-through proxy in front of it) and what the sync history cost (its nodes' executionTime).
 * `BENCH_CATALOG_STORES` picks `postgres`, `data-tables` or both (the default). Products carry
 * the run's tag and are deleted at the end.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { OdooClient } from '../lib';
import { sampleProduct } from '../test/fakes/catalog';
import { cleanUpRun } from '../test/e2e/odoo';
import {
	createInstance,
	ensureN8n,
	executeWorkflow,
	importAll,
	loadWorkflow,
	ownerSession,
	peakRss,
	ROOT,
	runFromTrigger,
	RUNTIME_DIR,
	startN8n,
	waitUntilReady,
	type Instance,
	type Major,
	type RunJson,
} from './n8n-runtime';
import { ODOO_LOCAL, REAL_ODOO_VARIABLES, realOdooServers } from './real-odoo';
import { startSandbox, type RealOdoo } from './sandbox';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const STORES = (process.env.BENCH_CATALOG_STORES ?? 'postgres,data-tables').split(',');

interface Store {
	/** As `BENCH_CATALOG_STORES` names it. */
	id: string;
	name: string;
	major: Major;
	template: string;
	/** The nodes that read or write the history, state and cursor. */
	historyNodes: string[];
	/** Starts what runs the template; `run` resolves with the run and n8n's peak memory so far. */
	start(
		instance: Instance,
		workflowId: string,
	): Promise<{
		run(label: string): Promise<{ run: RunJson; peakRssBytes: number }>;
		stop(): Promise<void>;
	}>;
}

const POSTGRES: Store = {
	id: 'postgres',
	name: 'history in PostgreSQL, `n8n execute`',
	major: 1,
	template: 'catalog-export-to-odoo.json',
	historyNodes: ['Ensure tables', 'Last cursor', 'Images sent before', 'Write history', 'Finish'],
	async start(instance, workflowId) {
		return {
			run: async (label) => {
				const run = await executeWorkflow(instance, workflowId, label);
				return { run, peakRssBytes: run.peakRssBytes };
			},
			stop: async () => undefined,
		};
	},
};

const DATA_TABLES: Store = {
	id: 'data-tables',
	name: 'history in Data Tables, *Run now* in `n8n start`',
	major: 2,
	template: 'catalog-export-to-odoo-data-tables.json',
	historyNodes: [
		'History table',
		'State table',
		'Cursor table',
		'Read cursor',
		'Last cursor',
		'Images sent before',
		'History rows',
		'Write history',
		'State to save',
		'Added state',
		'Add state',
		'Changed state',
		'Update state',
		'Batch history',
		'Summary',
		'Save cursor',
		'Finish',
	],
	async start(instance, workflowId) {
		const server = startN8n(instance);
		try {
			await waitUntilReady(server);
			const rest = await ownerSession(server.url);
			console.log(
				`  (n8n server ready, peak RSS so far ${(peakRss(server.pid) / 2 ** 20).toFixed(0)} MB)`,
			);
			return {
				run: async () => ({
					run: await runFromTrigger(rest, workflowId, 'Run now', 3_600_000),
					peakRssBytes: peakRss(server.pid),
				}),
				stop: () => server.stop(),
			};
		} catch (error) {
			await server.stop();
			throw error;
		}
	},
};

/** Forwards every request to Odoo and counts the RPC calls (POSTs). */
async function countingProxy(
	target: string,
): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
	const to = new URL(target);
	let calls = 0;
	const server = http.createServer((req, res) => {
		if (req.method === 'POST') calls++;
		const upstream = http.request(
			{
				host: to.hostname,
				port: to.port,
				path: req.url,
				method: req.method,
				headers: { ...req.headers, host: to.host },
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		calls: () => calls,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

const nodeMs = (run: RunJson, names: string[]) =>
	names.reduce(
		(sum, name) =>
			sum +
			(run.data?.resultData?.runData?.[name] ?? []).reduce((s, r) => s + (r.executionTime ?? 0), 0),
		0,
	);

async function main(): Promise<void> {
	const odoo16 = (await realOdooServers([16])).get(16);
	if (!odoo16) {
		console.log(`skipped: no ${ODOO_LOCAL} and none of ${REAL_ODOO_VARIABLES} set`);
		return;
	}
	for (const store of [POSTGRES, DATA_TABLES].filter((st) => STORES.includes(st.id)))
		await benchStore(store, odoo16);
}

async function benchStore(store: Store, odoo16: RealOdoo): Promise<void> {
	const runtime = await ensureN8n(store.major);
	const proxy = await countingProxy(odoo16.url);
	const sandbox = await startSandbox({ realOdoo: { ...odoo16, url: proxy.url } });
	const userFolder = path.join(RUNTIME_DIR, `bench-${store.major}-catalog-${sandbox.run}`);
	try {
		const fake = sandbox.catalog.fake!;
		for (let n = 1; n <= PRODUCTS; n++)
			fake.create({
				...sampleProduct(n, `BENCH-${sandbox.run}`),
				ean: `3${String(Date.now() % 1e6).padStart(6, '0')}${String(n).padStart(6, '0')}`,
			});
		const instance = await createInstance(runtime, { userFolder, env: sandbox.env });
		const workflow = loadWorkflow(
			path.join(ROOT, 'workflows', store.template),
			sandbox.credentials,
		);
		await importAll(instance, sandbox.credentials, [workflow]);
		console.log(
			`## Catalogue export, ${PRODUCTS} products with images, n8n ${runtime.version} → real Odoo 16, ${store.name}`,
		);
		console.log(
			'run | wall s | RPC calls | n8n peak RSS MB | history nodes ms | history ms per 1,000 | created/updated/unchanged/failed',
		);
		const runner = await store.start(instance, workflow.id!);
		try {
			for (const label of ['first run', 'incremental re-run']) {
				const calls = proxy.calls();
				const start = Date.now();
				const { run, peakRssBytes } = await runner.run(label.replace(/\W+/g, '-'));
				const wall = (Date.now() - start) / 1000;
				const finish = run.data?.resultData?.runData?.Finish?.[0]?.data?.main?.[0]?.[0]
					?.json as Record<string, number>;
				const historyMs = nodeMs(run, store.historyNodes);
				console.log(
					`  (${label}, history nodes: ${store.historyNodes.map((n) => `${n} ${nodeMs(run, [n])} ms`).join(', ')})`,
				);
				console.log(
					`${label} | ${wall.toFixed(1)} | ${proxy.calls() - calls} | ${(peakRssBytes / 2 ** 20).toFixed(0)} | ${historyMs} | ${((historyMs * 1000) / Math.max(1, finish.products)).toFixed(0)} | ${finish.created}/${finish.updated}/${finish.unchanged}/${finish.failed}`,
				);
			}
		} finally {
			await runner.stop();
		}
	} finally {
		const client = await OdooClient.connect(odoo16);
		await cleanUpRun(client, sandbox.run);
		await sandbox.close();
		await proxy.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
