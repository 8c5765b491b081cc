/**
 * Odoo → Qobra export in real n8n against a real Odoo 16 and the fake Qobra: for each table size, the Qobra
 * node's time end to end (read every page, convert, push, wait for the import) and the peak RSS of the n8n
 * process, next to an n8n run that does nothing (the process's own footprint). The partners are created for the
 * run (ref `qbench-<run>-…`, 1,000 per create) and deleted at the end.
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
	type WorkflowNode,
} from './n8n-runtime';
import { ODOO_LOCAL, REAL_ODOO_VARIABLES, realOdooServers } from './real-odoo';
import { CREDENTIAL_IDS, startSandbox } from './sandbox';

const PER_CREATE = 1000;
const TABLE = 'odoo_partners_bench';
const FIELDS = 'name, ref, email, is_company, user_id, country_id, create_date';

export async function qobraBench(): Promise<void> {
	const sizes = (process.env.QOBRA_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
	const runtime = await ensureN8n(1);
	console.log(
		`\n## Odoo → Qobra export in real n8n ${runtime.version}, real Odoo 16, fake Qobra (${FIELDS})`,
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
		ref: 'string',
		email: 'string',
		is_company: 'bool',
		user_id: 'user',
		country_id: 'string',
		create_date: 'date',
	});
	const client = await OdooClient.connect(odoo16);
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(RUNTIME_DIR, 'bench-1-'));
	try {
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
				model: 'res.partner',
				fields: FIELDS,
				domain: JSON.stringify([['ref', '=like', `${prefix}%`]]),
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
		const base = (await executeWorkflow(instance, idle.id, 'qobra-bench-idle')).peakRssBytes;

		const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
		const row = (...cols: string[]) =>
			console.log(cols.map((c, i) => c.padEnd(i === 0 ? 16 : 22)).join(''));
		row(
			'rows',
			'export (node time)',
			'n8n execute (wall)',
			'peak RSS of n8n',
			'Odoo pages / pushes',
		);
		row('none', '—', '—', mb(base), '—');
		let made = 0;
		for (const size of sizes) {
			const started = Date.now();
			for (; made < size; made += PER_CREATE)
				await client.create(
					'res.partner',
					Array.from({ length: Math.min(PER_CREATE, size - made) }, (_, n) => ({
						name: `Qobra bench ${made + n}`,
						ref: `${prefix}${made + n}`,
						email: `qbench${made + n}@example.com`,
					})),
				);
			made = size;
			console.log(
				`  (${size.toLocaleString('en')} partners ready, ${((Date.now() - started) / 1000).toFixed(0)} s of creates)`,
			);
			const wall = Date.now();
			const result = await executeWorkflow(instance, run.id, `qobra-bench-${size}`);
			const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
			const node = result.data?.resultData?.runData?.Qobra?.[0];
			const out = node?.data?.main?.[0]?.[0]?.json as
				| { records: number; imported: number; pages: number; calls: number }
				| undefined;
			if (out?.imported !== size)
				throw new Error(
					`the export imported ${out?.imported} of ${size}: ${JSON.stringify(out)?.slice(0, 300)}`,
				);
			row(
				size.toLocaleString('en'),
				seconds(node?.executionTime ?? NaN),
				seconds(Date.now() - wall),
				mb(result.peakRssBytes),
				`${out.pages} / ${out.calls}`,
			);
		}
		console.log(
			'Each page of 5,000 partners is converted and pushed before the next is read; peak RSS covers the whole `n8n execute` (start-up included).',
		);
	} finally {
		const ids = await client.search('res.partner', [['ref', '=like', `${prefix}%`]], {
			context: { active_test: false },
		});
		for (let i = 0; i < ids.length; i += PER_CREATE)
			await client.unlink('res.partner', ids.slice(i, i + PER_CREATE));
		console.log(`deleted the ${ids.length} bench partners (ref ${prefix}…)`);
		await sandbox.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}
