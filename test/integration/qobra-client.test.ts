import { nodeRequest } from '../../lib/http';
import { QobraClient, QobraError, summarizeImport } from '../../lib/qobra';
import { startFakeQobra, type FakeQobra } from '../fakes/qobra';

describe('Qobra client against the fake Qobra (real HTTP)', () => {
	let fake: FakeQobra;
	let sleeps: number[];
	const client = (apiKey = fake.apiKey) =>
		new QobraClient({
			apiKey,
			baseUrl: fake.url,
			request: nodeRequest,
			sleep: async (ms) => {
				sleeps.push(ms);
				await new Promise((r) => setTimeout(r, 5));
			},
		});
	const pushes = () => fake.calls.filter((c) => c.method === 'POST');

	beforeAll(async () => {
		fake = await startFakeQobra({ rowsPerStep: 10 });
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.reset();
		sleeps = [];
		fake.defineTable('deals', {
			id: 'number',
			name: 'string',
			amount: 'amount',
			close: 'date',
			owner: 'user',
		});
	});

	test('replace-all: calls stacked by the debounce make one import, which empties the table first', async () => {
		const qobra = client();
		await qobra.pushRecords('deals', [{ id: 99, name: 'old' }], { replaceAll: false });
		await fake.idle();
		const rows = Array.from({ length: 25 }, (_, n) => ({
			id: n + 1,
			name: `D${n + 1}`,
			amount: n * 10,
		}));
		const first = await qobra.pushRecords('deals', rows.slice(0, 10), {
			replaceAll: true,
			debounce: 1,
		});
		const second = await qobra.pushRecords('deals', rows.slice(10), { debounce: 1 });
		expect(second).toBe(first);
		expect(pushes().map((c) => c.query.all)).toEqual(['false', 'true', 'false']);
		const done = await qobra.waitForImport(first, { intervalMs: 50 });
		expect(summarizeImport(done)).toMatchObject({ status: 'finished', imported: 25, errors: [] });
		expect(fake.rows('deals').map((r) => r.id)).toEqual(rows.map((r) => r.id));
	});

	test('import status reports progress and the lines Qobra could not parse', async () => {
		const qobra = client();
		const rows = Array.from({ length: 40 }, (_, n) => ({
			id: n + 1,
			amount: n === 6 ? 'AAAAA' : n,
			close: '2024-01-15',
		}));
		rows[20].close = '15/01/2024';
		const id = await qobra.pushRecords('deals', rows);
		const seen: number[] = [];
		const done = await qobra.waitForImport(id, {
			intervalMs: 0,
			onProgress: (d) => seen.push(d.progress),
		});
		const summary = summarizeImport(done, 'deals');
		expect(summary.imported).toBe(38);
		expect(summary.errors.map((e) => [e.line, e.row?.id])).toEqual([
			[7, 7],
			[21, 21],
		]);
		expect(summary.errors[0].details).toMatch(/could not convert string to float: 'AAAAA'/);
		expect(seen[seen.length - 1]).toBe(100);
	});

	test('waiting stops at the time limit with the progress reached', async () => {
		const qobra = client();
		const id = await qobra.pushRecords('deals', [{ id: 1 }], { debounce: 30 });
		await expect(qobra.waitForImport(id, { timeoutMs: 0 })).rejects.toThrow(
			/still scheduled \(0%\) after the time limit/,
		);
	});

	test('users: 450 go in calls of 200, 200 and 50; a refused call fails alone and is named', async () => {
		const users = Array.from({ length: 450 }, (_, n) => ({
			email: `user${n}@example.com`,
			first_name: `U${n}`,
		}));
		users[230].email = 'not an email';
		const results = await client().upsertUsers(users);
		expect(fake.calls.map((c) => c.size)).toEqual([200, 200, 50]);
		expect(results.map((r) => [r.batch, r.first, r.last, r.status, r.count])).toEqual([
			[1, 0, 199, 'upserted', 200],
			[2, 200, 399, 'failed', 0],
			[3, 400, 449, 'upserted', 50],
		]);
		expect(results[1].error).toMatch(
			/User 31: 'not an email' is not a valid email; nothing was imported/,
		);
		expect(fake.users.filter((u) => u.email.startsWith('user'))).toHaveLength(250);
		// Upsert by email: a second run updates, it does not add.
		await client().upsertUsers([{ email: 'USER0@example.com', last_name: 'Zero' }]);
		expect(fake.users.filter((u) => u.email === 'user0@example.com')).toEqual([
			expect.objectContaining({ first_name: 'U0', last_name: 'Zero' }),
		]);
	});

	test('reporting pages through start_id, filters by last modified, and money/users come as objects', async () => {
		const qobra = client();
		const rows = Array.from({ length: 5 }, (_, n) => ({
			id: n + 1,
			amount: 10,
			owner: 'admin@yourcompany.example.com',
		}));
		fake.defineTable('deals', {
			id: 'number',
			amount: 'amount',
			amount_currency: 'string',
			owner: 'user',
		});
		await qobra.pushRecords(
			'deals',
			rows.map((r) => ({ ...r, amount_currency: 'EUR' })),
		);
		await fake.idle();
		fake.calls.length = 0;
		const pages = [];
		for await (const page of qobra.reportingPages('deals', 'records', { pageSize: 2 }))
			pages.push(page);
		expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
		expect(fake.calls.map((c) => c.query.start_id ?? '')).toEqual([
			'',
			pages[0][1]['standard.id'],
			pages[1][1]['standard.id'],
		]);
		expect(pages[0][0]).toMatchObject({
			'datatable.amount': { value: 10, currency: 'EUR' },
			'datatable.owner': { email: 'admin@yourcompany.example.com' },
		});
		expect(
			await qobra.reporting('deals', 'records', { modifiedAfter: '2999-01-01T00:00:00Z' }),
		).toEqual([]);
		const statements = await qobra.reporting(
			(await qobra.listDataStructures())[0].id as string,
			'statements',
			{ limit: 3 },
		);
		expect(statements).toHaveLength(3);
	});

	test('429 is retried after Retry-After; a bad key is named without being shown', async () => {
		fake.rateLimit(2, '1');
		expect(await client().listDataStructures()).toHaveLength(2);
		expect(sleeps).toEqual([1000, 1000]);
		const error = await client('wrong-secret-key')
			.listDataStructures()
			.catch((e) => e);
		expect(error).toBeInstanceOf(QobraError);
		expect(error.message).toMatch(/Qobra rejected the API key on list data structures/);
		expect(error.message).not.toContain('wrong-secret-key');
		await expect(client().pushRecords('nope', [])).rejects.toThrow(
			/found nothing for push 0 records to data table "nope"/,
		);
	});
});
