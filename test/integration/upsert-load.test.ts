/**
 * The two upsert write strategies against the fake Odoo over real HTTP: the same outcome
 * (values stored, actions, changed fields, failure isolation), with different RPC counts.
 */
import { IDataObject } from 'n8n-workflow';
import {
	nodeRequest,
	OdooClient,
	UpsertItem,
	Upserter,
	UpsertOptions,
	UpsertResult,
	Vals,
} from '../../lib';
import { Odoo } from '../../nodes/Odoo/Odoo.node';
import { ADMIN, FakeOdoo, fakeCredentials, startFakeOdoo } from '../fakes/odoo';
import { executeNode } from '../helpers/n8n-context';

type Strategy = NonNullable<UpsertOptions['writeStrategy']>;
const STRATEGIES: Strategy[] = ['parallel', 'load'];

let odoo: FakeOdoo;
let client: OdooClient;
/** The context each `load` call carried, as sent over the wire. */
const loadContexts: Record<string, unknown>[] = [];

const FIELDS = [
	'name',
	'is_company',
	'color',
	'partner_latitude',
	'debit_limit',
	'date',
	'signup_expiration',
	'type',
	'comment',
	'sale_warn_msg',
	'city',
	'country_id',
	'category_id',
];
let belgium: number;
let france: number;
let tags: { id: number; name: string }[];

beforeAll(async () => {
	odoo = await startFakeOdoo({ version: '16.0', seed: 'demo' });
	const request: typeof nodeRequest = (r) => {
		const params = r.body?.startsWith('{') ? JSON.parse(r.body).params : undefined;
		if (params?.args?.[4] === 'load') loadContexts.push(params.args[6].context);
		return nodeRequest(r);
	};
	// A user time zone other than UTC: the import must not shift datetimes by it.
	client = await OdooClient.connect(
		{
			url: odoo.url,
			db: odoo.db,
			username: ADMIN.login,
			password: ADMIN.password,
			protocol: 'jsonrpc',
		},
		{ request, context: { tz: 'Europe/Brussels' } },
	);
	[belgium] = odoo.env.search('res.country', [['code', '=', 'BE']]);
	[france] = odoo.env.search('res.country', [['code', '=', 'FR']]);
	tags = odoo.env.searchRead('res.partner.category', [], ['name']).slice(0, 2) as {
		id: number;
		name: string;
	}[];
});
afterAll(() => odoo.close());
beforeEach(() => {
	odoo.resetCalls();
	loadContexts.length = 0;
});

const calls = (method: string) => odoo.count({ method });
const upsert = (items: UpsertItem[], writeStrategy: Strategy) =>
	new Upserter(client, 'res.partner').upsert(items, {
		binding: { fields: ['ref'] },
		writeStrategy,
	});

/** Partners `${prefix}-0` .. `${prefix}-(n-1)` with the same starting values. */
function seedPartners(prefix: string, n: number): void {
	odoo.env.create(
		'res.partner',
		Array.from({ length: n }, (_, i) => ({
			ref: `${prefix}-${i}`,
			name: `Partner ${i}`,
			city: 'Brussels',
			country_id: belgium,
			type: 'contact',
		})),
	);
}

/** Stored values by key suffix, ids and refs left out so that two prefixes compare. */
function stored(prefix: string): Record<string, Record<string, unknown>> {
	const rows = odoo.env.searchRead(
		'res.partner',
		[['ref', '=like', `${prefix}-%`]],
		['ref', ...FIELDS],
	);
	return Object.fromEntries(
		rows.map(({ id: _id, ref, ...values }) => [String(ref).slice(prefix.length + 1), values]),
	);
}

/** What an item reported, without the ids, which differ between prefixes. */
const reported = (results: UpsertResult[]) =>
	results.map(({ action, changed, error }) => ({ action, changed, error: error?.message }));

/** One item per kind of change, each different from the others. */
function mixedChanges(prefix: string): UpsertItem[] {
	const item = (i: number, vals: Vals): UpsertItem => ({
		vals: { ref: `${prefix}-${i}`, name: `Partner ${i}`, ...vals },
	});
	return [
		item(0, { name: 'Renamed', is_company: true, color: 3 }),
		item(1, { partner_latitude: 50.85, debit_limit: 1000.5, date: '2024-02-29' }),
		item(2, { signup_expiration: '2024-03-31 22:30:00', type: 'invoice', comment: '<p>Hi</p>' }),
		item(3, { country_id: 'France', category_id: tags.map((t) => t.name) }),
		item(4, { city: 'Brussels', country_id: belgium }),
		item(5, { category_id: [[4, tags[0].id]] }),
		item(6, { sale_warn_msg: 'Call first', city: false }),
		item(7, { city: '' }),
		item(8, { city: 'Ghent' }),
	];
}

describe('both write strategies', () => {
	test('store the same values and report the same actions and changed fields', async () => {
		const outcomes = [];
		for (const strategy of STRATEGIES) {
			seedPartners(strategy, 8);
			outcomes.push({
				results: reported(await upsert(mixedChanges(strategy), strategy)),
				values: stored(strategy),
			});
		}
		expect(outcomes[1]).toEqual(outcomes[0]);
		expect(outcomes[0].results.map((r) => r.action)).toEqual([
			'updated',
			'updated',
			'updated',
			'updated',
			'unchanged',
			'updated',
			'updated',
			'updated',
			'created',
		]);
		expect(outcomes[0].results[1].changed).toEqual(['partner_latitude', 'debit_limit', 'date']);
		expect(outcomes[0].values['2']).toMatchObject({
			signup_expiration: '2024-03-31 22:30:00',
			type: 'invoice',
			comment: '<p>Hi</p>',
		});
		expect(outcomes[0].values['3']).toMatchObject({
			country_id: [france, expect.any(String)],
			category_id: tags.map((t) => t.id),
		});
		expect(outcomes[0].values['6']).toMatchObject({
			city: false,
			sale_warn_msg: 'Call first',
			country_id: [belgium, expect.any(String)],
		});
		expect(outcomes[0].values['7']).toMatchObject({ city: '' });
	});

	test('a re-run after either strategy writes nothing', async () => {
		for (const strategy of STRATEGIES) {
			odoo.resetCalls();
			const results = await upsert(mixedChanges(strategy), strategy);
			expect(results.every((r) => r.action === 'unchanged')).toBe(true);
			expect(calls('load') + calls('write') + calls('create')).toBe(0);
		}
	});

	test('a bad record is isolated and named the same way; the others land', async () => {
		const outcomes = [];
		for (const strategy of STRATEGIES) {
			const prefix = `bad-${strategy}`;
			seedPartners(prefix, 6);
			const items = Array.from({ length: 6 }, (_, i) => ({
				vals: { ref: `${prefix}-${i}`, country_id: i === 3 ? 999999 : france, color: i + 1 },
			}));
			outcomes.push({ results: reported(await upsert(items, strategy)), values: stored(prefix) });
		}
		expect(outcomes[1]).toEqual(outcomes[0]);
		expect(outcomes[0].results.map((r) => r.action)).toEqual([
			'updated',
			'updated',
			'updated',
			'failed',
			'updated',
			'updated',
		]);
		expect(outcomes[0].results[3].error).toMatch(/country_id/);
		expect(outcomes[0].values['3']).toMatchObject({
			country_id: [belgium, expect.any(String)],
			color: 0,
		});
		expect(outcomes[0].values['5']).toMatchObject({ color: 6 });
	});
});

describe('RPC calls per batch', () => {
	const prices = (prefix: string, change: (i: number) => Vals) =>
		Array.from({ length: 10 }, (_, i) => ({
			vals: { ref: `${prefix}-${i}`, name: `Partner ${i}`, ...change(i) },
		}));
	const mixes: [string, (i: number) => Vals, number][] = [
		['every record a different change', (i) => ({ color: i + 1 }), 10],
		[
			'half share a change, the rest differ in other fields',
			(i) => (i < 5 ? { color: 9 } : { city: `City ${i}`, is_company: i % 2 === 0 }),
			6,
		],
	];

	test.each(mixes)(
		'%s: parallel writes once per distinct change, load makes one call',
		async (name, change, distinct) => {
			const counts: Record<Strategy, { load: number; write: number }> = {
				parallel: { load: 0, write: 0 },
				load: { load: 0, write: 0 },
			};
			for (const strategy of STRATEGIES) {
				const prefix = `calls-${strategy}-${name.length}`;
				seedPartners(prefix, 10);
				odoo.resetCalls();
				await upsert(prices(prefix, change), strategy);
				counts[strategy] = { load: calls('load'), write: calls('write') };
				expect(calls('search_read')).toBe(1);
			}
			expect(counts).toEqual({
				parallel: { load: 0, write: distinct },
				load: { load: 1, write: 0 },
			});
		},
	);

	test('identical changes share one write under both strategies: load is not worth a call', async () => {
		for (const strategy of STRATEGIES) {
			seedPartners(`same-${strategy}`, 10);
			odoo.resetCalls();
			await upsert(
				prices(`same-${strategy}`, () => ({ color: 7 })),
				strategy,
			);
			expect([calls('load'), calls('write')]).toEqual([0, 1]);
		}
	});

	test('load: a record it cannot express is written on its own; the rest stay in one load', async () => {
		seedPartners('mixed', 10);
		await upsert(
			prices('mixed', (i) => (i === 4 ? { category_id: [[4, tags[0].id]] } : { color: i + 1 })),
			'load',
		);
		expect([calls('load'), calls('write')]).toEqual([1, 1]);
		expect(
			odoo.env.searchRead('res.partner', [['ref', '=', 'mixed-4']], ['category_id'])[0].category_id,
		).toEqual([tags[0].id]);
	});

	test('load: a refused load is rolled back and the batch goes through parallel writes', async () => {
		seedPartners('refused', 4);
		const results = await upsert(
			prices('refused', (i) => ({ country_id: i === 1 ? 999999 : france, color: i + 1 })).slice(
				0,
				4,
			),
			'load',
		);
		expect(calls('load')).toBe(1);
		// 4 distinct changes, then the write that failed alone is the isolation.
		expect(calls('write')).toBe(4);
		expect(results.map((r) => r.action)).toEqual(['updated', 'failed', 'updated', 'updated']);
	});

	test('load reads datetimes as UTC whatever the user time zone, and finds archived records', async () => {
		seedPartners('tz', 2);
		await upsert(
			[0, 1].map((i) => ({
				vals: { ref: `tz-${i}`, signup_expiration: `2024-06-0${i + 1} 12:00:00` },
			})),
			'load',
		);
		expect(loadContexts).toEqual([expect.objectContaining({ tz: 'UTC', active_test: false })]);
		expect(
			odoo.env
				.searchRead('res.partner', [['ref', '=like', 'tz-%']], ['signup_expiration'])
				.map((r) => r.signup_expiration)
				.sort(),
		).toEqual(['2024-06-01 12:00:00', '2024-06-02 12:00:00']);
	});
});

describe('Odoo 19 over JSON-2', () => {
	let odoo19: FakeOdoo;
	beforeAll(async () => {
		odoo19 = await startFakeOdoo({ version: '19.0', seed: 'demo' });
	});
	afterAll(() => odoo19.close());

	test('load saves different changes in one call', async () => {
		const c19 = await OdooClient.connect({
			url: odoo19.url,
			db: odoo19.db,
			username: ADMIN.login,
			password: ADMIN.apiKey,
			protocol: 'json2',
		});
		odoo19.env.create(
			'res.partner',
			[0, 1].map((i) => ({ ref: `j2-${i}`, name: `Partner ${i}` })),
		);
		const results = await new Upserter(c19, 'res.partner').upsert(
			[0, 1].map((i) => ({ vals: { ref: `j2-${i}`, color: i + 1 } })),
			{ binding: { fields: ['ref'] }, writeStrategy: 'load' },
		);
		expect(results.map((r) => r.action)).toEqual(['updated', 'updated']);
		expect([odoo19.count({ method: 'load' }), odoo19.count({ method: 'write' })]).toEqual([1, 0]);
		expect(
			odoo19.env
				.searchRead('res.partner', [['ref', '=like', 'j2-%']], ['color'])
				.map((r) => r.color)
				.sort(),
		).toEqual([1, 2]);
	});
});

describe('Odoo node', () => {
	const node = new Odoo();
	const run = (extra: IDataObject, input: IDataObject[]) =>
		executeNode(
			{
				node,
				parameters: {
					operation: 'upsert',
					model: { __rl: true, mode: 'name', value: 'res.partner' },
					matchBy: 'fields',
					keyFields: 'ref',
					valuesMode: 'json',
					valuesJson: '={{ { "ref": $json.ref, "name": $json.name, "color": $json.color } }}',
					...extra,
				},
				credentials: fakeCredentials(odoo, { readOnly: false }),
			},
			input,
		).then((o) => o[0]);
	const input = (prefix: string) =>
		Array.from({ length: 10 }, (_, i) => ({
			ref: `${prefix}-${i}`,
			name: `Partner ${i}`,
			color: i + 1,
		}));

	test('Write Strategy "Import (Load)" saves a batch of different changes in one load', async () => {
		seedPartners('node-load', 10);
		const out = await run({ writeStrategy: 'load' }, input('node-load'));
		expect(out.map((o) => o.json.action)).toEqual(Array(10).fill('updated'));
		expect(out[2].json.changed).toEqual(['color']);
		expect([calls('load'), calls('write')]).toEqual([1, 0]);
	});

	test('by default the node uses parallel writes', async () => {
		seedPartners('node-default', 10);
		await run({}, input('node-default'));
		expect([calls('load'), calls('write')]).toEqual([0, 10]);
	});
});
