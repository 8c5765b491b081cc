/**
 * The 7Targets templates in real n8n, against the fake 7Targets and the Odoo of the sandbox (the
 * fake or a real one). Each case prepares Odoo itself (idempotent), so any one runs alone; records a
 * case makes carry the run's tag and are deleted at the end.
 */
import { nodeRequest } from '../../../lib/http';
import type { OdooClient, OdooRecord } from '../../../lib';
import {
	SevenTargetsClient,
	TokenCache,
	prepareOdoo,
	syncAssistants,
} from '../../../lib/seventargets';
import type { Sandbox } from '../../../scripts/sandbox';
import { credentialFor, type FakeSevenTargets } from '../../fakes/seventargets';
import { check, few, type E2eCase } from '../case';
import { odoo } from '../odoo';

function fake7t(sandbox: Sandbox): FakeSevenTargets {
	const fake = sandbox.sevenTargets.fake;
	if (!fake) throw new Error('this case needs the fake 7Targets');
	return fake;
}

/** The library's own client on the sandbox credential (for seeding 7Targets the way a user would). */
function client7t(sandbox: Sandbox): SevenTargetsClient {
	return new SevenTargetsClient(credentialFor(fake7t(sandbox)), nodeRequest, new TokenCache());
}

/** Odoo prepared and the fake's assistants synced; returns the client and the assistants' partner ids by email. */
/** Odoo prepared for 7Targets with the fake's assistants synced, and what every case's setup uses. */
async function ready(sandbox: Sandbox) {
	const client = await odoo(sandbox);
	const fake = fake7t(sandbox);
	await prepareOdoo(client);
	const synced = await syncAssistants(
		client,
		fake.assistants.map((a) => ({ ...a })),
	);
	const assistant = new Map(synced.map((s) => [s.email, s.id!]));
	return { client, assistant, fake, run: sandbox.run };
}

const m2o = (value: unknown) => (Array.isArray(value) ? (value[0] as number) : undefined);
const emailOf = (run: string, who: string) => `7t-${who}-${run}@example.com`;
const sent = (sandbox: Sandbox, method: string, path: string, email: string, since: number) =>
	fake7t(sandbox)
		.calls.slice(since)
		.filter(
			(c) =>
				c.method === method && c.path === path && (c.body as { email?: string })?.email === email,
		).length;

/** The case's leads: their emails carry the run and the case's letters (`who`). */
const leadsOf = (client: OdooClient, run: string, who: string) =>
	client.searchRead('crm.lead', [['email_from', 'in', [...who].map((w) => emailOf(run, w))]], {
		fields: ['email_from', 'user_id', 'stage_id', 'x_7t_status', 'x_7t_lead_ref', 'x_7t_owner_id'],
		context: { active_test: false },
	});

async function cleanUp(client: OdooClient, run: string, who: string): Promise<void> {
	const ids = (await leadsOf(client, run, who)).map((l) => l.id);
	if (ids.length) await client.unlink('crm.lead', ids);
}

const marks = new Map<string, number>();

/** What the Update template's Changed leads node sends for a lead, as it stores it in x_7t_sent. */
const updateBody = (run: string, who: string, phone: string, state: string) => ({
	email: emailOf(run, who),
	name: `Contact ${who.toUpperCase()}`,
	phone,
	company: '',
	designation: '',
	location: '',
	state,
});

export const sevenTargetsCases: E2eCase[] = [
	{
		name: '7Targets sync template prepares Odoo and makes one partner per assistant; a re-run changes nothing',
		workflow: 'workflows/seventargets-sync-assistants.json',
		kind: 'execute',
		runs: 2,
		async verify({ sandbox }, outputs) {
			const [prepared] = outputs['Prepare Odoo'] ?? [];
			check(
				Array.isArray(prepared?.created) &&
					prepared.created.length === 0 &&
					Array.isArray(prepared.stages) &&
					prepared.stages.length === 0,
				`the second Prepare Odoo changed something: ${JSON.stringify(prepared)}`,
			);
			const synced = outputs['Sync assistants'] ?? [];
			check(
				synced.length === fake7t(sandbox).assistants.length &&
					synced.every((s) => s.action === 'unchanged'),
				`the second sync wrote: ${few(synced)}`,
			);
			const partners = await (
				await odoo(sandbox)
			).searchRead('res.partner', [['x_7t_assistant_ref', '>', 0]], {
				fields: ['email', 'x_7t_assistant_ref'],
			});
			for (const a of fake7t(sandbox).assistants)
				check(
					partners.some((p) => p.email === a.emailid && p.x_7t_assistant_ref === a.id),
					`no Odoo partner for assistant ${a.emailid}: ${few(partners)}`,
				);
		},
	},
	{
		name: '7Targets assign template sends each lead with an assistant once, stores its id, status and owner; the safeguard holds',
		workflow: 'workflows/seventargets-assign.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			const { client, assistant, fake } = await ready(sandbox);
			const ava = assistant.get(fake.assistants[0].emailid)!;
			const [qualified] = await client.search('crm.stage', [['name', '=', 'Qualified']], {
				limit: 1,
			});
			await client.write('crm.stage', [qualified], { x_7t_sequence: 'Proposal follow-up' });
			const run = sandbox.run;
			// D is in 7Targets already (assigned some other way): 7Targets refuses it.
			await client7t(sandbox).assign({
				name: 'Dee',
				email: emailOf(run, 'd'),
				assistantEmail: fake.assistants[0].emailid,
			});
			marks.set('assign', fake.calls.length);
			const lead = (who: string, vals: Record<string, unknown>) => ({
				name: `7Targets ${who} ${run}`,
				contact_name: `Contact ${who.toUpperCase()}`,
				email_from: emailOf(run, who),
				user_id: client.uid,
				stage_id: qualified,
				...vals,
			});
			await client.create('crm.lead', [
				lead('a', { x_7t_assistant_id: ava }),
				lead('b', { x_7t_assistant_id: ava, x_7t_status: 'Cold' }),
				lead('c', {}),
				lead('d', { x_7t_assistant_id: ava }),
			]);
		},
		async verify({ sandbox }) {
			const client = await odoo(sandbox);
			const run = sandbox.run;
			const since = marks.get('assign') ?? 0;
			try {
				const posted = Object.fromEntries(
					['a', 'b', 'c', 'd'].map((w) => [
						w,
						sent(sandbox, 'POST', '/leads', emailOf(run, w), since),
					]),
				);
				check(
					posted.a === 1 && posted.b === 0 && posted.c === 0 && posted.d === 1,
					`POST /leads per lead over two runs: ${JSON.stringify(posted)} (expected a 1, b 0 (status set), c 0 (no assistant), d 1 (refused))`,
				);
				const leads = new Map(
					(await leadsOf(client, run, 'abcd')).map(
						(l) => [String(l.email_from), l] as [string, OdooRecord],
					),
				);
				const a = leads.get(emailOf(run, 'a'))!;
				const remote = fake7t(sandbox).leads.find((l) => l.email === emailOf(run, 'a'));
				check(remote, 'lead a is not in 7Targets');
				check(
					a.x_7t_lead_ref === remote.id &&
						a.x_7t_status === 'Cold' &&
						m2o(a.x_7t_owner_id) === client.uid,
					`lead a in Odoo: ${JSON.stringify(a)}, in 7Targets id ${remote.id}`,
				);
				check(
					remote.scheduleName === 'Proposal follow-up' &&
						remote.crm === 'ODOO' &&
						Number(remote.externalId) === a.id &&
						remote.name === 'Contact A',
					`lead a as 7Targets got it: ${JSON.stringify(remote)}`,
				);
				const d = leads.get(emailOf(run, 'd'))!;
				check(
					/^Not sent: .*already assigned/.test(String(d.x_7t_status)),
					`lead d's status: ${JSON.stringify(d.x_7t_status)}`,
				);
			} finally {
				await cleanUp(client, run, 'abcd');
			}
		},
	},
	{
		name: '7Targets status back template sets status and stage, hands a finished lead back to its owner once',
		workflow: 'workflows/seventargets-status-back.json',
		kind: 'active',
		async setup({ sandbox }) {
			const { client, assistant, fake } = await ready(sandbox);
			const email = emailOf(sandbox.run, 'e');
			const remote = await client7t(sandbox).assign({
				name: 'Eve',
				email,
				assistantEmail: fake.assistants[0].emailid,
			});
			await client.create('crm.lead', [
				{
					name: `7Targets e ${sandbox.run}`,
					email_from: email,
					user_id: false,
					x_7t_assistant_id: assistant.get(fake.assistants[0].emailid),
					x_7t_lead_ref: remote.id,
					x_7t_status: 'Cold',
					x_7t_owner_id: client.uid,
				},
			]);
		},
		async trigger({ sandbox, postWebhook }) {
			const email = emailOf(sandbox.run, 'e');
			// 7Targets' way of spelling it; the state arrives twice, as a retried delivery would.
			const moved = fake7t(sandbox).moveLead(email, 'DeActivated');
			for (let n = 0; n < 2; n++) {
				const res = await postWebhook('7targets-status', { email, state: moved.state });
				check(res.status === 200, `webhook answered ${res.status}: ${JSON.stringify(res.body)}`);
			}
		},
		async verify({ sandbox }) {
			const client = await odoo(sandbox);
			const [lead] = await leadsOf(client, sandbox.run, 'e');
			check(lead, 'the lead is gone');
			const [stage] = await client.read('crm.stage', [m2o(lead.stage_id)!], ['x_7t_states']);
			const activities = await client.searchRead(
				'mail.activity',
				[
					['res_model', '=', 'crm.lead'],
					['res_id', '=', lead.id],
				],
				{ fields: ['summary', 'user_id'] },
			);
			check(
				lead.x_7t_status === 'Deactivated' &&
					m2o(lead.user_id) === client.uid &&
					/Deactivated/.test(String(stage.x_7t_states)),
				`the lead after status back: ${JSON.stringify(lead)} (stage states ${stage.x_7t_states})`,
			);
			check(
				activities.length === 1 &&
					activities[0].summary === '7Targets: Deactivated' &&
					m2o(activities[0].user_id) === client.uid,
				`activities on the lead: ${few(activities)}`,
			);
			await cleanUp(client, sandbox.run, 'e');
		},
	},
	{
		name: '7Targets unassign template stops the follow-up of a lead without assistant once and keeps its status',
		workflow: 'workflows/seventargets-unassign.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			const { client, assistant, fake, run } = await ready(sandbox);
			const refs: Record<string, number> = { h: 987654 };
			for (const who of ['f', 'g'])
				refs[who] = Number(
					(
						await client7t(sandbox).assign({
							name: who,
							email: emailOf(run, who),
							assistantEmail: fake.assistants[0].emailid,
						})
					).id,
				);
			marks.set('unassign', fake.calls.length);
			// f lost its assistant, g keeps it, h lost it but 7Targets never knew it.
			await client.create(
				'crm.lead',
				['f', 'g', 'h'].map((who) => ({
					name: `7Targets ${who} ${run}`,
					email_from: emailOf(run, who),
					x_7t_assistant_id: who === 'g' ? assistant.get(fake.assistants[0].emailid) : false,
					x_7t_lead_ref: refs[who],
					x_7t_status: 'Cold',
				})),
			);
		},
		async verify({ sandbox }) {
			const client = await odoo(sandbox);
			const run = sandbox.run;
			const since = marks.get('unassign') ?? 0;
			try {
				const stops = Object.fromEntries(
					['f', 'g', 'h'].map((w) => [
						w,
						sent(sandbox, 'PUT', '/leads/stop/followup', emailOf(run, w), since),
					]),
				);
				check(
					stops.f === 1 && stops.g === 0 && stops.h === 1,
					`stop follow-up per lead over two runs: ${JSON.stringify(stops)} (expected f 1, g 0, h 1)`,
				);
				const leads = new Map(
					(await leadsOf(client, run, 'fgh')).map((l) => [String(l.email_from), l]),
				);
				const [f, g, h] = ['f', 'g', 'h'].map((w) => leads.get(emailOf(run, w))!);
				check(
					f.x_7t_lead_ref === 0 &&
						f.x_7t_status === 'Cold' &&
						g.x_7t_lead_ref !== 0 &&
						h.x_7t_lead_ref === 0,
					`leads after unassign: ${few([f, g, h])}`,
				);
				const remote = fake7t(sandbox).leads.find((l) => l.email === emailOf(run, 'f'));
				check(
					remote?.nextScheduleTime === null,
					`7Targets still follows f up: ${JSON.stringify(remote)}`,
				);
			} finally {
				await cleanUp(client, run, 'fgh');
			}
		},
	},
	{
		name: '7Targets update template sends a changed stage and phone once; unchanged and unassigned leads are not sent',
		workflow: 'workflows/seventargets-update.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			const { client, assistant, fake, run } = await ready(sandbox);
			const stage = async (name: string) =>
				(await client.search('crm.stage', [['name', '=', name]], { limit: 1 }))[0];
			const [fresh, qualified] = [await stage('New'), await stage('Qualified')];
			const ava = assistant.get(fake.assistants[0].emailid)!;
			// u and v were assigned and last sent as they are now (x_7t_sent); w lost its assistant.
			const leads = [];
			for (const who of ['u', 'v', 'w']) {
				const body = updateBody(run, who, '+34 600 000 001', '');
				const remote = await client7t(sandbox).assign({
					...body,
					assistantEmail: fake.assistants[0].emailid,
				});
				leads.push({
					name: `7Targets ${who} ${run}`,
					contact_name: body.name,
					email_from: body.email,
					phone: body.phone,
					stage_id: fresh,
					x_7t_assistant_id: who === 'w' ? false : ava,
					x_7t_lead_ref: remote.id,
					x_7t_status: 'Cold',
					x_7t_sent: JSON.stringify(body),
				});
			}
			const [u, , w] = await client.create('crm.lead', leads);
			marks.set('update', fake.calls.length);
			// Then the salesperson moves u and w on and changes u's phone.
			await client.write('crm.lead', [u], { stage_id: qualified, phone: '+34 600 000 999' });
			await client.write('crm.lead', [w], { stage_id: qualified, phone: '+34 600 000 777' });
		},
		async verify({ sandbox }) {
			const client = await odoo(sandbox);
			const run = sandbox.run;
			const since = marks.get('update') ?? 0;
			try {
				const puts = Object.fromEntries(
					['u', 'v', 'w'].map((w) => [w, sent(sandbox, 'PUT', '/leads', emailOf(run, w), since)]),
				);
				check(
					puts.u === 1 && puts.v === 0 && puts.w === 0,
					`PUT /leads per lead over two runs: ${JSON.stringify(puts)} (expected u 1, v 0 (unchanged), w 0 (no assistant))`,
				);
				const [qualified] = await client.searchRead('crm.stage', [['name', '=', 'Qualified']], {
					fields: ['x_7t_states'],
					limit: 1,
				});
				const state = String(qualified.x_7t_states).split(',')[0].trim();
				const put = fake7t(sandbox)
					.calls.slice(since)
					.find(
						(c) => c.method === 'PUT' && (c.body as { email?: string }).email === emailOf(run, 'u'),
					);
				const body = put?.body as Record<string, unknown> | undefined;
				check(
					put?.status === 200 &&
						body?.phone === '+34 600 000 999' &&
						body.state === state &&
						body.name === 'Contact U' &&
						!('company' in body),
					`the PUT of u: ${JSON.stringify(put)} (expected phone +34 600 000 999, state ${state}, no empty fields)`,
				);
				const remote = fake7t(sandbox).leads.find((l) => l.email === emailOf(run, 'u'));
				check(
					remote?.phone === '+34 600 000 999' && remote.state === state,
					`lead u in 7Targets: ${JSON.stringify(remote)}`,
				);
				const [u] = await client.searchRead('crm.lead', [['email_from', '=', emailOf(run, 'u')]], {
					fields: ['x_7t_sent'],
				});
				check(
					u?.x_7t_sent === JSON.stringify(updateBody(run, 'u', '+34 600 000 999', state)),
					`u's 7Targets Last Sent: ${JSON.stringify(u?.x_7t_sent)}`,
				);
			} finally {
				await cleanUp(client, run, 'uvw');
			}
		},
	},
];
