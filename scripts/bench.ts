/**
 * `npm run bench`: figures and ratios, printed, never asserted. The library sections run against
 * the fake Odoo, or against a real one given by ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD.
 * BENCH_LATENCY_MS (default 15) adds a per-RPC delay to the fake, as a real Odoo costs 15–25 ms a call.
 * BENCH_ONLY=execution,returnAll runs only those sections (decode, overhead, create, upsert, execution, returnAll, n8n, qobra).
 * The last section runs real n8n against a real Odoo 16 (bench-n8n.ts; skipped without one).
 */
import Deserializer from 'xmlrpc/lib/deserializer';
import { Readable } from 'node:stream';
import {
	nodeRequest,
	OdooClient,
	OdooConfig,
	SessionCache,
	shapeRecord,
	Upserter,
	UpsertOptions,
	Vals,
} from '../lib';
import { decodeMethodResponse, encodeMethodCall } from '../lib/odoo/xmlrpc-codec';
import { ADMIN, FakeOdoo, startFakeOdoo } from '../test/fakes/odoo';
import { n8nBench } from './bench-n8n';
import { qobraBench } from './bench-qobra';

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 15);
const real = !!process.env.ODOO_URL;

interface Target {
	config: OdooConfig;
	/** RPC calls so far: counted by the fake, or by wrapping the transport for a real server. */
	calls(): number;
	fake?: FakeOdoo;
	close(): Promise<void>;
}

async function target(): Promise<Target> {
	if (real) {
		let calls = 0;
		const config = {
			url: process.env.ODOO_URL!,
			db: process.env.ODOO_DB,
			username: process.env.ODOO_USER!,
			password: process.env.ODOO_PASSWORD!,
		};
		const request = nodeRequest;
		countedRequest = (r) => {
			calls++;
			return request(r);
		};
		return { config, calls: () => calls, close: async () => undefined };
	}
	const fake = await startFakeOdoo({ version: '16.0', seed: 'empty' });
	return {
		config: { url: fake.url, db: fake.db, username: ADMIN.login, password: ADMIN.password },
		calls: () => fake.calls.length,
		fake,
		close: () => fake.close(),
	};
}
let countedRequest = nodeRequest;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
	const t0 = process.hrtime.bigint();
	const value = await fn();
	return [value, ms(t0)];
}
const fmt = (n: number, d = 0) => n.toFixed(d).padStart(9);
const row = (...cols: (string | number)[]) =>
	console.log(cols.map((c) => String(c).padEnd(34)).join(''));

async function decodeBench(t: Target) {
	console.log('\n## Decode: a 10,000-record res.partner search_read response');
	const client = await OdooClient.connect(
		{ ...t.config, protocol: 'jsonrpc' },
		{ request: countedRequest },
	);
	if (t.fake && (await client.count('res.partner')) < 10000) {
		const rows = Array.from({ length: 10000 }, (_, i) => ({
			name: `Bench Partner ${i}`,
			email: `p${i}@example.com`,
			ref: `BP-${i}`,
			street: '250 Executive Park Blvd',
			city: 'San Francisco',
			phone: '+1 555 0100',
		}));
		t.fake.env.create('res.partner', rows);
	}
	const fields = [
		'name',
		'email',
		'ref',
		'street',
		'city',
		'zip',
		'phone',
		'country_id',
		'category_id',
		'active',
		'write_date',
		'is_company',
	];
	const args = [
		t.config.db ?? client.db,
		client.uid,
		t.config.password,
		'res.partner',
		'search_read',
		[[]],
		{ fields, limit: 10000 },
	];
	const xmlBody = (
		await countedRequest({
			method: 'POST',
			url: `${t.config.url}/xmlrpc/2/object`,
			headers: { 'Content-Type': 'text/xml' },
			body: encodeMethodCall('execute_kw', args),
		})
	).body;
	const jsonBody = (
		await countedRequest({
			method: 'POST',
			url: `${t.config.url}/jsonrpc`,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				jsonrpc: '2.0',
				method: 'call',
				params: { service: 'object', method: 'execute_kw', args },
				id: 1,
			}),
		})
	).body;
	const records = JSON.parse(jsonBody).result as unknown[];
	const plain = JSON.stringify(records);
	// Best of several sequential runs after a warm-up, so JIT and GC noise do not decide.
	const best = async (fn: () => unknown, runs = 7) => {
		await fn();
		const times: number[] = [];
		for (let i = 0; i < runs; i++) times.push((await timed(fn))[1]);
		return Math.min(...times);
	};
	const sax = () =>
		new Promise((res, rej) =>
			new Deserializer().deserializeMethodResponse(
				Readable.from([xmlBody]),
				(e: Error | null, v: unknown) => (e ? rej(e) : res(v)),
			),
		);
	const results: [string, number, number][] = [
		['XML-RPC, our decoder', xmlBody.length, await best(() => decodeMethodResponse(xmlBody))],
		['XML-RPC, xmlrpc package (SAX)', xmlBody.length, await best(sax, 2)],
		['JSON-RPC, JSON.parse', jsonBody.length, await best(() => JSON.parse(jsonBody))],
		['ceiling: JSON.parse of the records', plain.length, await best(() => JSON.parse(plain))],
	];
	row('decoder', 'records / MB', 'ms', 'MB/s');
	for (const [name, bytes, t] of results)
		row(
			name,
			`${records.length} / ${(bytes / 1e6).toFixed(1)}`,
			fmt(t, 1),
			fmt(bytes / 1e6 / (t / 1000), 1),
		);
	console.log(
		`ratio JSON-RPC vs XML-RPC decode: ${(results[0][2] / results[2][2]).toFixed(1)}x faster`,
	);
}

async function overheadBench(t: Target) {
	console.log(
		'\n## Client overhead over a bare HTTP call (search_read of 80 records, JSON-RPC, 5 x 100 calls each, medians)',
	);
	const client = await OdooClient.connect(
		{ ...t.config, protocol: 'jsonrpc' },
		{ request: countedRequest },
	);
	const body = searchReadBody(client, t.config.password, { fields: ['name', 'email'], limit: 80 });
	const n = 100;
	const bareRound = async () => {
		for (let i = 0; i < n; i++)
			JSON.parse(
				(
					await countedRequest({
						method: 'POST',
						url: `${t.config.url}/jsonrpc`,
						headers: { 'Content-Type': 'application/json' },
						body,
					})
				).body,
			);
	};
	const clientRound = async () => {
		for (let i = 0; i < n; i++)
			await client.searchRead('res.partner', [], { fields: ['name', 'email'], limit: 80 });
	};
	// Alternate rounds after a warm-up and keep each side's median, so neither side gets the warm server.
	await bareRound();
	await clientRound();
	const bares: number[] = [];
	const clients: number[] = [];
	for (let r = 0; r < 5; r++) {
		bares.push((await timed(bareRound))[1]);
		clients.push((await timed(clientRound))[1]);
	}
	const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	const bare = median(bares);
	const viaClient = median(clients);
	row('bare HTTP + JSON.parse', fmt(bare / n, 2) + ' ms/call');
	row('OdooClient.searchRead', fmt(viaClient / n, 2) + ' ms/call');
	console.log(
		`client overhead: ${(((viaClient - bare) / bare) * 100).toFixed(1)}% (target <= 20%)`,
	);
}

async function createBench(t: Target) {
	console.log(
		`\n## 1,000 creates: one call each vs one create with a list${t.fake ? ` (fake + ${latencyMs} ms per RPC)` : ''}`,
	);
	const client = await OdooClient.connect(t.config, { request: countedRequest });
	t.fake?.inject({ latencyMs });
	const rows = (tag: string) =>
		Array.from({ length: 1000 }, (_, i) => ({ name: `Bench ${tag} ${i}` }));
	let c0 = t.calls();
	const [, single] = await timed(async () => {
		for (const r of rows('single')) await client.create('res.partner', [r]);
	});
	const singleCalls = t.calls() - c0;
	c0 = t.calls();
	const [, batch] = await timed(() => client.create('res.partner', rows('batch')));
	const batchCalls = t.calls() - c0;
	t.fake?.clearInjections();
	row('strategy', 'wall ms', 'RPC calls');
	row('1,000 x create([vals])', fmt(single), fmt(singleCalls));
	row('1 x create([1,000 vals])', fmt(batch), fmt(batchCalls));
	console.log(
		`ratio: ${(single / batch).toFixed(1)}x less wall time, ${(singleCalls / batchCalls).toFixed(0)}x fewer calls`,
	);
}

/** What the built-in node would need: a search, then a create or a write, per item. */
async function naiveUpsert(client: OdooClient, rows: Vals[]) {
	for (const vals of rows) {
		const [found] = await client.searchRead(
			'product.template',
			[['default_code', '=', vals.default_code]],
			{ fields: ['id'], limit: 1 },
		);
		if (found) await client.write('product.template', [found.id], vals);
		else await client.create('product.template', [vals]);
	}
}

async function upsertBench(t: Target) {
	console.log(
		`\n## Upsert products keyed on default_code${t.fake ? ` (fake + ${latencyMs} ms per RPC)` : ''}, batches of 100`,
	);
	const client = await OdooClient.connect(t.config, { request: countedRequest });
	t.fake?.inject({ latencyMs });
	// 10% changed: every tenth record gets a price of its own, so no two changes are alike.
	const products = (n: number, tag: string, changedEvery = 0) =>
		Array.from({ length: n }, (_, i) => ({
			default_code: `${tag}-${i}`,
			name: `Product ${tag} ${i}`,
			list_price: changedEvery && i % changedEvery === 0 ? 20 + i : 10 + (i % 50),
		}));
	const batched = async (
		upserter: Upserter,
		rows: Vals[],
		writeStrategy: UpsertOptions['writeStrategy'] = 'parallel',
	) => {
		for (let i = 0; i < rows.length; i += 100)
			await upserter.upsert(
				rows.slice(i, i + 100).map((vals) => ({ vals })),
				{ binding: { fields: ['default_code'] }, writeStrategy },
			);
	};
	const upserter = new Upserter(client, 'product.template');
	const measure = async (
		calls: () => number,
		fn: () => Promise<unknown>,
	): Promise<[number, number]> => {
		const c0 = calls();
		const [, ms] = await timed(fn);
		return [ms, calls() - c0];
	};
	row('run', 'batched ms / calls', 'naive ms / calls', 'ratio time / calls');
	for (const n of [1000, 10000]) {
		const naiveToo = n <= 1000 || !t.fake || latencyMs === 0;
		for (const [label, changedEvery] of [
			['into empty', 0],
			['re-run', 0],
			['10% changed', 10],
		] as const) {
			const [tb, cb] = await measure(t.calls, () =>
				batched(upserter, products(n, `B${n}`, changedEvery)),
			);
			let naive = 'skipped (too slow)';
			let ratio = '';
			if (naiveToo) {
				const [tn, cn] = await measure(t.calls, () =>
					naiveUpsert(client, products(n, `N${n}`, changedEvery)),
				);
				naive = `${tn.toFixed(0)} / ${cn}`;
				ratio = `${(tn / tb).toFixed(1)}x / ${(cn / cb).toFixed(0)}x`;
			}
			row(`${n.toLocaleString('en')} ${label}`, `${tb.toFixed(0)} / ${cb}`, naive, ratio);
		}
	}

	console.log(
		`\n## Upsert write strategy: 10% of the records changed, each to a different value${t.fake ? ` (fake + ${latencyMs} ms per RPC)` : ''}, batches of 100`,
	);
	row('records', 'parallel writes ms / calls', 'import (load) ms / calls', 'ratio parallel / load');
	for (const n of [1000, 10000]) {
		const figures: [number, number][] = [];
		for (const strategy of ['parallel', 'load'] as const) {
			// On the fake, a fresh database per run: its searches scan every row, so the records of
			// earlier runs would slow the later ones down.
			const fresh = t.fake && (await startFakeOdoo({ version: '16.0', seed: 'empty' }));
			try {
				const config = fresh ? { ...t.config, url: fresh.url, db: fresh.db } : t.config;
				const runUpserter = new Upserter(
					await OdooClient.connect(config, { request: countedRequest }),
					'product.template',
				);
				const tag = `S${n}-${strategy}`;
				await batched(runUpserter, products(n, tag));
				fresh?.inject({ latencyMs });
				figures.push(
					await measure(fresh ? () => fresh.calls.length : t.calls, () =>
						batched(runUpserter, products(n, tag, 10), strategy),
					),
				);
			} finally {
				await fresh?.close();
			}
		}
		const [[tw, cw], [tld, cld]] = figures;
		row(
			n.toLocaleString('en'),
			`${tw.toFixed(0)} / ${cw}`,
			`${tld.toFixed(0)} / ${cld}`,
			`${(tw / tld).toFixed(1)}x time / ${(cw / cld).toFixed(1)}x calls`,
		);
	}
	if (t.fake)
		console.log(
			"caveat: the fake's load costs about what its write costs per row. A real Odoo's import does more per row:\n" +
				'it converts every cell from text, checks each .id and relation id with a search, and writes the rows one\n' +
				'after another in one worker, where parallel writes spread over several. Against a real server the gap\n' +
				'narrows: measure there (ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD) before relying on these ratios.',
		);
	t.fake?.clearInjections();
}

async function executionBench(t: Target) {
	console.log(
		`\n## Per execution: connect + upsert res.partner keyed on ref, sessions shared as in n8n${t.fake ? ` (fake + ${latencyMs} ms per RPC)` : ''}`,
	);
	t.fake?.inject({ latencyMs });
	const sessions = new SessionCache();
	const run = (rows: Vals[]) => async () => {
		const client = await OdooClient.connect(t.config, { request: countedRequest, sessions });
		const upserter = new Upserter(client, 'res.partner');
		for (let i = 0; i < rows.length; i += 100)
			await upserter.upsert(
				rows.slice(i, i + 100).map((vals) => ({ vals })),
				{ binding: { fields: ['ref'] } },
			);
	};
	const tag = `X${Date.now()}`;
	const partners = (n: number, from: string) =>
		Array.from({ length: n }, (_, i) => ({
			ref: `${tag}-${from}-${i}`,
			name: `Bench ${from} ${i}`,
		}));
	row('execution', 'wall ms', 'RPC calls');
	for (const [label, rows] of [
		['1 record, cold (first in the process)', partners(1, 'cold')],
		['1 record, warm', partners(1, 'warm')],
		['1,000 new records, batches of 100, warm', partners(1000, 'k')],
	] as const) {
		const c0 = t.calls();
		const [, wall] = await timed(run(rows));
		row(label, fmt(wall), fmt(t.calls() - c0));
	}
	t.fake?.clearInjections();
	const client = await OdooClient.connect(t.config, { request: countedRequest, sessions });
	await client.unlink(
		'res.partner',
		await client.search('res.partner', [['ref', '=like', `${tag}-%`]]),
	);
}

async function returnAllBench(t: Target) {
	const fields = ['name', 'email', 'phone', 'country_id'];
	const client = await OdooClient.connect(
		{ ...t.config, protocol: 'jsonrpc' },
		{ request: countedRequest },
	);
	const info = await client.fieldsGet('res.partner');
	console.log(
		`\n## Return All: ${(await client.count('res.partner')).toLocaleString('en')} partners, ${fields.length} fields, decoded and shaped into items`,
	);
	const body = searchReadBody(client, t.config.password, { fields });
	const ways: [string, () => Promise<unknown[]>][] = [
		[
			'one search_read (as the built-in node)',
			async () =>
				(
					JSON.parse(
						(
							await countedRequest({
								method: 'POST',
								url: `${t.config.url}/jsonrpc`,
								headers: { 'Content-Type': 'application/json' },
								body,
							})
						).body,
					).result as unknown[]
				).map((json) => ({ json })),
		],
		[
			'searchRead, default pages',
			async () =>
				(await client.searchRead('res.partner', [], { fields })).map((r) => ({
					json: shapeRecord(info, r),
				})),
		],
		[
			'searchRead, pages of 1,000',
			async () =>
				(await client.searchRead('res.partner', [], { fields, pageSize: 1000 })).map((r) => ({
					json: shapeRecord(info, r),
				})),
		],
	];
	row('way', 'wall ms (median of 3)', 'RPC calls');
	for (const [label, fn] of ways) {
		const c0 = t.calls();
		const times: number[] = [];
		for (let i = 0; i < 3; i++) times.push((await timed(fn))[1]);
		row(label, fmt(times.sort((a, b) => a - b)[1]), fmt((t.calls() - c0) / 3));
	}
}

/** A raw JSON-RPC search_read of all partners, for measuring against the client. */
function searchReadBody(
	client: OdooClient,
	password: string,
	kwargs: Record<string, unknown>,
): string {
	const args = [client.db, client.uid, password, 'res.partner', 'search_read', [[]], kwargs];
	return JSON.stringify({
		jsonrpc: '2.0',
		method: 'call',
		params: { service: 'object', method: 'execute_kw', args },
		id: 1,
	});
}

async function main() {
	console.log(
		real
			? `Benchmarks against ${process.env.ODOO_URL}`
			: 'Benchmarks against the fake Odoo (test/fakes/odoo)',
	);
	const only = process.env.BENCH_ONLY?.split(',');
	const wanted = (name: string) => !only || only.includes(name);
	const t = await target();
	try {
		const sections = {
			decode: decodeBench,
			overhead: overheadBench,
			create: createBench,
			upsert: upsertBench,
			execution: executionBench,
			returnAll: returnAllBench,
		};
		for (const [name, section] of Object.entries(sections)) if (wanted(name)) await section(t);
	} finally {
		await t.close();
	}
	if (wanted('n8n')) await n8nBench();
	if (wanted('qobra')) await qobraBench();
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
