/**
 * The 7Targets node's Odoo Setup on the fake Odoo and the real servers (16 and 19): Prepare Odoo
 * adds the custom fields and fills the state → stage table once, then changes nothing; Sync
 * Assistants makes one partner per assistant; a read-only credential is refused.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { OdooClient } from '../../lib';
import { SEVEN_TARGETS_FIELDS } from '../../lib/seventargets';
import { SevenTargets } from '../../nodes/SevenTargets/SevenTargets.node';
import { credentialFor, startFakeSevenTargets, type FakeSevenTargets } from '../fakes/seventargets';
import {
	backends,
	connectJsonRpc,
	odooProxy,
	type Backend,
	type OdooTarget,
} from '../helpers/odoo-backends';
import { executeNode } from '../helpers/n8n-context';
import { REAL_ODOO_TIMEOUT_MS, runTag } from '../helpers/real-odoo';

const tag = runTag('7t');

jest.setTimeout(REAL_ODOO_TIMEOUT_MS);

describe.each([...backends(16), ...backends(19)])(
	'7Targets Odoo setup on $name',
	(backend: Backend) => {
		let odoo: OdooTarget;
		let seven: FakeSevenTargets;
		let client: OdooClient;
		// The node's own requests (n8n's HTTP helper) pass through this proxy, which counts them.
		let proxy: Awaited<ReturnType<typeof odooProxy>>;
		const node = new SevenTargets();
		const odooCredential = (readOnly = false) => ({
			url: proxy.url,
			db: odoo.db,
			username: odoo.login,
			password: odoo.password,
			protocol: 'jsonrpc',
			readOnly,
		});
		const run = (parameters: INodeParameters, readOnly = false) =>
			executeNode(
				{
					node,
					parameters: { resource: 'odooSetup', ...parameters },
					credentials: {
						odooSyncApi: odooCredential(readOnly),
						sevenTargetsApi: credentialFor(seven),
					},
				},
				[{}, {}],
			).then(([items]) => items.map((i) => i.json));
		const writes = () =>
			proxy.calls.filter((c) => ['create', 'write', 'unlink'].includes(String(c.method))).length;
		const resetCalls = () => void (proxy.calls.length = 0);

		beforeAll(async () => {
			odoo = await backend.start();
			seven = await startFakeSevenTargets();
			proxy = await odooProxy(odoo.url);
			client = await connectJsonRpc(odoo);
		});
		afterAll(async () => {
			await seven.close();
			await proxy.close();
			await odoo.close();
		});

		test('a read-only credential is refused before anything is written', async () => {
			await expect(run({ operation: 'prepare' }, true)).rejects.toThrow(
				/Odoo credential is read-only: turn off 'Read-only'/,
			);
		});

		test('Prepare Odoo creates the fields and the table once; a second run changes nothing', async () => {
			const [first] = await run({ operation: 'prepare' });
			const all = SEVEN_TARGETS_FIELDS.map((f) => `${f.model}.${f.name}`);
			expect([...(first.created as string[]), ...(first.existing as string[])].sort()).toEqual(
				[...all].sort(),
			);
			const lead = await client.fieldsGet('crm.lead', [
				'x_7t_assistant_id',
				'x_7t_status',
				'x_7t_owner_id',
			]);
			expect(lead.x_7t_assistant_id).toMatchObject({ type: 'many2one', relation: 'res.partner' });
			expect(lead.x_7t_owner_id).toMatchObject({ type: 'many2one', relation: 'res.users' });
			expect(lead.x_7t_status.type).toBe('char');
			const stages = await client.searchRead(
				'crm.stage',
				[['name', 'in', ['New', 'Qualified', 'Proposition']]],
				{
					fields: ['name', 'x_7t_states'],
				},
			);
			expect(stages.length).toBeGreaterThan(0);
			for (const s of stages) expect(s.x_7t_states).toBeTruthy();
			expect(stages.find((s) => s.name === 'Proposition')?.x_7t_states).toBe('Hot');

			resetCalls();
			const [second] = await run({ operation: 'prepare' });
			expect(second).toMatchObject({ created: [], stages: [] });
			expect((second.existing as string[]).sort()).toEqual([...all].sort());
			expect(proxy.calls.length).toBeGreaterThan(0);
			expect(writes()).toBe(0);
		});

		test('Sync Assistants makes one partner per assistant, and a re-run writes nothing', async () => {
			const first = await run({ operation: 'syncAssistants' });
			expect(first.map((r: IDataObject) => r.email)).toEqual(
				seven.assistants.map((a) => a.emailid),
			);
			const partners = await client.searchRead(
				'res.partner',
				[['email', 'in', seven.assistants.map((a) => a.emailid)]],
				{ fields: ['name', 'x_7t_assistant_ref'] },
			);
			expect(partners.map((p) => p.x_7t_assistant_ref).sort()).toEqual([101, 102]);
			const again = await run({ operation: 'syncAssistants' });
			expect(again.map((r: IDataObject) => r.action)).toEqual(['unchanged', 'unchanged']);
		});

		test('Status Back: status and stage; a final state hands the lead back with an activity; a repeat changes nothing', async () => {
			// `_` is a wildcard in Odoo's like: the decoy differs from `done` at that character only.
			const [done, warm, decoy] = ['_done', '_warm', 'xdone'].map((n) => `${tag}${n}@example.com`);
			const leads = await client.create(
				'crm.lead',
				[done, warm, decoy].map((email, n) => ({
					name: `${tag} lead ${n}`,
					email_from: email,
					user_id: false,
					x_7t_lead_ref: 9000 + n,
					x_7t_status: 'Cold',
					x_7t_owner_id: client.uid,
				})),
			);
			try {
				const back = (email: string, state: string) =>
					run({ operation: 'statusBack', email, state });
				const [handed] = await back(done.toUpperCase(), 'DeActivated');
				expect(handed).toMatchObject({
					id: leads[0],
					status: 'Deactivated',
					action: 'updated',
					stage: 'New',
					handedBackTo: client.uid,
				});
				const [lead] = await client.read('crm.lead', [leads[0]], ['user_id', 'x_7t_status']);
				expect(lead.x_7t_status).toBe('Deactivated');
				expect((lead.user_id as [number])[0]).toBe(client.uid);
				const activities = await client.searchRead(
					'mail.activity',
					[
						['res_model', '=', 'crm.lead'],
						['res_id', '=', leads[0]],
					],
					{ fields: ['summary'] },
				);
				expect(activities.map((a) => a.summary)).toEqual(['7Targets: Deactivated']);

				resetCalls();
				const [again] = await back(done, 'deactivated');
				expect(again).toMatchObject({ action: 'unchanged' });
				expect(proxy.calls.length).toBeGreaterThan(0);
				expect(writes()).toBe(0);

				const [warmed] = await back(warm, 'warm');
				expect(warmed).toMatchObject({ status: 'Warm', stage: 'Qualified' });
				expect(warmed.handedBackTo).toBeUndefined();
				const [w, d] = await client.read(
					'crm.lead',
					[leads[1], leads[2]],
					['user_id', 'x_7t_status'],
				);
				expect(w.user_id).toBe(false);
				expect(d.x_7t_status).toBe('Cold');
			} finally {
				await client.unlink('crm.lead', leads);
			}
		});
	},
);
