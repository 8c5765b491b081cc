/**
 * n8n in queue mode (main + worker with concurrency 10, Redis, PostgreSQL) against real Odoo 16:
 * parallel webhook upserts that repeat the refs of a request still running create no duplicate,
 * and the Odoo Trigger, polling on the main process while the worker runs the executions, emits
 * every change once and nothing written before activation. Refs carry the run's tag.
 */
import { check, few, type E2eCase, type ServerContext } from '../case';
import { collected } from '../collector';
import { odoo, searchRead } from '../odoo';
import { sleep } from '../../../scripts/n8n-runtime';

const REQUESTS = 60;
const PARTNERS = 20;
const IN_FLIGHT = 10;
/** These requests send the refs of the request just before them, which is still running. */
const REPEATS = [11, 22, 33, 44, 55];
const NEW = 30;
const REWRITTEN = 10;
const BEFORE = 10;

interface Sent {
	latencies: number[];
	answers: unknown[];
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function sendAll(ctx: ServerContext): Promise<Sent> {
	const refsOf = (r: number) =>
		Array.from({ length: PARTNERS }, (_, i) => `QU-${ctx.sandbox.run}-${r}-${i}`);
	const body = (r: number) => ({
		partners: refsOf(REPEATS.includes(r) ? r - 1 : r).map((ref) => ({
			ref,
			name: `Queue ${ref} (request ${r})`,
		})),
	});
	// One request first: n8n registers production webhooks after it answers, and workers warm up.
	const warm = await ctx.postWebhook('e2e-queue-upsert', {
		partners: [{ ref: `QU-${ctx.sandbox.run}-warm`, name: 'Queue warm-up' }],
	});
	check(warm.status === 200, `warm-up answered ${warm.status}: ${JSON.stringify(warm.body)}`);
	const latencies: number[] = [];
	const answers: unknown[] = [];
	let next = 0;
	const lane = async () => {
		while (next < REQUESTS) {
			const r = next++;
			const started = Date.now();
			const res = await ctx.postWebhook('e2e-queue-upsert', body(r));
			latencies.push(Date.now() - started);
			check(res.status === 200, `request ${r} answered ${res.status}: ${JSON.stringify(res.body)}`);
			answers.push(res.body);
		}
	};
	await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
	const sorted = [...latencies].sort((a, b) => a - b);
	console.log(
		`      queue mode, ${IN_FLIGHT} executions in flight, ${PARTNERS} partners each: p50 ${(percentile(sorted, 50) / 1000).toFixed(2)} s, p95 ${(percentile(sorted, 95) / 1000).toFixed(2)} s, max ${(sorted[sorted.length - 1] / 1000).toFixed(2)} s`,
	);
	return { latencies, answers };
}

/** The collector's items for this run's trigger refs. */
async function emitted(ctx: ServerContext) {
	const prefix = `QT-${ctx.sandbox.run}-`;
	return (await collected(ctx.sandbox.env.E2E_COLLECTOR_URL)).filter((i) =>
		String(i.ref).startsWith(prefix),
	);
}

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs = 150_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await ok())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(2000);
	}
}

export const queueCases: E2eCase[] = [
	{
		name: `queue mode: ${REQUESTS} webhook upserts of ${PARTNERS} partners, ${IN_FLIGHT} in flight, ${REPEATS.length} repeating the refs of a running request: no duplicate ref`,
		workflow: 'test/e2e/workflows/queue-webhook-upsert.json',
		kind: 'active',
		trigger: sendAll,
		async verify(ctx, triggered) {
			const { answers } = triggered as Sent;
			const items = answers.flatMap((a) => (Array.isArray(a) ? a : [a])) as Array<
				Record<string, unknown>
			>;
			const failed = items.filter((i) => i.action === 'failed' || i.error);
			check(failed.length === 0, `${failed.length} items failed: ${few(failed)}`);
			check(
				items.length === REQUESTS * PARTNERS,
				`the webhooks answered ${items.length} items, expected ${REQUESTS * PARTNERS}`,
			);
			const partners = await searchRead(
				ctx.sandbox,
				'res.partner',
				[['ref', '=like', `QU-${ctx.sandbox.run}-%`]],
				['ref'],
			);
			const count = new Map<string, number>();
			for (const p of partners) count.set(String(p.ref), (count.get(String(p.ref)) ?? 0) + 1);
			const twice = [...count].filter(([, n]) => n > 1).map(([ref]) => ref);
			check(twice.length === 0, `${twice.length} refs exist more than once: ${few(twice)}`);
			const expected = (REQUESTS - REPEATS.length) * PARTNERS + 1;
			check(count.size === expected, `${count.size} distinct refs, expected ${expected}`);
		},
		timeoutMs: 10_000,
	},
	{
		name: `queue mode: the Odoo Trigger emits each of ${NEW} new partners and ${REWRITTEN} rewrites once, nothing of ${BEFORE} partners created just before activation`,
		workflow: 'test/e2e/workflows/queue-trigger-collect.json',
		kind: 'active',
		async setup({ sandbox }) {
			await (
				await odoo(sandbox)
			).create(
				'res.partner',
				Array.from({ length: BEFORE }, (_, i) => ({
					ref: `QT-${sandbox.run}-before-${i}`,
					name: `Queue trigger before ${i}`,
				})),
			);
		},
		async trigger(ctx) {
			const client = await odoo(ctx.sandbox);
			const ids = await client.create(
				'res.partner',
				Array.from({ length: NEW }, (_, i) => ({
					ref: `QT-${ctx.sandbox.run}-new-${i}`,
					name: `Queue trigger new ${i}`,
				})),
			);
			await waitFor(
				`${NEW} created partners to be emitted`,
				async () => (await emitted(ctx)).length >= NEW,
			);
			// Two writes of each record within one second (Odoo 16 stamps them microseconds apart).
			for (const id of ids.slice(0, REWRITTEN)) {
				await client.write('res.partner', [id], { name: `Queue trigger rewrite 1 of ${id}` });
				await client.write('res.partner', [id], { name: `Queue trigger rewrite 2 of ${id}` });
			}
			await waitFor(
				`${REWRITTEN} rewrites to be emitted`,
				async () =>
					(await emitted(ctx)).filter((i) => String(i.name).startsWith('Queue trigger rewrite 2'))
						.length >= REWRITTEN,
			);
			// One more poll: anything emitted twice would show now.
			await sleep(65_000);
			return ids;
		},
		async verify(ctx, triggered) {
			const ids = triggered as number[];
			const items = await emitted(ctx);
			const before = items.filter((i) => String(i.ref).includes('-before-'));
			check(before.length === 0, `emitted partners created before activation: ${few(before)}`);
			const seen = new Map<string, number>();
			for (const i of items) {
				const k = `${i.id} ${i.name}`;
				seen.set(k, (seen.get(k) ?? 0) + 1);
			}
			const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
			check(twice.length === 0, `versions emitted more than once: ${few(twice)}`);
			const created = items.filter((i) => i._event === 'created');
			check(
				created.length === NEW && new Set(created.map((i) => i.id)).size === NEW,
				`${created.length} created items for ${NEW} new partners`,
			);
			for (const id of ids.slice(0, REWRITTEN)) {
				const last = items.filter((i) => i.id === id).pop();
				check(
					last?.name === `Queue trigger rewrite 2 of ${id}` && last._event === 'updated',
					`partner ${id}: the last emitted item is ${JSON.stringify(last)}`,
				);
			}
		},
		timeoutMs: 10_000,
	},
];
