/**
 * The Odoo Instant Trigger in real n8n against a real Odoo 17+ (the real Odoo 19 pass only: the fake
 * Odoo has no automation rules). n8n's activation creates the rules in Odoo; each change made here over
 * RPC must start exactly one execution carrying the record's fields, within 5 s; a delivery without the
 * secret starts nothing; deactivation removes the rules. The delays are printed above the case's line.
 */
import { check, type E2eCase, type ServerContext } from '../case';
import { odoo } from '../odoo';
import { findRules } from '../../../lib/sync';
import { sleep, unflatten, type RestCall } from '../../../scripts/n8n-runtime';

const WORKFLOW = 'test/e2e/workflows/pack-odoo-instant-trigger.json';
const NODE = 'Odoo Instant Trigger';
const MAX_DELAY_MS = 5000;

interface Execution {
	id: string;
	startedAt: string | null;
}

async function executions(rest: RestCall, workflowId: string): Promise<Execution[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = (await rest('GET', `rest/executions?filter=${filter}&limit=100`)) as {
		results: Execution[];
	};
	// n8n 1 lists running and finished executions in two parallel queries: one that finishes between
	// them is listed twice.
	const byId = new Map(list.results.map((e) => [e.id, e]));
	return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/** The trigger's one output item of an execution. */
async function output(rest: RestCall, id: string): Promise<Record<string, unknown>> {
	const execution = (await rest('GET', `rest/executions/${id}`)) as { data: string };
	const run = unflatten(execution.data) as {
		resultData: {
			runData: Record<
				string,
				Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
			>;
		};
	};
	const items = run.resultData.runData[NODE]?.[0]?.data.main[0] ?? [];
	check(items.length === 1, `execution ${id} put out ${items.length} items, expected 1`);
	return items[0].json;
}

/** Runs `change` and waits for the execution it starts; returns it with the delay from the RPC call to its start. */
async function timed(
	ctx: ServerContext,
	seen: number,
	change: () => Promise<unknown>,
): Promise<{ execution: Execution; delayMs: number }> {
	const before = Date.now();
	await change();
	for (;;) {
		const list = await executions(ctx.rest, ctx.workflowId);
		if (list.length > seen) {
			check(list.length === seen + 1, `one change started ${list.length - seen} executions`);
			// n8n 2 lists an execution before it starts (startedAt still null).
			const execution = list[seen];
			if (execution.startedAt) {
				const delayMs = Date.parse(execution.startedAt) - before;
				check(delayMs <= MAX_DELAY_MS, `the execution started ${delayMs} ms after the change`);
				return { execution, delayMs };
			}
		}
		check(Date.now() - before < MAX_DELAY_MS, `no execution ${MAX_DELAY_MS} ms after the change`);
		await sleep(100);
	}
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Outcome {
	delays: number[];
	outputs: Array<Record<string, unknown>>;
	expected: Array<Record<string, unknown>>;
	after: number;
	status401: number[];
	url: string;
}

const outcomes = new Map<string, Outcome>();

export const odooInstantCases: E2eCase[] = [
	{
		name: 'activated Odoo Instant Trigger starts one execution per change within 5 s; deactivation removes its rules from Odoo',
		workflow: WORKFLOW,
		kind: 'active',
		async trigger(ctx) {
			const { sandbox, n8nUrl, rest, workflowId } = ctx;
			const client = await odoo(sandbox);
			const url = `${n8nUrl}/webhook/e2e-odoo-instant-trigger/webhook`;
			// n8n creates the rules while it starts.
			for (let i = 0; (await findRules(client, url)).rules.length < 2; i++) {
				check(i < 300, 'n8n made no automation rules in Odoo within 30 s of starting');
				await sleep(100);
			}
			const [be] = await client.search('res.country', [['code', '=', 'BE']]);
			const delays: number[] = [];
			const outputs: Array<Record<string, unknown>> = [];
			const expected: Array<Record<string, unknown>> = [];
			let seen = (await executions(rest, workflowId)).length;
			const step = async (change: () => Promise<unknown>, values: Record<string, unknown>) => {
				const { execution, delayMs } = await timed(ctx, seen++, change);
				delays.push(delayMs);
				outputs.push(await output(rest, execution.id));
				expected.push(values);
			};
			for (const n of [1, 2, 3]) {
				const ref = `E2E-INSTANT-${n}-${sandbox.run}`;
				const name = `E2E Instant ${n} ${sandbox.run}`;
				let id = 0;
				await step(
					async () => ([id] = await client.create('res.partner', [{ name, ref, country_id: be }])),
					{ _event: 'created', name, ref, email: null, country_id: { id: be, name: 'Belgium' } },
				);
				const email = `instant${n}@example.com`;
				await step(() => client.write('res.partner', [id], { email }), {
					_event: 'updated',
					id,
					name,
					email,
				});
				// Not a watched field: starts nothing (checked by the count at the end).
				await client.write('res.partner', [id], { comment: 'not watched' });
			}
			const status401: number[] = [];
			for (const query of ['?event=created', '?event=created&secret=wrong']) {
				const response = await fetch(`${url}${query}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ _id: 1, _model: 'res.partner', id: 1, name: 'forged' }),
				});
				status401.push(response.status);
			}
			await sleep(1500);
			const after = (await executions(rest, workflowId)).length - seen;
			await rest('POST', `rest/workflows/${workflowId}/deactivate`, {});
			console.log(
				`    ${delays.length} changes: from the RPC call to the execution's start, median ${median(delays)} ms, max ${Math.max(...delays)} ms (${delays.join(', ')})`,
			);
			outcomes.set(workflowId, {
				delays,
				outputs,
				expected,
				after,
				status401,
				url,
			});
		},
		async verify(ctx) {
			const o = outcomes.get(ctx.workflowId)!;
			o.expected.forEach((values, i) => {
				const wrong = Object.entries(values).filter(
					([k, v]) => JSON.stringify(o.outputs[i][k]) !== JSON.stringify(v),
				);
				check(
					wrong.length === 0,
					`change ${i + 1} put out ${JSON.stringify(o.outputs[i])}; expected ${JSON.stringify(values)}`,
				);
			});
			check(
				o.after === 0,
				`${o.after} execution(s) started by unwatched writes or deliveries without the secret`,
			);
			check(
				o.status401.every((s) => s === 401),
				`deliveries without the right secret got HTTP ${o.status401.join(', ')}, expected 401`,
			);
			// n8n 2 may unpublish in the background (its publication outbox): verify is retried until then.
			const left = await findRules(await odoo(ctx.sandbox), o.url);
			check(
				left.rules.length === 0 && left.actions.length === 0,
				`after deactivation Odoo still holds ${left.rules.length} rule(s) and ${left.actions.length} action(s)`,
			);
		},
	},
];
