import { IDataObject, INodeParameters, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { OdooTrigger } from '../../nodes/Odoo/OdooTrigger.node';
import { ADMIN, FakeOdoo, startFakeOdoo } from '../fakes/odoo';
import { pollNode } from '../helpers/n8n-context';

let odoo: FakeOdoo;
const node = new OdooTrigger();
const credentials = () => ({ odooSyncApi: { url: odoo.url, db: odoo.db, username: ADMIN.login, password: ADMIN.password, protocol: 'jsonrpc' } });

beforeAll(async () => {
	odoo = await startFakeOdoo({ version: '16.0', seed: 'empty' });
});
afterAll(() => odoo.close());

function poller(parameters: INodeParameters) {
	const staticData: IDataObject = {};
	return async (mode: 'trigger' | 'manual' = 'trigger') => {
		const { result } = await pollNode({ node, parameters, credentials: credentials(), staticData }, mode);
		return (result?.[0] ?? []).map((i) => i.json);
	};
}

test('300 records written across 3 seconds and 5 polls are emitted exactly once per change', async () => {
	odoo.clock.set('2026-01-01 10:00:00');
	const pollOnce = poller({ model: { __rl: true, mode: 'name', value: 'res.partner' }, event: 'both', domain: '[["ref", "=like", "T-%"]]', startFrom: 'now', options: { fields: ['name', 'ref'], maxItems: 120 } });
	expect(await pollOnce()).toEqual([]); // activation: nothing old
	const emitted: string[] = [];
	const collect = async () => emitted.push(...(await pollOnce()).map((r) => `${r.id}@${r.write_date}`));
	const at = (ids: number[], second: number) => ids.map((id) => `${id}@2026-01-01 10:00:0${second}`);

	odoo.clock.set('2026-01-01 10:00:01');
	const first = odoo.env.create('res.partner', Array.from({ length: 100 }, (_, i) => ({ name: `T${i}`, ref: `T-${i}` })));
	await collect(); // poll 1
	// Same second as records already emitted, written after the poll: must still come, once.
	const second = odoo.env.create('res.partner', Array.from({ length: 100 }, (_, i) => ({ name: `U${i}`, ref: `T-U${i}` })));
	odoo.clock.set('2026-01-01 10:00:02');
	odoo.env.write('res.partner', first.slice(0, 30), { name: 'updated once' });
	await collect(); // poll 2: 120 at most, the rest waits
	const third = odoo.env.create('res.partner', Array.from({ length: 100 }, (_, i) => ({ name: `V${i}`, ref: `T-V${i}` })));
	await collect(); // poll 3
	odoo.clock.set('2026-01-01 10:00:03');
	odoo.env.write('res.partner', first.slice(0, 10), { name: 'updated twice' });
	await collect(); // poll 4
	await collect(); // poll 5

	const changes = [...at(first, 1), ...at(second, 1), ...at(first.slice(0, 30), 2), ...at(third, 2), ...at(first.slice(0, 10), 3)];
	expect(emitted).toHaveLength(changes.length);
	expect(new Set(emitted)).toEqual(new Set(changes));
	expect(await pollOnce()).toEqual([]);
});

test('a backlog larger than one poll comes over several polls without loss', async () => {
	odoo.clock.set('2026-01-02 08:00:00');
	const pollOnce = poller({ model: { __rl: true, mode: 'name', value: 'res.partner' }, event: 'created', domain: '[["ref", "=like", "B-%"]]', startFrom: 'now', options: { maxItems: 40 } });
	await pollOnce();
	odoo.clock.set('2026-01-02 08:00:01');
	odoo.env.create('res.partner', Array.from({ length: 100 }, (_, i) => ({ name: `B${i}`, ref: `B-${i}` })));
	const sizes = [(await pollOnce()).length, (await pollOnce()).length, (await pollOnce()).length, (await pollOnce()).length];
	expect(sizes).toEqual([40, 40, 20, 0]);
});

test('"updated" ignores records that were only created; events are labelled', async () => {
	odoo.clock.set('2026-01-03 08:00:00');
	const pollOnce = poller({ model: { __rl: true, mode: 'name', value: 'res.partner' }, event: 'updated', domain: '[["ref", "=like", "E-%"]]', startFrom: 'now' });
	await pollOnce();
	odoo.clock.set('2026-01-03 08:00:01');
	const [a] = odoo.env.create('res.partner', [{ name: 'E', ref: 'E-1' }]);
	odoo.env.create('res.partner', [{ name: 'F', ref: 'E-2' }]);
	odoo.clock.set('2026-01-03 08:00:02');
	odoo.env.write('res.partner', [a], { name: 'E2' });
	const out = await pollOnce();
	expect(out.map((r) => [r.id, r._event])).toEqual([[a, 'updated']]);
});

test('"all existing" emits old records; manual mode returns a sample without moving the cursor', async () => {
	const params = { model: { __rl: true, mode: 'name', value: 'res.partner' }, event: 'both', domain: '[["ref", "=like", "E-%"]]', startFrom: 'all', options: { sampleSize: 1 } };
	const pollOnce = poller(params);
	expect(await pollOnce('manual')).toHaveLength(1);
	expect(await pollOnce()).toHaveLength(2);
	expect(await pollOnce()).toHaveLength(0);
});

describe('errors go through the boundary', () => {
	const poll = (parameters: INodeParameters) => pollNode({ node, parameters, credentials: credentials() }).catch((e: Error) => e);

	test('an Odoo failure is a NodeApiError that keeps its kind', async () => {
		const error = await poll({ model: { __rl: true, mode: 'name', value: 'no.such.model' }, event: 'both', domain: '[]', startFrom: 'all' });
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).errorResponse).toMatchObject({ kind: 'notFound' });
	});

	test('a bad domain is a NodeOperationError', async () => {
		const error = await poll({ model: { __rl: true, mode: 'name', value: 'res.partner' }, event: 'both', domain: '[["name", "=",', startFrom: 'all' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/The domain is not valid JSON/);
	});
});
