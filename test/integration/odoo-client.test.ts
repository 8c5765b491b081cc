/**
 * The client against the fake Odoo and, when configured, the real Odoo 16 and 19
 * (test/helpers/real-odoo.ts): every shared case must pass on both. Cases that need the
 * fake's failure injection or its settings are in the last block, marked fake-only.
 */
import { ADMIN, FakeOdoo, startFakeOdoo } from '../fakes/odoo';
import { OdooClient, OdooError, Protocol, SessionCache } from '../../lib';
import { Backend, backends, callRecorder, odooProxy, OdooTarget } from '../helpers/odoo-backends';
import { REAL_ODOO_TIMEOUT_MS, runTag } from '../helpers/real-odoo';

const fast = { backoffMs: 1, maxBackoffMs: 5 };
// A real Odoo under load answers in seconds (Odoo 16 renders a 404 page for every version probe).
jest.setTimeout(REAL_ODOO_TIMEOUT_MS);
const tag = runTag('client');

const connectTo = (
	t: OdooTarget,
	extra: Partial<{
		db: string;
		password: string;
		protocol: 'auto' | Protocol;
		readOnly: boolean;
	}> = {},
	request?: ReturnType<typeof callRecorder>['request'],
) =>
	OdooClient.connect(
		{ url: t.url, db: t.db, username: t.login, password: t.password, ...extra },
		{ ...fast, request },
	);

const rows = (major: 16 | 19, protocols: Protocol[]) =>
	backends(major).flatMap((backend) => protocols.map((protocol) => ({ backend, protocol })));

describe.each([...rows(16, ['xmlrpc', 'jsonrpc']), ...rows(19, ['json2', 'jsonrpc', 'xmlrpc'])])(
	'$backend.name over $protocol',
	({ backend, protocol }) => {
		let odoo: OdooTarget;
		let client: OdooClient;
		const calls = callRecorder();
		// this suite's own records: 20 partners named and referenced `${prefix}<n>`
		const prefix = `${tag}-${protocol}-`;
		const mine = [['ref', '=like', `${prefix}%`]];
		beforeAll(async () => {
			odoo = await backend.start();
			client = await connectTo(
				odoo,
				{ protocol, password: protocol === 'json2' ? odoo.apiKey : odoo.password },
				calls.request,
			);
			await client.create(
				'res.partner',
				Array.from({ length: 20 }, (_, i) => ({
					name: `${prefix}${i}`,
					ref: `${prefix}${i}`,
					is_company: i < 5,
				})),
			);
		});
		afterAll(async () => {
			await client?.unlink('res.partner', await client.search('res.partner', mine));
			await odoo?.close();
		});
		beforeEach(() => calls.reset());

		test('logs in once and reuses the uid for every call', async () => {
			expect(client.uid).toBe(ADMIN.uid);
			expect(client.protocol).toBe(protocol);
			expect(client.version.major).toBe(Number(odoo.version.split('.')[0]));
			await client.count('res.partner');
			await client.search('res.partner', [['is_company', '=', true]]);
			expect(calls.count({ method: 'authenticate' }) + calls.count({ method: 'login' })).toBe(0);
			expect(calls.count({ protocol })).toBe(2);
		});

		test('create with a list is one call and returns ids in order; write, read and unlink follow', async () => {
			const ids = await client.create('res.partner', [
				{ name: `${tag} Alpha` },
				{ name: `${tag} Beta`, ref: `${tag}-B-1` },
			]);
			expect(calls.count({ method: 'create' })).toBe(1);
			expect(ids).toHaveLength(2);
			await client.write('res.partner', ids, { comment: 'synced' });
			const records = await client.read('res.partner', ids, [
				'name',
				'ref',
				'comment',
				'country_id',
			]);
			expect(records.map((r) => r.name)).toEqual([`${tag} Alpha`, `${tag} Beta`]);
			expect(records[0].ref).toBe(false);
			expect(records[0].country_id).toBe(false);
			await client.unlink('res.partner', ids);
			expect(await client.count('res.partner', [['id', 'in', ids]])).toBe(0);
		});

		test('searchRead pages on id over several pages and returns every record once', async () => {
			const records = await client.searchRead('res.partner', mine, {
				fields: ['name'],
				pageSize: 7,
			});
			expect(records).toHaveLength(20);
			expect(new Set(records.map((r) => r.id)).size).toBe(20);
			expect(calls.count({ method: 'search_read' })).toBe(3);
			const limited = await client.searchRead('res.partner', [...mine, ['is_company', '=', true]], {
				fields: ['name'],
				pageSize: 2,
				limit: 3,
			});
			expect(limited).toHaveLength(3);
		});

		test('searchReadPages is an async iterator of pages', async () => {
			const sizes: number[] = [];
			for await (const page of client.searchReadPages('res.partner', mine, {
				fields: ['name'],
				pageSize: 6,
			}))
				sizes.push(page.length);
			expect(sizes).toEqual([6, 6, 6, 2]);
		});

		test('fieldsGet is fetched once per client', async () => {
			const a = await client.fieldsGet('res.partner');
			const b = await client.fieldsGet('res.partner');
			expect(a).toBe(b);
			expect(a.country_id).toMatchObject({ type: 'many2one', relation: 'res.country' });
			expect(calls.count({ method: 'fields_get' })).toBeLessThanOrEqual(1);
		});

		test('nameSearch and call of any method', async () => {
			const found = await client.nameSearch('res.partner', `${prefix}1`, { limit: 5 });
			expect(found[0]).toEqual([expect.any(Number), expect.stringContaining(`${prefix}1`)]);
			const groups = await client.call<{ is_company: boolean; is_company_count: number }[]>(
				'res.partner',
				'read_group',
				[mine, ['is_company'], ['is_company']],
				{ lazy: true },
			);
			expect(groups.map((g) => [g.is_company, g.is_company_count]).sort()).toEqual([
				[false, 15],
				[true, 5],
			]);
		});

		test('an unknown model is a notFound error naming it', async () => {
			await expect(client.count('no.such.model')).rejects.toMatchObject({
				kind: 'notFound',
				message: expect.stringContaining('no.such.model'),
			});
		});

		test('an unknown field is a validation error naming the field', async () => {
			const err = await client
				.create('res.partner', [{ name: 'X', no_such_field: 1 }])
				.catch((e) => e);
			expect(err).toBeInstanceOf(OdooError);
			expect(err).toMatchObject({ kind: 'validation', field: 'no_such_field' });
		});

		test('a missing required field names the field', async () => {
			await expect(client.create('product.template', [{ list_price: 3 }])).rejects.toMatchObject({
				kind: 'validation',
				field: 'name',
			});
		});

		test('a link to a missing record explains the many2one instead of talking about deletion', async () => {
			await client.fieldsGet('res.partner');
			const err = await client
				.create('res.partner', [{ name: 'X', country_id: 99999999 }])
				.catch((e) => e);
			expect(err.kind).toBe('validation');
			expect(err.message).toContain("'country_id' (res.country)");
		});

		test('writing a missing record is a missing error', async () => {
			await expect(client.write('res.partner', [99999999], { name: 'x' })).rejects.toMatchObject({
				kind: 'missing',
			});
		});
	},
);

describe.each(backends(16))('connecting to $name', (backend: Backend) => {
	let odoo: OdooTarget;
	beforeAll(async () => {
		odoo = await backend.start();
	});
	afterAll(() => odoo.close());

	test('auto picks JSON-RPC and reads the version without logging in', async () => {
		const calls = callRecorder();
		const client = await connectTo(odoo, {}, calls.request);
		expect(client.protocol).toBe('jsonrpc');
		expect(client.version.server_version).toBe('16.0');
		expect(calls.count({ method: 'authenticate' })).toBe(1);
	});

	test('JSON-2 is refused with a clear message', async () => {
		await expect(connectTo(odoo, { protocol: 'json2' })).rejects.toThrow(/JSON-2 needs Odoo 19/);
	});

	test.each(['xmlrpc', 'jsonrpc'] as const)(
		'wrong password over %s is an auth error without the password in it',
		async (protocol) => {
			const err = await connectTo(odoo, { password: 'wrong-secret-123', protocol }).catch((e) => e);
			expect(err).toMatchObject({ kind: 'auth' });
			expect(err.message).toMatch(/wrong login or password/);
			expect(JSON.stringify({ m: err.message, d: err.details, s: err.stack })).not.toContain(
				'wrong-secret-123',
			);
		},
	);

	test('wrong database is reported as such', async () => {
		await expect(connectTo(odoo, { db: 'no_such_db' })).rejects.toThrow(
			/Database 'no_such_db' does not exist/,
		);
	});

	test('read-only credentials refuse writes before sending anything and let reads through', async () => {
		const calls = callRecorder();
		const client = await connectTo(odoo, { readOnly: true }, calls.request);
		calls.reset();
		await expect(client.create('res.partner', [{ name: 'x' }])).rejects.toMatchObject({
			kind: 'access',
			message: expect.stringContaining('read-only'),
		});
		await expect(client.call('sale.order', 'action_confirm', [[1]])).rejects.toMatchObject({
			kind: 'access',
		});
		expect(calls.calls).toHaveLength(0);
		await client.searchRead('res.partner', [], { limit: 1 });
		await client.count('res.partner');
		expect(calls.calls).toHaveLength(2);
	});
});

describe.each(backends(19))('connecting to $name', (backend: Backend) => {
	let odoo: OdooTarget;
	beforeAll(async () => {
		odoo = await backend.start();
	});
	afterAll(() => odoo.close());

	test('auto picks JSON-2 with an API key', async () => {
		expect((await connectTo(odoo, { password: odoo.apiKey })).protocol).toBe('json2');
	});

	test('auto falls back to JSON-RPC with a password', async () => {
		expect((await connectTo(odoo)).protocol).toBe('jsonrpc');
	});

	test('a bad API key on JSON-2 is an auth error', async () => {
		await expect(
			connectTo(odoo, { password: 'not-a-key', protocol: 'json2' }),
		).rejects.toMatchObject({ kind: 'auth' });
	});
});

describe('connecting without a server', () => {
	test('wrong URL (nothing listening) is a network error naming the URL', async () => {
		await expect(
			OdooClient.connect({ url: 'http://127.0.0.1:1', username: 'a', password: 'b' }),
		).rejects.toMatchObject({ kind: 'network' });
	});

	test('a server without the external API is reported as not available', async () => {
		const http = await import('node:http');
		const server = http.createServer((_req, res) =>
			res.writeHead(404).end('<html>Not Found</html>'),
		);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
		await expect(
			OdooClient.connect({ url, db: 'x', username: 'a', password: 'b' }),
		).rejects.toThrow(/external API is not available/);
		server.close();
	});
});

// Fake-only: the exact calls of a connection (the fake also counts the 404 pages the client must not ask for).
describe('fake Odoo only: the version probe', () => {
	let odoo16: FakeOdoo;
	let odoo19: FakeOdoo;
	beforeAll(async () => {
		[odoo16, odoo19] = await Promise.all([
			startFakeOdoo({ version: '16.0' }),
			startFakeOdoo({ version: '19.0' }),
		]);
	});
	afterAll(() => Promise.all([odoo16.close(), odoo19.close()]));
	const connect = (odoo: FakeOdoo, extra: Partial<{ protocol: 'auto' | Protocol }> = {}) =>
		OdooClient.connect(
			{ url: odoo.url, db: odoo.db, username: ADMIN.login, password: ADMIN.password, ...extra },
			fast,
		);

	test('auto picks JSON-RPC on Odoo 16: one common.version (never the /web/version 404 page) and one login', async () => {
		odoo16.resetCalls();
		const client = await connect(odoo16);
		expect(client.protocol).toBe('jsonrpc');
		expect(client.version.server_version).toBe('16.0');
		expect(odoo16.calls).toEqual([
			{ protocol: 'jsonrpc', service: 'common', method: 'version' },
			{ protocol: 'jsonrpc', service: 'common', method: 'authenticate' },
		]);
	});

	test('with XML-RPC chosen, the version is read over XML-RPC too', async () => {
		odoo16.resetCalls();
		await connect(odoo16, { protocol: 'xmlrpc' });
		expect(odoo16.calls.map((c) => c.protocol)).toEqual(['xmlrpc', 'xmlrpc']);
	});

	test('a host that forwards only XML-RPC: auto finds and uses it', async () => {
		const proxy = await odooProxy(odoo16.url, /^\/xmlrpc\//);
		odoo16.resetCalls();
		const client = await OdooClient.connect(
			{ url: proxy.url, db: odoo16.db, username: ADMIN.login, password: ADMIN.password },
			fast,
		);
		expect(client.protocol).toBe('xmlrpc');
		expect(await client.count('res.partner')).toBeGreaterThan(0);
		expect(odoo16.calls.map((c) => `${c.protocol} ${c.method}`)).toEqual([
			'xmlrpc version',
			'xmlrpc authenticate',
			'xmlrpc search_count',
		]);
		await proxy.close();
	});

	test('an Odoo 19 host that forwards only JSON-2: auto reads GET /web/version and uses JSON-2', async () => {
		const proxy = await odooProxy(odoo19.url, /^\/(json\/2\/|web\/version$)/);
		const client = await OdooClient.connect(
			{ url: proxy.url, db: odoo19.db, username: ADMIN.login, password: ADMIN.apiKey },
			fast,
		);
		expect([client.protocol, client.version.major]).toEqual(['json2', 19]);
		await proxy.close();
	});
});

describe('sessions shared through a SessionCache', () => {
	let odoo: FakeOdoo;
	beforeAll(async () => {
		odoo = await startFakeOdoo({ version: '16.0' });
	});
	afterAll(() => odoo.close());
	beforeEach(() => odoo.resetCalls());
	const config = () => ({
		url: odoo.url,
		db: odoo.db,
		username: ADMIN.login,
		password: ADMIN.password,
	});

	test('a second client of the same credential sends nothing to connect and reuses the field descriptions', async () => {
		const sessions = new SessionCache();
		const first = await OdooClient.connect(config(), { ...fast, sessions });
		await first.fieldsGet('res.partner');
		odoo.resetCalls();
		const second = await OdooClient.connect(config(), { ...fast, sessions });
		await second.fieldsGet('res.partner');
		expect([second.uid, second.db, second.protocol]).toEqual([first.uid, first.db, first.protocol]);
		expect(odoo.calls).toHaveLength(0);
	});

	test('clients connecting at the same time share one login', async () => {
		const sessions = new SessionCache();
		await Promise.all(
			Array.from({ length: 5 }, () => OdooClient.connect(config(), { ...fast, sessions })),
		);
		expect(odoo.calls.map((c) => c.method)).toEqual(['version', 'authenticate']);
	});

	test('a failed connection is not kept: the next attempt tries again', async () => {
		const sessions = new SessionCache();
		await expect(
			OdooClient.connect({ ...config(), password: 'wrong-pw-1' }, { ...fast, sessions }),
		).rejects.toMatchObject({ kind: 'auth' });
		await expect(
			OdooClient.connect({ ...config(), password: 'wrong-pw-1' }, { ...fast, sessions }),
		).rejects.toMatchObject({ kind: 'auth' });
		expect(odoo.count({ method: 'authenticate' })).toBe(2);
		expect(sessions.size).toBe(0);
	});

	test('the cache is keyed by a hash: it holds no password', async () => {
		const sessions = new SessionCache();
		await OdooClient.connect({ ...config(), password: ADMIN.password }, { ...fast, sessions });
		const key = SessionCache.key(odoo.url, odoo.db, ADMIN.login, ADMIN.password, 'auto');
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		const session = await sessions.get(key);
		expect(session).toMatchObject({ uid: ADMIN.uid, protocol: 'jsonrpc' });
		expect(JSON.stringify(session)).not.toContain(ADMIN.password);
	});
});

// Fake-only: these need failure injection or the fake's single public database (the local
// real servers run with list_db = False, as production servers should).
describe('fake Odoo only: database detection and retries', () => {
	let odoo: FakeOdoo;
	let client: OdooClient;
	beforeAll(async () => {
		odoo = await startFakeOdoo({ version: '16.0' });
		client = await OdooClient.connect(
			{ url: odoo.url, db: odoo.db, username: ADMIN.login, password: ADMIN.password },
			fast,
		);
	});
	afterAll(() => odoo.close());
	beforeEach(() => {
		odoo.clearInjections();
		odoo.resetCalls();
	});

	test('the database is detected when the server has only one', async () => {
		expect(
			(
				await OdooClient.connect(
					{ url: odoo.url, username: ADMIN.login, password: ADMIN.password },
					fast,
				)
			).db,
		).toBe(odoo.db);
	});

	test.each(['http502', 'http503', 'http504', 'http429', 'drop', 'concurrent'] as const)(
		'a read survives %s',
		async (kind) => {
			odoo.inject({ failNext: { count: 2, kind } });
			expect(await client.count('res.partner')).toBeGreaterThan(0);
		},
	);

	test('retries stop when the budget is spent, and the error says for how long', async () => {
		const impatient = await OdooClient.connect(
			{ url: odoo.url, db: odoo.db, username: ADMIN.login, password: ADMIN.password },
			{ ...fast, retryForMs: 100 },
		);
		odoo.inject({ failNext: { count: 1e6, kind: 'http503' } });
		await expect(impatient.count('res.partner')).rejects.toMatchObject({
			kind: 'network',
			message: expect.stringMatching(/^Odoo stopped answering: no answer for [\d.]+ s.*HTTP 503/),
		});
	});

	test('a create is not repeated after a dropped connection (it may have landed)', async () => {
		odoo.inject({ failNext: { count: 1, kind: 'drop', methods: ['create'] } });
		await expect(client.create('res.partner', [{ name: 'Maybe' }])).rejects.toMatchObject({
			kind: 'network',
		});
	});

	test('a create is repeated after 429 and after a serialization failure (nothing was applied)', async () => {
		odoo.inject({ failNext: { count: 1, kind: 'http429', methods: ['create'] } });
		const [id] = await client.create('res.partner', [{ name: 'Once' }]);
		odoo.inject({ failNext: { count: 1, kind: 'concurrent', methods: ['create'] } });
		const [id2] = await client.create('res.partner', [{ name: 'Twice' }]);
		expect(id).toBeGreaterThan(0);
		expect(id2).toBeGreaterThan(id);
		expect(odoo.env.search('res.partner', [['name', 'in', ['Once', 'Twice']]])).toHaveLength(2);
	});
});
