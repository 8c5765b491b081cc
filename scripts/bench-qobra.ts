/**
 * Odoo → Qobra export in real n8n against a real Odoo 16 and the fake Qobra: for each table size, the Qobra
 * node's time end to end (read every page, convert, push, wait for the import) and the peak RSS of the n8n
 * process, next to an n8n run that does nothing (the process's own footprint). The rows are CRM tags created for
 * the run (name `qbench-<run>-…`, 1,000 per create) and deleted at the end: the shared Odoo 16 takes about 10 s
 * per 1,000 partners to create and 7 s to delete, against about 1 s for tags, and the export streams any model
 * the same way (one page read, converted and pushed at a time).
 */
import * as fs from 'fs';
import * as path from 'path';
import { OdooClient } from '../lib';
import { ODOO_CREDENTIAL } from '../lib/n8n/odoo';
import { QOBRA_CREDENTIAL } from '../lib/n8n/qobra';
import { workflow } from './bench-n8n';
import {
	createInstance,
	ensureN8n,
	executeWorkflow,
	importAll,
	RUNTIME_DIR,
	type RunJson,
	type WorkflowNode,
} from './n8n-runtime';
import { ODOO_LOCAL, REAL_ODOO_VARIABLES, realOdooServers } from './real-odoo';
import { CREDENTIAL_IDS, startSandbox } from './sandbox';

const PER_CREATE = 1000;
const MODEL = 'crm.tag';
const TABLE = 'odoo_tags_bench';
const FIELDS = 'name, color, create_uid, create_date, write_uid, write_date';
const HEAP_CAP_MB = 192;

/** The largest heap V8 reported after a full collection (`--trace-gc`), and how many full collections ran. */
function liveHeap(output: string): string {
	const after = [...output.matchAll(/Mark-Compact[^\n]*?-> ([\d.]+) \(/g)].map((m) => Number(m[1]));
	return after.length ? `${Math.round(Math.max(...after))} MB (${after.length})` : '—';
}

export async function qobraBench(): Promise<void> {
	const sizes = (process.env.QOBRA_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
	const runtime = await ensureN8n(1);
	console.log(
		`\n## Odoo → Qobra export in real n8n ${runtime.version}, real Odoo 16 (${MODEL}: ${FIELDS}), fake Qobra`,
	);
	const odoo16 = (await realOdooServers([16])).get(16);
	if (!odoo16) {
		console.log(`skipped: no ${ODOO_LOCAL} and none of ${REAL_ODOO_VARIABLES} set`);
		return;
	}
	const sandbox = await startSandbox({ realOdoo: odoo16 });
	const prefix = `qbench-${sandbox.run}-`;
	const qobra = sandbox.qobra.fake!;
	qobra.defineTable(TABLE, {
		id: 'number',
		name: 'string',
		color: 'number',
		create_uid: 'user',
		create_date: 'date',
		write_uid: 'user',
		write_date: 'date',
	});
	const client = await OdooClient.connect(odoo16);
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(RUNTIME_DIR, 'bench-1-'));
	try {
		// V8 prints each garbage collection: the heap left after a full one is what the run still holds.
		const instance = await createInstance(runtime, { userFolder, env: sandbox.env });
		const trigger: WorkflowNode = {
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const exporter: WorkflowNode = {
			name: 'Qobra',
			type: 'n8n-nodes-odoo-sync.qobra',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				resource: 'dataTable',
				operation: 'exportOdoo',
				model: MODEL,
				fields: FIELDS,
				domain: JSON.stringify([['name', '=like', `${prefix}%`]]),
				table: TABLE,
				mode: 'replace',
				pageSize: 5000,
				options: { debounce: 0, wait: true, interval: 1, timeout: 3600 },
			},
			credentials: {
				[QOBRA_CREDENTIAL]: { id: CREDENTIAL_IDS.qobra, name: 'Qobra (sandbox)' },
				[ODOO_CREDENTIAL]: { id: CREDENTIAL_IDS.odooReadOnly, name: 'Odoo, read-only' },
			},
		};
		const idle = { ...workflow('Qobra bench: nothing', [trigger]), id: 'qobraBenchIdle01' };
		const run = { ...workflow('Qobra bench: export', [trigger, exporter]), id: 'qobraBenchExprt1' };
		await importAll(instance, sandbox.credentials, [idle, run]);
		// A second run of each with V8's old space capped and every garbage collection printed: the heap
		// left after a full collection is what the run still holds, and the cap makes full collections
		// frequent, so rows kept by the export would raise it with the table (or end the run).
		const capped = { ...instance, nodeArgs: [`--max-old-space-size=${HEAP_CAP_MB}`, '--trace-gc'] };
		const runs = async (id: string, label: string) => {
			const started = Date.now();
			const plain = await executeWorkflow(instance, id, label);
			const wallMs = Date.now() - started;
			return { plain, wallMs, traced: await executeWorkflow(capped, id, `${label}-capped`) };
		};
		const base = await runs(idle.id, 'qobra-bench-idle');

		const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
		const row = (...cols: string[]) =>
			console.log(cols.map((c, i) => c.padEnd(i === 0 ? 16 : i === 4 ? 32 : 22)).join(''));
		row(
			'rows',
			'export (node time)',
			'n8n execute (wall)',
			'peak RSS of n8n',
			`${HEAP_CAP_MB} MB cap: live heap, RSS`,
			'Odoo pages / pushes',
		);
		const cappedRun = (r: { output: string; peakRssBytes: number }) =>
			`${liveHeap(r.output)}, RSS ${mb(r.peakRssBytes)}`;
		row('none', '—', '—', mb(base.plain.peakRssBytes), cappedRun(base.traced), '—');
		let made = 0;
		for (const size of sizes) {
			const started = Date.now();
			for (; made < size; made += PER_CREATE)
				await client.create(
					MODEL,
					Array.from({ length: Math.min(PER_CREATE, size - made) }, (_, n) => ({
						name: `${prefix}${made + n}`,
						color: (made + n) % 12,
					})),
				);
			made = size;
			console.log(
				`  (${size.toLocaleString('en')} tags ready, ${((Date.now() - started) / 1000).toFixed(0)} s of creates)`,
			);
			const { plain, wallMs, traced } = await runs(run.id, `qobra-bench-${size}`);
			const exported = (r: RunJson) => {
				const node = r.data?.resultData?.runData?.Qobra?.[0];
				const out = node?.data?.main?.[0]?.[0]?.json as
					| { imported: number; pages: number; calls: number }
					| undefined;
				if (out?.imported !== size)
					throw new Error(
						`the export imported ${out?.imported} of ${size}: ${JSON.stringify(out)?.slice(0, 300)}`,
					);
				return { ...out, executionTime: node?.executionTime ?? NaN };
			};
			const out = exported(plain);
			exported(traced);
			const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
			row(
				size.toLocaleString('en'),
				seconds(out.executionTime),
				seconds(wallMs),
				mb(plain.peakRssBytes),
				cappedRun(traced),
				`${out.pages} / ${out.calls}`,
			);
		}
		console.log(
			`Each page of 5,000 records is converted and pushed before the next is read. Peak RSS covers the whole \`n8n execute\` (start-up included). Live heap: a second run with V8's old space capped at ${HEAP_CAP_MB} MB and --trace-gc; the largest heap left after a full collection (Mark-Compact), how many full collections ran, and that run's peak RSS.`,
		);
	} finally {
		const ids = await client.search(MODEL, [['name', '=like', `${prefix}%`]]);
		for (let i = 0; i < ids.length; i += PER_CREATE)
			await client.unlink(MODEL, ids.slice(i, i + PER_CREATE));
		console.log(`deleted the ${ids.length} bench ${MODEL} records (name ${prefix}…)`);
		await sandbox.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}
