/**
 * Executions of the Odoo node in one n8n process share the version, the login and the field
 * descriptions of a credential (lib/odoo/sessions.ts): the RPC calls of each execution, counted.
 * Each test starts its own fake Odoo, so no session carries over from another test.
 */
import { IDataObject, INodeParameters } from 'n8n-workflow';
import { Odoo } from '../../nodes/Odoo/Odoo.node';
import { ADMIN, FakeOdoo, startFakeOdoo } from '../fakes/odoo';
import { readFixture } from '../fakes/odoo/schema';
import { executeNode } from '../helpers/n8n-context';

const node = new Odoo();
let odoo: FakeOdoo;
afterEach(() => odoo.close());

const upsertPartner = (key: string, vals: string): INodeParameters => ({
	operation: 'upsert',
	model: { __rl: true, mode: 'name', value: 'res.partner' },
	matchBy: 'fields',
	keyFields: key,
	valuesMode: 'json',
	valuesJson: `={{ ${vals} }}`,
});
const byRef = upsertPartner('ref', '{ "ref": $json.ref, "name": $json.name }');

function execute(parameters: INodeParameters, input: IDataObject[], credential: IDataObject = {}) {
	const odooSyncApi = {
		url: odoo.url,
		db: odoo.db,
		username: ADMIN.login,
		password: ADMIN.password,
		protocol: 'auto',
		readOnly: false,
		...credential,
	};
	return executeNode({ node, parameters, credentials: { odooSyncApi } }, input).then(
		(out) => out[0],
	);
}

/** The calls one execution makes, as `method` or `model.method`; a 404 shows as its path. */
async function callsOf(run: () => Promise<unknown>): Promise<string[]> {
	odoo.resetCalls();
	await run();
	return odoo.calls.map((c) => (c.model ? `${c.model}.${c.method}` : c.method));
}

const COLD = [
	'version',
	'authenticate',
	'res.partner.fields_get',
	'res.partner.search_read',
	'res.partner.load',
	'res.partner.read',
];
const WARM = ['res.partner.search_read', 'res.partner.load', 'res.partner.read'];

test('Odoo 16: a cold one-record upsert probes the version once (no 404 page) and logs in once; a warm one makes only the lookup, the create (a load) and its read-back', async () => {
	odoo = await startFakeOdoo({ version: '16.0' });
	expect(await callsOf(() => execute(byRef, [{ ref: 'S-1', name: 'One' }]))).toEqual(COLD);
	const out = await callsOf(() => execute(byRef, [{ ref: 'S-2', name: 'Two' }]));
	expect(out).toEqual(WARM);
	expect(odoo.env.search('res.partner', [['ref', 'in', ['S-1', 'S-2']]])).toHaveLength(2);
});

test('Odoo 19 with an API key: cold, the probe and one JSON-2 call to learn the uid; warm, the lookup, the load and the read-back', async () => {
	odoo = await startFakeOdoo({ version: '19.0' });
	const apiKey = { password: ADMIN.apiKey };
	expect(await callsOf(() => execute(byRef, [{ ref: 'S-1', name: 'One' }], apiKey))).toEqual([
		'version',
		'res.users.context_get',
		...COLD.slice(2),
	]);
	expect(odoo.count({ protocol: 'json2' })).toBe(5);
	expect(await callsOf(() => execute(byRef, [{ ref: 'S-2', name: 'Two' }], apiKey))).toEqual(WARM);
});

test('credentials that differ in anything (here the password) do not share a session', async () => {
	odoo = await startFakeOdoo({ version: '16.0' });
	const [uid] = odoo.env.create('res.users', {
		name: 'Sync',
		login: 'sync',
		password: 'first-pw-1',
	});
	await execute(byRef, [{ ref: 'S-1', name: 'One' }]);
	odoo.env.write('res.users', [uid], { password: 'second-pw-2' });
	expect(
		await callsOf(() =>
			execute(byRef, [{ ref: 'S-2', name: 'Two' }], { username: 'sync', password: 'second-pw-2' }),
		),
	).toEqual(COLD);
});

describe('a reused login that Odoo refuses', () => {
	const sync = { username: 'sync', password: 'sync-pw-123' };
	let uid: number;
	beforeEach(async () => {
		odoo = await startFakeOdoo({ version: '16.0' });
		[uid] = odoo.env.create('res.users', { name: 'Sync', login: 'sync', password: sync.password });
		await execute(byRef, [{ ref: 'S-1', name: 'One' }], sync);
	});

	test('password changed in Odoo: one login more, then an auth error without the password; the next execution starts cold', async () => {
		odoo.env.write('res.users', [uid], { password: 'changed-pw-456' });
		let error: Error | undefined;
		const calls = await callsOf(() =>
			execute(byRef, [{ ref: 'S-2', name: 'Two' }], sync).catch((e: Error) => (error = e)),
		);
		expect(calls).toEqual(['res.partner.search_read', 'authenticate']);
		expect(error?.message).toMatch(/wrong login or password/);
		expect(JSON.stringify(error)).not.toContain(sync.password);
		expect(
			await callsOf(() =>
				execute(byRef, [{ ref: 'S-2', name: 'Two' }], sync).catch(() => undefined),
			),
		).toEqual(['version', 'authenticate']);
	});

	test('user deleted and re-created (a restored database): its old uid is gone, so one login and the lookup is repeated; later executions are warm again', async () => {
		odoo.env.unlink('res.users', [uid]);
		odoo.env.create('res.users', { name: 'Sync', login: 'sync', password: sync.password });
		const calls = await callsOf(() => execute(byRef, [{ ref: 'S-2', name: 'Two' }], sync));
		expect(calls).toEqual(['res.partner.search_read', 'authenticate', ...WARM]);
		expect(await callsOf(() => execute(byRef, [{ ref: 'S-3', name: 'Three' }], sync))).toEqual(
			WARM,
		);
		expect(odoo.env.search('res.partner', [['ref', 'in', ['S-1', 'S-2', 'S-3']]])).toHaveLength(3);
	});
});

describe('field descriptions', () => {
	beforeEach(async () => {
		odoo = await startFakeOdoo({ version: '16.0' });
	});

	test('an unknown-field fault from Odoo drops the cached descriptions of the model: the next execution fetches them again', async () => {
		await execute(byRef, [{ ref: 'S-1', name: 'One' }]);
		const search: INodeParameters = {
			operation: 'search',
			model: byRef.model,
			fields: ['name', 'no_such_field'],
			returnAll: false,
			limit: 1,
		};
		const out = await execute(search, [{}]).catch((e: Error) => e);
		expect(String(out)).toMatch(/no_such_field/);
		expect(await callsOf(() => execute(byRef, [{ ref: 'S-2', name: 'Two' }]))).toEqual([
			'res.partner.fields_get',
			...WARM,
		]);
	});

	test('a field added in Odoo after the descriptions were cached is accepted after one more fields_get', async () => {
		// Odoo answers without `ref` at first, as if the field were created later (Settings › Technical › Fields).
		const recorded = readFixture<Record<string, unknown>>(
			'odoo16',
			'fields_get',
			'res.partner.json',
		);
		const before = Object.fromEntries(Object.entries(recorded).filter(([name]) => name !== 'ref'));
		let added = false;
		odoo.registerMethod('res.partner', 'fields_get', () => (added ? recorded : before));
		await execute(upsertPartner('email', '{ "email": $json.email, "name": $json.name }'), [
			{ email: 'one@example.com', name: 'One' },
		]);
		added = true;
		expect(await callsOf(() => execute(byRef, [{ ref: 'S-2', name: 'Two' }]))).toEqual([
			'res.partner.fields_get',
			...WARM,
		]);
	});
});
