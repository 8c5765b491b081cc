/**
 * The Qobra templates in real n8n, against the fake Qobra and the Odoo of the sandbox (the fake or a real one).
 * Both read Odoo through the sandbox's read-only credential, whose RPCs the sandbox records on the fake and on
 * a real Odoo alike: the cases check that only reading methods were sent. A real Odoo is shared: records are read in setup and again in verify, and a record
 * found both times must be in Qobra, while Qobra may hold only records found one of the times.
 */
import { READ_METHODS, type OdooRecord } from '../../../lib';
import { CREDENTIAL_IDS, QOBRA_TABLES, type Sandbox } from '../../../scripts/sandbox';
import type { FakeQobra } from '../../fakes/qobra';
import { check, few, type CaseContext, type E2eCase } from '../case';
import { searchRead } from '../odoo';

const TABLES = [
	{ model: 'sale.order', table: 'odoo_sale_orders' },
	{ model: 'crm.lead', table: 'odoo_crm_leads' },
];
const STALE_ID = 987654321;

function fakeQobra(sandbox: Sandbox): FakeQobra {
	const fake = sandbox.qobra.fake;
	if (!fake) throw new Error('this case needs the fake Qobra');
	return fake;
}

const ids = (records: OdooRecord[]) => new Set(records.map((r) => r.id));
const before = new Map<string, Record<string, Set<number>>>();

/** Odoo's ids per model now; a stale row in each Qobra table, which a full refresh must remove. */
const markTables =
	(key: string) =>
	async (ctx: CaseContext): Promise<void> => {
		const found: Record<string, Set<number>> = {};
		for (const { model, table } of TABLES) {
			found[model] = ids(await searchRead(ctx.sandbox, model, [], ['id']));
			fakeQobra(ctx.sandbox)
				.tables.get(table)!
				.records.set(String(STALE_ID), {
					qid: 'f'.repeat(24),
					values: { id: STALE_ID, name: 'stale row from an older refresh' },
					modifiedAt: '2020-01-01T00:00:00Z',
				});
		}
		before.set(key, found);
		ctx.sandbox.odooReadOnlyCalls?.splice(0);
	};

/** Every table holds exactly Odoo's records (up to what others changed meanwhile), converted, and no stale row. */
async function checkTables(ctx: CaseContext, key: string): Promise<void> {
	const qobra = fakeQobra(ctx.sandbox);
	for (const { model, table } of TABLES) {
		const now = ids(await searchRead(ctx.sandbox, model, [], ['id']));
		const then = before.get(key)![model];
		const rows = qobra.rows(table);
		const inQobra = new Set(rows.map((r) => r.id as number));
		const missing = [...then].filter((id) => now.has(id) && !inQobra.has(id));
		check(!missing.length, `${table}: Odoo records missing in Qobra: ${few(missing)}`);
		const extra = [...inQobra].filter((id) => !then.has(id) && !now.has(id));
		check(!extra.length, `${table}: rows in Qobra that Odoo never had: ${few(extra)}`);
		check(inQobra.size === rows.length, `${table}: a record was imported twice`);
		const columns = Object.keys(QOBRA_TABLES[table]);
		const bad = rows.filter((r) => Object.keys(r).some((k) => !columns.includes(k)));
		check(!bad.length, `${table}: rows with columns the table lacks: ${few(bad)}`);
	}
	checkNoOdooWrite(ctx);
}

/**
 * The read-only credential goes through a proxy that records its RPCs, on the fake and on a real Odoo; only
 * the Qobra templates use it, so whatever other cases write meanwhile does not show here.
 */
function checkNoOdooWrite(ctx: CaseContext): void {
	const credential = ctx.sandbox.credentials.find((c) => c.id === CREDENTIAL_IDS.odooReadOnly);
	check(credential?.data.readOnly === true, "the templates' Odoo credential is not read-only");
	const calls = ctx.sandbox.odooReadOnlyCalls;
	check(calls !== undefined, "the sandbox does not record the read-only credential's calls");
	const sent = calls.splice(0);
	const writes = sent.filter((c) => c.service === 'object' && !READ_METHODS.has(c.method));
	check(
		!writes.length,
		`Odoo received writing calls: ${few(writes.map((c) => `${c.model}.${c.method}`))}`,
	);
	check(
		sent.some((c) => c.method === 'search_read' || c.method === 'web_search_read'),
		`no search_read reached Odoo through the read-only credential: ${few(sent)}`,
	);
}

interface Report {
	ok: boolean;
	tables: Array<{
		model: string;
		table: string;
		records: number;
		imported: number | null;
		refused: number;
		status: string;
	}>;
}

function checkReport(report: Report | undefined): void {
	check(report?.ok === true, `the report is not ok: ${JSON.stringify(report)?.slice(0, 600)}`);
	for (const t of report.tables)
		check(
			t.imported === t.records && t.records > 0,
			`${t.table}: ${t.records} read, ${t.imported} imported`,
		);
}

export const qobraCases: E2eCase[] = [
	{
		name: 'Qobra full refresh sends every sale order and CRM lead through a read-only Odoo credential, replacing the tables whole (twice in a row), and nothing writes to Odoo',
		workflow: 'workflows/odoo-to-qobra-full-refresh.json',
		kind: 'execute',
		runs: 2,
		setup: markTables('manual'),
		async verify(ctx, outputs) {
			checkReport(outputs['Report']?.[0] as unknown as Report);
			await checkTables(ctx, 'manual');
			const orders = fakeQobra(ctx.sandbox).rows('odoo_sale_orders');
			const sample = orders.find((r) => r.amount_total !== null);
			check(
				sample &&
					typeof sample.amount_total === 'number' &&
					typeof sample.amount_total_currency === 'string' &&
					/T.*Z$/.test(String(sample.date_order)),
				`a sale order row is not converted: ${JSON.stringify(sample)}`,
			);
			const pushes = fakeQobra(ctx.sandbox).calls.filter(
				(c) => c.method === 'POST' && c.path.endsWith('/odoo_sale_orders/records/bulk'),
			);
			check(
				pushes.length >= 2 && pushes.slice(-1)[0].query.all === 'true',
				`the last refresh did not replace the table: ${few(pushes)}`,
			);
		},
	},
	{
		name: 'Qobra "refresh now" webhook runs the full refresh and answers with the report',
		workflow: 'workflows/odoo-to-qobra-full-refresh.json',
		kind: 'active',
		setup: markTables('webhook'),
		trigger: ({ postWebhook }) => postWebhook('qobra-refresh-now', {}),
		timeoutMs: 60_000,
		async verify(ctx, triggered) {
			const { status, body } = triggered as { status: number; body: unknown };
			check(status === 200, `the webhook answered ${status}`);
			checkReport(body as Report);
			await checkTables(ctx, 'webhook');
		},
	},
	{
		name: 'Odoo users → Qobra users: every internal user with an email is a Qobra user matched by email, and a re-run adds none',
		workflow: 'workflows/odoo-users-to-qobra-users.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			sandbox.odooReadOnlyCalls?.splice(0);
		},
		async verify(ctx, outputs) {
			const users = await searchRead(
				ctx.sandbox,
				'res.users',
				[
					['share', '=', false],
					['email', '!=', false],
				],
				['email', 'name'],
			);
			const qobra = fakeQobra(ctx.sandbox);
			const missing = users.filter(
				(u) => !qobra.users.some((q) => q.email === String(u.email).trim().toLowerCase()),
			);
			check(!missing.length, `Odoo users missing in Qobra: ${few(missing.map((u) => u.email))}`);
			const emails = qobra.users.map((u) => u.email);
			check(new Set(emails).size === emails.length, `a Qobra user appears twice: ${few(emails)}`);
			const out = outputs['Upsert Qobra users'] ?? [];
			check(
				out.length > 0 && out.every((i) => i.status === 'upserted'),
				`the node put out ${few(out)}`,
			);
			check(
				qobra.calls.filter((c) => c.method === 'PUT').every((c) => (c.size ?? 0) <= 200),
				'a call carried more than 200 users',
			);
			checkNoOdooWrite(ctx);
		},
	},
];
