/**
 * The pack's Odoo node and Odoo Trigger in real n8n, against the fake Odoo or a real one (over
 * JSON-2 on Odoo 19). Refs carry the run's tag (`$env.SANDBOX_RUN`), so runs sharing a real
 * Odoo never meet. The partners made here have no email: the Clientify contact template must
 * not pick them up.
 */
import { check, few, type E2eCase } from '../case';
import { odoo, onFake, searchRead } from '../odoo';

const UPSERTED = [
	{ ref: 'E2E-UPSERT-1', name: 'E2E Upsert Alpha', city: 'Brussels' },
	{ ref: 'E2E-UPSERT-2', name: 'E2E Upsert Beta', city: 'Ghent' },
	{ ref: 'E2E-UPSERT-3', name: 'E2E Upsert Gamma', city: 'Liège' },
];
const POLLED_REFS = ['E2E-POLL-1', 'E2E-POLL-2'];

export const odooCases: E2eCase[] = [
	{
		name: 'Odoo upsert creates three partners in one load and a re-run writes nothing',
		workflow: 'test/e2e/workflows/pack-odoo-upsert-partners.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			sandbox.odoo.fake?.resetCalls();
		},
		async verify(ctx, outputs) {
			const { run } = ctx.sandbox;
			for (const expected of UPSERTED) {
				const found = await searchRead(
					ctx.sandbox,
					'res.partner',
					[['ref', '=', `${expected.ref}-${run}`]],
					['name', 'city'],
				);
				check(
					found.length === 1,
					`expected 1 partner with ref ${expected.ref}-${run}, found ${found.length}`,
				);
				check(
					found[0].name === `${expected.name} ${run}` && found[0].city === expected.city,
					`partner ${expected.ref}-${run} is ${JSON.stringify(found[0])}`,
				);
			}
			onFake(ctx, 'one create (a load) and no write in two runs', (fake) => {
				const creates = fake.count({ model: 'res.partner', method: 'load' });
				const writes = fake.count({ model: 'res.partner', method: 'write' });
				check(
					creates === 1 && writes === 0,
					`two runs made ${creates} load and ${writes} write call(s); expected 1 load (one batch) and 0 writes`,
				);
			});
			check(
				outputs['Upsert partners']?.length === 3,
				`the re-run put out ${outputs['Upsert partners']?.length} items, expected 3`,
			);
		},
	},
	{
		name: "a failed item takes the Odoo node's error output, its message naming the field; the others land",
		workflow: 'test/e2e/workflows/pack-odoo-error-output.json',
		kind: 'execute',
		async verify(ctx, outputs) {
			const { run } = ctx.sandbox;
			const landed = outputs['Landed'] ?? [];
			const failed = outputs['Failed'] ?? [];
			check(
				landed.length === 2 && landed.every((o) => o.action === 'created'),
				`the success output had ${few(landed)}; expected the 2 good partners, created`,
			);
			// n8n gives error-output items its own shape, {error: message}: the message names the field.
			check(
				failed.length === 1 && String(failed[0].error).includes("unknown field 'x_no_such_field'"),
				`the error output had ${few(failed)}; expected the partner naming x_no_such_field`,
			);
			const stored = await searchRead(
				ctx.sandbox,
				'res.partner',
				[['ref', '=like', `E2E-ERROUT-%-${run}`]],
				['ref'],
			);
			check(
				stored
					.map((p) => p.ref)
					.sort()
					.join() === `E2E-ERROUT-1-${run},E2E-ERROUT-3-${run}`,
				`Odoo holds ${few(stored)}; expected the two good partners`,
			);
		},
	},
	{
		name: 'Odoo upsert rides through a restarting Odoo (three HTTP 503 on its lookup): no failed item, no duplicate',
		workflow: 'test/e2e/workflows/pack-odoo-upsert-partners.json',
		kind: 'execute',
		setup({ sandbox }) {
			sandbox.odoo.fake?.resetCalls();
			sandbox.odoo.fake?.inject({
				failNext: { count: 3, kind: 'http503', methods: ['search_read'] },
			});
		},
		async verify(ctx, outputs) {
			const { run } = ctx.sandbox;
			const out = outputs['Upsert partners'] ?? [];
			check(
				out.length === 3 && out.every((o) => o.action !== 'failed'),
				`the upsert put out ${few(out)}; expected 3 items, none failed`,
			);
			for (const { ref } of UPSERTED) {
				const found = await searchRead(
					ctx.sandbox,
					'res.partner',
					[['ref', '=', `${ref}-${run}`]],
					['id'],
				);
				check(
					found.length === 1,
					`expected 1 partner with ref ${ref}-${run}, found ${found.length}`,
				);
			}
			onFake(ctx, 'the three 503s were answered, then the lookup went through', (fake) => {
				const injected = fake.calls.filter((c) => c.injected === 'http503').length;
				check(injected === 3, `the fake answered ${injected} injected 503(s), expected 3`);
				fake.clearInjections();
			});
		},
	},
	{
		name: 'activated Odoo Trigger polls new partners and Odoo update marks each of them',
		workflow: 'test/e2e/workflows/pack-odoo-trigger-poll.json',
		kind: 'active',
		async setup({ sandbox }) {
			await (
				await odoo(sandbox)
			).create(
				'res.partner',
				POLLED_REFS.map((ref) => ({
					ref: `${ref}-${sandbox.run}`,
					name: `E2E Polled ${ref} ${sandbox.run}`,
				})),
			);
		},
		async verify({ sandbox }) {
			const refs = POLLED_REFS.map((ref) => `${ref}-${sandbox.run}`);
			const partners = await searchRead(
				sandbox,
				'res.partner',
				[['ref', 'in', refs]],
				['ref', 'comment'],
			);
			const unmarked = partners.filter(
				(p) => !String(p.comment).includes('seen by the Odoo Trigger'),
			);
			check(
				partners.length === 2 && unmarked.length === 0,
				`not marked by the workflow: ${JSON.stringify(unmarked)}`,
			);
		},
		// The poll on activation finds them; allow one scheduled (every minute) poll on top.
		timeoutMs: 90_000,
	},
];
