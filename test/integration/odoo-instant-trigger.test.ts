/**
 * The Odoo Instant Trigger against real Odoo: 19 (base_automation installed) creates its rules, receives
 * Odoo's webhook POSTs on a real listener and removes the rules; 16 refuses with the way out. The fake
 * Odoo has no automation rules: it stands for an Odoo without the module.
 */
import { OdooClient } from '../../lib/odoo';
import { ADMIN, startFakeOdoo } from '../fakes/odoo';
import { findRules, installRules } from '../../lib/sync';
import { OdooInstantTrigger } from '../../nodes/Odoo/OdooInstantTrigger.node';
import { REAL_ODOO_TIMEOUT_MS, realOdoo, runTag, type RealOdoo } from '../helpers/real-odoo';
import {
	startTriggerHarness,
	stopN8nCoreTimers,
	type TriggerHarness,
} from '../unit/clientify/n8n-webhook';

jest.setTimeout(REAL_ODOO_TIMEOUT_MS);
afterAll(stopN8nCoreTimers);

const credentials = (odoo: RealOdoo) => ({
	odooSyncApi: {
		url: odoo.url,
		db: odoo.db,
		username: odoo.login,
		password: odoo.apiKey ?? odoo.password,
		protocol: 'auto',
	},
});

const start = (odoo: RealOdoo, parameters: Record<string, unknown>) =>
	startTriggerHarness(
		new OdooInstantTrigger(),
		{
			model: { mode: 'name', value: 'res.partner' },
			events: ['created', 'updated'],
			fields: ['name', 'email', 'country_id', 'category_id'],
			domain: '[]',
			...parameters,
		} as never,
		credentials(odoo),
	);

/** Waits (bounded) until `n` executions arrived; Odoo POSTs after its transaction commits. */
async function executions(h: TriggerHarness, n: number) {
	for (let i = 0; i < 100 && h.executions.length < n; i++)
		await new Promise((r) => setTimeout(r, 100));
	return h.executions.map((items) => items[0]);
}

const odoo19 = realOdoo(19);
(odoo19 ? describe : describe.skip)('Odoo Instant Trigger on real Odoo 19', () => {
	const odoo = odoo19!;
	const tag = runTag('instant');
	let client: OdooClient;
	let h: TriggerHarness;
	const partners: number[] = [];

	beforeAll(async () => {
		client = await OdooClient.connect({
			url: odoo.url,
			db: odoo.db,
			username: odoo.login,
			password: odoo.apiKey!,
		});
		h = await start(odoo, {
			domain: JSON.stringify([['name', 'like', tag]]),
			options: { watch: ['name', 'email', 'country_id'] },
		});
	});
	afterAll(async () => {
		await h?.hook('delete');
		await h?.close();
		if (partners.length) await client.unlink('res.partner', partners);
	});

	test('activation creates one rule and webhook action per event; re-activation replaces them', async () => {
		expect(await h.hook('checkExists')).toBe(false);
		expect(await h.hook('create')).toBe(true);
		const secret = h.staticData().secret as string;
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		const first = await findRules(client, h.webhookUrl);
		const rules = await client.read('base.automation', first.rules, [
			'name',
			'trigger',
			'filter_domain',
			'trigger_field_ids',
		]);
		expect(rules.map((r) => r.trigger).sort()).toEqual(['on_create', 'on_write']);
		expect(rules.every((r) => String(r.filter_domain).includes(tag))).toBe(true);
		expect(rules.find((r) => r.trigger === 'on_write')!.trigger_field_ids).toHaveLength(3);
		const actions = await client.read('ir.actions.server', first.actions, [
			'state',
			'webhook_url',
			'webhook_field_ids',
		]);
		expect(actions.map((a) => a.state)).toEqual(['webhook', 'webhook']);
		expect(actions.map((a) => a.webhook_url).sort()).toEqual([
			`${h.webhookUrl}?event=created&secret=${secret}`,
			`${h.webhookUrl}?event=updated&secret=${secret}`,
		]);
		// name, email, country_id, category_id + create_date, write_date
		expect(actions[0].webhook_field_ids).toHaveLength(6);
		expect(await h.hook('checkExists')).toBe(true);
		// Rules that call with another secret than the one the node checks would only get 401s.
		Object.assign(h.staticData(), { secret: 'f'.repeat(64) });
		expect(await h.hook('checkExists')).toBe(false);
		Object.assign(h.staticData(), { secret });

		// n8n activating again (e.g. after a restart that lost its static data) must not pile rules up.
		expect(await h.hook('create')).toBe(true);
		const second = await findRules(client, h.webhookUrl);
		expect(second.rules).toHaveLength(2);
		expect(second.rules.some((id) => first.rules.includes(id))).toBe(false);
		expect(await client.search('base.automation', [['id', 'in', first.rules]])).toEqual([]);

		// Activated again under another webhook URL (WEBHOOK_URL or path changed): the old URL's rules go.
		const oldUrl = `${h.webhookUrl}-moved`;
		await installRules(client, {
			model: 'res.partner',
			events: ['created'],
			url: oldUrl,
			secret,
			label: `old ${tag}`,
		});
		Object.assign(h.staticData(), { url: oldUrl });
		expect(await h.hook('create')).toBe(true);
		expect((await findRules(client, oldUrl)).rules).toEqual([]);
		expect((await findRules(client, h.webhookUrl)).rules).toHaveLength(2);
	});

	test('a create and a watched update each start one execution, in the Search shape', async () => {
		const [be] = await client.search('res.country', [['code', '=', 'BE']]);
		const [id] = await client.create('res.partner', [
			{ name: `Instant ${tag}`, email: 'instant@example.com', country_id: be },
		]);
		partners.push(id);
		const [created] = await executions(h, 1);
		expect(created).toEqual(
			expect.objectContaining({
				_event: 'created',
				id,
				name: `Instant ${tag}`,
				email: 'instant@example.com',
				country_id: { id: be, name: 'Belgium' },
				category_id: [],
			}),
		);
		expect(created.write_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		expect(Object.keys(created)).not.toEqual(expect.arrayContaining(['_model', '_action', '_id']));

		await client.write('res.partner', [id], { comment: 'not watched' });
		await client.write('res.partner', [id], { email: 'changed@example.com', country_id: false });
		const [, updated] = await executions(h, 2);
		expect(updated).toEqual(
			expect.objectContaining({
				_event: 'updated',
				id,
				email: 'changed@example.com',
				country_id: null,
			}),
		);
		// A record outside the domain starts nothing; the change after it proves the earlier one was skipped.
		const [outside] = await client.create('res.partner', [{ name: `Outside ${Date.now()}` }]);
		partners.push(outside);
		await client.write('res.partner', [id], { name: `Instant ${tag} renamed` });
		await executions(h, 3);
		expect(h.executions.map((e) => [e[0]._event, e[0].id])).toEqual([
			['created', id],
			['updated', id],
			['updated', id],
		]);
	});

	test('a delivery again, or without the secret, starts nothing', async () => {
		const before = h.executions.length;
		const [last] = await client.read('res.partner', [partners[0]], ['name']);
		const body = {
			_id: last.id,
			_model: 'res.partner',
			_action: 'x',
			id: last.id,
			name: last.name,
		};
		const post = (query: string) =>
			fetch(`${h.webhookUrl}${query}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ...body, write_date: '2026-01-01 00:00:00.000001' }),
			});
		const secret = h.staticData().secret as string;
		expect((await post('?event=updated')).status).toBe(401);
		expect((await post(`?event=updated&secret=${secret.slice(1)}`)).status).toBe(401);
		expect((await post(`?event=updated&secret=${secret}`)).status).toBe(200);
		expect((await post(`?event=updated&secret=${secret}`)).status).toBe(200);
		expect(h.executions.length).toBe(before + 1);
	});

	test('deactivation removes the rules and their actions from Odoo', async () => {
		const { rules, actions } = await findRules(client, h.webhookUrl);
		expect(await h.hook('delete')).toBe(true);
		expect(await client.search('base.automation', [['id', 'in', rules]])).toEqual([]);
		expect(await client.search('ir.actions.server', [['id', 'in', actions]])).toEqual([]);
		expect(h.staticData().secret).toBeUndefined();
	});
});

const odoo16 = realOdoo(16);
(odoo16 ? test : test.skip)(
	'on real Odoo 16 activation fails and says to use the polling trigger',
	async () => {
		const h = await start(odoo16!, {});
		try {
			await expect(h.hook('create')).rejects.toThrow(
				/Odoo 16\.0 cannot send webhooks from automation rules \(Odoo 17 or later can\): use the polling Odoo Trigger instead\./,
			);
		} finally {
			await h.close();
		}
	},
);

(odoo19 ? test : test.skip)(
	'on real Odoo 19 a user without the Settings right gets the same way out',
	async () => {
		// Odoo's demo user (internal user, no administration rights), over JSON-RPC with its password.
		const h = await start({ ...odoo19!, login: 'demo', password: 'demo', apiKey: undefined }, {});
		try {
			await expect(h.hook('create')).rejects.toThrow(
				/may not create automation rules: it needs the Administration › Settings right \(base.group_system\), or use the polling Odoo Trigger instead\./,
			);
		} finally {
			await h.close();
		}
	},
);

test('without the base_automation module (the fake Odoo 19) activation says to install it or poll', async () => {
	const fake = await startFakeOdoo({ version: '19.0', seed: 'demo' });
	const h = await start(
		{
			version: '19.0',
			url: fake.url,
			db: fake.db,
			login: ADMIN.login,
			password: ADMIN.password,
			apiKey: ADMIN.apiKey,
		},
		{},
	);
	try {
		await expect(h.hook('create')).rejects.toThrow(
			'The Automation Rules module (base_automation) is not installed in this Odoo: install it (Apps) or use the polling Odoo Trigger instead.',
		);
	} finally {
		await h.close();
		await fake.close();
	}
});
