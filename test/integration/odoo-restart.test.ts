/**
 * Riding through an Odoo restart, against the fake Odoo over real HTTP: its `down()` refuses
 * connections as a stopped server does, and injected failures stand for answers lost mid-call.
 * Counts calls (the client's attempts, the fake's RPCs), never time. The real-server version,
 * with a private Odoo 16 stopped and started mid-run, is odoo-outage.test.ts.
 */
import { ExecuteContext } from 'n8n-core';
import { nodeRequest, OdooClient, RequestFn, Upserter } from '../../lib';
import { Odoo } from '../../nodes/Odoo/Odoo.node';
import { ADMIN, FakeOdoo, fakeCredentials, startFakeOdoo } from '../fakes/odoo';
import { executeNode } from '../helpers/n8n-context';

let odoo: FakeOdoo;
let attempts = 0;
// A connection per request: a stopped server then refuses each attempt (ECONNREFUSED). A pooled
// keep-alive socket would race with the server closing it (ECONNRESET: the call may have run).
const counted: RequestFn = (req) => {
	attempts++;
	return nodeRequest({ ...req, headers: { ...req.headers, Connection: 'close' } });
};
const told: string[] = [];

const connect = (retryForMs: number) =>
	OdooClient.connect(
		{ url: odoo.url, db: odoo.db, username: ADMIN.login, password: ADMIN.password },
		{ backoffMs: 1, maxBackoffMs: 20, retryForMs, request: counted, onWait: (m) => told.push(m) },
	);

beforeAll(async () => {
	odoo = await startFakeOdoo({ version: '16.0', seed: 'demo' });
});
afterAll(() => odoo.close());
beforeEach(() => {
	odoo.clearInjections();
	odoo.resetCalls();
	attempts = 0;
	told.length = 0;
});

/** Stops the fake until `attempts` more requests met the closed port, then starts it again. */
async function outage(during: () => Promise<unknown>, refusedAttempts: number): Promise<unknown> {
	await odoo.down();
	const until = attempts + refusedAttempts;
	const watcher = (async () => {
		while (attempts < until) await new Promise((r) => setTimeout(r, 1));
		await odoo.up();
	})();
	const [result] = await Promise.all([during(), watcher]);
	return result;
}

describe('an outage shorter than the retry budget', () => {
	test('a read waits for Odoo, says so once, and says when Odoo is back', async () => {
		const client = await connect(60_000);
		attempts = 0;
		const n = await outage(() => client.count('res.partner'), 3);
		expect(n).toBeGreaterThan(0);
		expect(attempts).toBeGreaterThanOrEqual(4);
		expect(told).toEqual([
			expect.stringMatching(/^Odoo not answering \(ECONNREFUSED.*\), retrying for up to 60 s$/),
			expect.stringMatching(/^Odoo answered again after [\d.]+ s$/),
		]);
	});

	test('a create that was refused (never reached Odoo) is sent again', async () => {
		const client = await connect(60_000);
		const ref = `restart-refused-${Date.now()}`;
		const [id] = (await outage(
			() => client.create('res.partner', [{ name: 'Refused', ref }]),
			2,
		)) as number[];
		expect(odoo.env.search('res.partner', [['ref', '=', ref]])).toEqual([id]);
		expect(odoo.count({ method: 'create' })).toBe(1);
	});
});

// New records are created by a `load` that names each row with an external id (see upsert.ts), so
// sending it again after an unclear failure updates what the first one made instead of duplicating it.
describe('the upsert after a create whose answer was lost: the load is sent again, safely', () => {
	const items = (tag: string) =>
		[1, 2, 3].map((n) => ({ vals: { name: `${tag} ${n}`, ref: `${tag}-${n}` } }));
	const upsert = async (tag: string) =>
		new Upserter(await connect(60_000), 'res.partner').upsert(items(tag), {
			binding: { fields: ['ref'] },
		});
	const stored = (tag: string) => odoo.env.search('res.partner', [['ref', '=like', `${tag}-%`]]);
	const cases: [string, 'lost' | 'drop' | 'http504'][] = [
		['applied, answer lost', 'lost'],
		['reset before Odoo ran it', 'drop'],
		['a gateway timeout (the load may still be running)', 'http504'],
	];

	test.each(cases)('%s: one more load, one record per key', async (_, kind) => {
		const tag = `${kind}-${Date.now()}`;
		odoo.inject({ failNext: { count: 1, kind, methods: ['load'] } });
		const results = await upsert(tag);
		expect(results.map((r) => r.action)).toEqual(['created', 'created', 'created']);
		expect(stored(tag).sort()).toEqual(results.map((r) => r.id).sort());
		expect(odoo.count({ method: 'load' })).toBe(2);
		expect(odoo.count({ method: 'create' })).toBe(0);
	});
});

describe('an outage longer than the retry budget', () => {
	test('the call fails saying for how long Odoo did not answer; later calls fail at once', async () => {
		const client = await connect(200);
		await odoo.down();
		try {
			await expect(client.count('res.partner')).rejects.toMatchObject({
				kind: 'network',
				message: expect.stringMatching(
					/^Odoo stopped answering: no answer for [\d.]+ s, retried for up to 0.2 s \(last error: .*ECONNREFUSED/,
				),
			});
			attempts = 0;
			await expect(client.search('res.partner')).rejects.toMatchObject({
				message: expect.stringContaining('stopped answering'),
			});
			expect(attempts).toBe(1);
		} finally {
			await odoo.up();
		}
		expect(await client.count('res.partner')).toBeGreaterThan(0);
	});

	test('the upsert fails its items with that message; nothing is written', async () => {
		const client = await connect(200);
		const upserter = new Upserter(client, 'res.partner');
		const tag = `long-${Date.now()}`;
		const item = (n: number) => ({ vals: { name: `${tag} ${n}`, ref: `${tag}-${n}` } });
		await upserter.upsert([item(0)], { binding: { fields: ['ref'] } });
		await odoo.down();
		try {
			const results = await upserter.upsert([item(1), item(2)], { binding: { fields: ['ref'] } });
			expect(results).toEqual([
				expect.objectContaining({
					action: 'failed',
					error: expect.objectContaining({ message: expect.stringContaining('stopped answering') }),
				}),
				expect.objectContaining({ action: 'failed' }),
			]);
		} finally {
			await odoo.up();
		}
		expect(odoo.env.search('res.partner', [['ref', '=like', `${tag}-%`]])).toHaveLength(1);
	});
});

describe('the Odoo node in n8n (n8n-core ExecuteContext, n8n HTTP helper)', () => {
	const run = (
		parameters: Record<string, unknown>,
		credential: Record<string, unknown> = { retryFor: 60 },
	) =>
		executeNode(
			{
				node: new Odoo(),
				parameters,
				credentials: fakeCredentials(odoo, credential),
				continueOnFail: true,
			},
			[{}],
		).then((o) => o[0]);
	const search = (options: Record<string, unknown> = {}, credential?: Record<string, unknown>) =>
		run(
			{
				operation: 'search',
				model: { __rl: true, mode: 'name', value: 'res.country' },
				returnAll: true,
				fields: ['code'],
				options,
			},
			credential,
		);

	test('rides through an outage and shows that it waited as execution hints', async () => {
		const hints = jest.spyOn(ExecuteContext.prototype, 'addExecutionHints');
		const all = (await search()).length;
		await odoo.down();
		const later = setTimeout(() => void odoo.up(), 300);
		try {
			expect(await search()).toHaveLength(all);
		} finally {
			clearTimeout(later);
			await odoo.up().catch(() => undefined);
		}
		expect(hints.mock.calls.map(([h]) => h.message)).toEqual([
			expect.stringMatching(/^Odoo not answering \(.*\), retrying for up to 60 s$/),
			expect.stringMatching(/^Odoo answered again after/),
		]);
		hints.mockRestore();
	});

	test("the node's Retry For option: a longer outage fails the item saying so", async () => {
		await search();
		await odoo.down();
		try {
			const [out] = await search({ retryFor: 0.2 });
			expect(out.json.error).toMatch(
				/^Odoo stopped answering: no answer for [\d.]+ s, retried for up to 0.2 s/,
			);
		} finally {
			await odoo.up();
		}
	});
	test("the credential's Retry For is the default when the node sets none", async () => {
		await search();
		await odoo.down();
		try {
			const [out] = await search({}, { retryFor: 0.2 });
			expect(out.json.error).toMatch(/retried for up to 0.2 s/);
		} finally {
			await odoo.up();
		}
	});

	test("the credential's Timeout per Call: a read past it is retried, a create past it is not sent twice", async () => {
		const slow = { retryFor: 1.5, timeout: 1 };
		await search({}, slow); // connected and fields described before Odoo turns slow
		odoo.inject({ latencyMs: 1500 });
		try {
			odoo.resetCalls();
			const [read] = await search({}, slow);
			expect(read.json.error).toMatch(/^Odoo stopped answering/);
			await new Promise((r) => setTimeout(r, 1000)); // the fake counts a call once it has waited
			expect(odoo.count({ method: 'search_read' })).toBeGreaterThan(1);
			const ref = `timeout-${Date.now()}`;
			const create = (name: string) =>
				run(
					{
						operation: 'create',
						model: { __rl: true, mode: 'name', value: 'res.partner' },
						valuesMode: 'json',
						valuesJson: JSON.stringify({ name, ref }),
					},
					slow,
				);
			odoo.inject({ latencyMs: 0 });
			await create('Fast'); // res.partner described before Odoo turns slow again
			odoo.inject({ latencyMs: 1500 });
			odoo.resetCalls();
			const [made] = await create('Slow');
			expect(made.json.error).toMatch(/may still be running in Odoo, so it was not repeated/);
			await new Promise((r) => setTimeout(r, 1000)); // the slow create lands after our time-out
			expect(odoo.count({ method: 'create' })).toBe(1);
			expect(odoo.env.search('res.partner', [['ref', '=', ref]])).toHaveLength(2);
		} finally {
			odoo.inject({ latencyMs: 0 });
		}
	});
});
