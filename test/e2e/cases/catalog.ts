/**
 * The product catalogue ⇄ Odoo templates in real n8n, against the fake catalogue, the sandbox's
 * Odoo (fake or real) and the run's own PostgreSQL database (sync history). Cases run in order and
 * build on each other: export, a failure in the middle of a batch, its bulk retry.
 *
 * Products carry the run's tag in their title (cleanUpRun deletes them from a real Odoo) and EANs
 * derived from the run, so runs sharing a real Odoo never match each other's products.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../../scripts/n8n-runtime';
import { psql, type Sandbox } from '../../../scripts/sandbox';
import {
	pngFor,
	type CatalogProduct,
	type FakeCatalog,
	type ProductInput,
} from '../../fakes/catalog';
import type { OdooRecord } from '../../../lib';
import {
	check,
	few,
	type ActiveCase,
	type CaseContext,
	type E2eCase,
	type NodeOutputs,
} from '../case';
import { odoo, onFake, searchRead } from '../odoo';

function catalog(sandbox: Sandbox): FakeCatalog {
	const fake = sandbox.catalog.fake;
	if (!fake) throw new Error('this case needs the fake catalogue');
	return fake;
}

/** Rows of a query on the run's history database (one JSON document, so values keep their types). */
export function sql<T = Record<string, unknown>>(sandbox: Sandbox, query: string): T[] {
	if (!sandbox.postgres)
		throw new Error('no PostgreSQL for the sync history (psql could not create the run database)');
	const out = psql(
		sandbox.env.SANDBOX_PG_DATABASE,
		`SELECT coalesce(json_agg(q), '[]') FROM (${query}) q`,
	);
	return JSON.parse(out.trim()) as T[];
}

/** A 13-digit EAN of this run: 2 + 8 digits of the run's hash + 4 of the index. */
function ean(sandbox: Sandbox, n: number): string {
	const h = parseInt(createHash('sha256').update(sandbox.run).digest('hex').slice(0, 8), 16) % 1e8;
	return `2${String(h).padStart(8, '0')}${String(n).padStart(4, '0')}`;
}

function product(sandbox: Sandbox, n: number, extra: ProductInput = {}): ProductInput {
	return {
		title: `Catalogue ${sandbox.run} ${n}`,
		ean: ean(sandbox, n),
		description: `E2E product ${n}`,
		price: 10 + n + 0.25,
		weight: n / 10,
		brand_name: 'Acme',
		category: ['Electronics', 'Clothing', 'Accessories'][n % 3],
		tax_rate: 21,
		supplier_id: 7,
		supplier_reference: `CAT-${sandbox.run}-${n}`,
		...extra,
	};
}

const CATEGORY = {
	Electronics: 'All / Saleable / Software',
	Clothing: 'All / Saleable',
	Accessories: 'All / Saleable / Office Furniture',
};

async function inOdoo(sandbox: Sandbox, products: CatalogProduct[]): Promise<OdooRecord[]> {
	return searchRead(
		sandbox,
		'product.template',
		[['barcode', 'in', products.map((p) => p.ean)]],
		[
			'name',
			'barcode',
			'list_price',
			'categ_id',
			'taxes_id',
			'default_code',
			'description_sale',
			'image_1920',
		],
	);
}

/** Each product is in Odoo exactly once, with the catalogue's values. */
async function checkInOdoo(sandbox: Sandbox, products: CatalogProduct[]): Promise<OdooRecord[]> {
	const records = await inOdoo(sandbox, products);
	for (const p of products) {
		const found = records.filter((r) => r.barcode === p.ean);
		check(found.length === 1, `EAN ${p.ean}: ${found.length} Odoo products, expected 1`);
		const [r] = found;
		const image = p.image_url
			? pngFor(p.image_url.replace(/^.*\/images\/|\.png$/g, '')).toString('base64')
			: false;
		const wrong = [
			r.name !== p.title && 'name',
			Math.abs(Number(r.list_price) - Number(p.price)) > 1e-6 && 'list_price',
			r.default_code !== p.supplier_reference && 'default_code',
			r.description_sale !== p.description && 'description_sale',
			(r.categ_id as [number, string])[1] !== CATEGORY[p.category as keyof typeof CATEGORY] &&
				'categ_id',
			!(r.taxes_id as number[]).length && 'taxes_id',
			r.image_1920 !== image && 'image_1920',
		].filter(Boolean);
		check(
			!wrong.length,
			`EAN ${p.ean}: ${wrong.join(', ')} differ from the catalogue (${JSON.stringify({ ...r, image_1920: undefined })})`,
		);
	}
	return records;
}

interface BatchRow {
	batch_id: string;
	triggered_by: string;
	created: number;
	updated: number;
	unchanged: number;
	failed: number;
}
const BATCHES = `SELECT batch_id, min(triggered_by) AS triggered_by,
	count(*) FILTER (WHERE action = 'created')::int AS created, count(*) FILTER (WHERE action = 'updated')::int AS updated,
	count(*) FILTER (WHERE action = 'unchanged')::int AS unchanged, count(*) FILTER (WHERE action = 'failed')::int AS failed
	FROM catalog_sync_history WHERE direction = 'to_odoo' GROUP BY batch_id ORDER BY min(id)`;

/**
 * An export run twice: the first run created `created` products, the re-run found only unchanged ones
 * (those at the cursor), and Odoo got no write and `loads` loads (the new records, one `load` per batch
 * and set of columns: lib/sync/upsert.ts). Returns the first run's batch.
 */
function checkExportAndRerun(
	ctx: CaseContext,
	batches: BatchRow[],
	created: number,
	loads = 1,
): BatchRow {
	check(batches.length === 2, `expected 2 history batches, found ${few(batches)}`);
	const [first, second] = batches;
	check(
		first.created === created && first.failed === 0 && first.triggered_by === 'manual',
		`first run: expected ${created} created, history says ${JSON.stringify(first)}`,
	);
	check(
		second.created + second.updated + second.failed === 0 && second.unchanged >= 1,
		`re-run: expected only unchanged products (those at the cursor), history says ${JSON.stringify(second)}`,
	);
	onFake(ctx, `${loads} load(s) and no write in two runs`, (fake) => {
		const creates = fake.count({ model: 'product.template', method: 'load' });
		const writes = fake.count({ model: 'product.template', method: 'write' });
		check(
			creates === loads && writes === 0,
			`two runs made ${creates} load(s) (expected ${loads}) and ${writes} write(s) (expected 0)`,
		);
	});
	return first;
}

/** The "sync this product now" webhook's answer after a price change, and the product in Odoo. */
function checkPriceSynced(product: () => CatalogProduct): ActiveCase['verify'] {
	return async ({ sandbox }, triggered) => {
		const { status, body } = triggered as { status: number; body: Record<string, unknown> };
		check(status === 200, `webhook answered ${status}: ${JSON.stringify(body)}`);
		check(
			body.success === true &&
				body.products === 1 &&
				body.updated === 1 &&
				JSON.stringify(body.fields_synced) === '["list_price"]' &&
				Number(body.odoo_product_id) > 0,
			`unexpected answer ${JSON.stringify(body)}`,
		);
		await checkInOdoo(sandbox, [product()]);
	};
}

const exported: CatalogProduct[] = [];
/** Three products, the middle one with a category the template's category map does not know. */
const midBatch: CatalogProduct[] = [];
let cursorBefore: string | undefined;
/** Odoo products the import case makes, and the catalogue product it renames in Odoo. */
const fromOdoo: Array<{ id: number; barcode: string; name: string; list_price: number }> = [];
let callsBefore = 0;
let renamedTo = '';
/** The both-ways case: a catalogue-only change, an Odoo-only change, and a conflict Odoo wins by time. */
const both = { price: 77.75, odooName: '', conflictName: '', patchesBefore: 0, latestUpdate: '' };
const held = { catalogTitle: '', odooName: '', renamed: '', price: 66.25, patchesBefore: 0 };
const cursor = (sandbox: Sandbox) =>
	sql<{ value: string }>(
		sandbox,
		"SELECT value FROM catalog_sync_cursor WHERE name LIKE 'to_odoo %'",
	)[0]?.value;
/** Each product's history: how many times it was created, and how many rows say failed. */
const perProduct = (sandbox: Sandbox, ids: number[]) =>
	sql<{ catalog_id: number; created: number; failed: number }>(
		sandbox,
		`SELECT catalog_id, count(*) FILTER (WHERE action = 'created')::int AS created,
		count(*) FILTER (WHERE action = 'failed')::int AS failed
		FROM catalog_sync_history WHERE catalog_id IN (${ids.join(',')}) GROUP BY catalog_id`,
	);

/** The sync history lives in PostgreSQL: without one (a clone with no local server), these cases are skipped. */
const needsPostgres = (sandbox: Sandbox) =>
	sandbox.postgres
		? undefined
		: 'no PostgreSQL for the sync history: set PGHOST, PGPORT, PGUSER, PGPASSWORD to a server where the user may create databases';

/**
 * The both-ways case's second run (its outputs) read only what changed since the first: the catalogue
 * `modified_since` the first run's latest `updated_at`, Odoo past the first run's latest `write_date`. What
 * the first run wrote is listed again on the side it was written to and found unchanged (nothing to send).
 */
function checkSecondRunIncremental(
	fake: FakeCatalog,
	outputs: NodeOutputs,
	importedId: number,
): void {
	const listings = fake.calls
		.slice(both.patchesBefore)
		.filter((c) => c.method === 'GET' && c.path === '/products' && c.query.has_ean === 'true')
		.map((c) => c.query.modified_since);
	check(
		listings.length === 2 && listings[0] === undefined && listings[1] === both.latestUpdate,
		`expected a full listing then one modified_since ${both.latestUpdate}, got ${few(listings)}`,
	);
	const catalogue = new Set(
		(outputs['Catalogue products'] ?? []).flatMap((page) =>
			(page.items as CatalogProduct[]).map((p) => p.ean),
		),
	);
	const inOdoo = new Set(
		((outputs['Odoo products']?.[0]?.records ?? []) as OdooRecord[]).map((r) => r.barcode),
	);
	const unchanged = [exported[0], exported[1]].map((p) => p.ean).concat(fromOdoo[1].barcode);
	const relisted = unchanged.filter((e) => catalogue.has(e) || inOdoo.has(e));
	check(!relisted.length, `the second run listed unchanged products again: ${few(relisted)}`);
	check(
		!catalogue.has(exported[2].ean) && inOdoo.has(exported[2].ean),
		`the price the first run sent should be listed again in Odoo only: catalogue ${catalogue.has(exported[2].ean)}, Odoo ${inOdoo.has(exported[2].ean)}`,
	);
	const decided = outputs['Decide']?.[0] as { to_odoo: number[]; from_odoo: number[] } | undefined;
	const ours = new Set<number>([...exported.map((p) => p.id), importedId]);
	const resent = decided?.to_odoo.filter((id) => ours.has(id)) ?? [];
	const odooIds = new Set(fromOdoo.map((o) => o.id));
	const reimported = decided?.from_odoo.filter((id) => odooIds.has(id)) ?? [];
	check(
		decided && !resent.length && !reimported.length,
		`the second run sent back what the first wrote: to Odoo ${few(resent)}, from Odoo ${few(reimported)}`,
	);
	const saved = outputs['Save cursors']?.[0];
	check(
		saved?.success === true,
		`the second run should save its cursors: ${JSON.stringify(saved)}`,
	);
}

/** The table variant and its products (rows of `catalog_products` in the run's database). */
const PG_TEMPLATE = 'workflows/catalog-export-from-postgres-to-odoo.json';
const pgRows: CatalogProduct[] = [];
const PG_PRICE = 55.5;

/** The template's own CREATE TABLE (the sticky note's), so the documented table is the one tested. */
function pgTableDdl(): string {
	const { nodes } = JSON.parse(fs.readFileSync(path.join(ROOT, PG_TEMPLATE), 'utf8')) as {
		nodes: Array<{ name: string; parameters: { content?: string } }>;
	};
	const note = nodes.find((n) => n.name === 'Setup')?.parameters.content ?? '';
	const ddl = /```sql\n([\s\S]*?)```/.exec(note)?.[1];
	if (!ddl) throw new Error(`${PG_TEMPLATE}: no CREATE TABLE in its sticky note`);
	return ddl;
}

/** Rows in the table as the user's own system would write them (updated_at by its default). */
function insertRows(sandbox: Sandbox, rows: CatalogProduct[]): void {
	const columns = Object.keys(rows[0]).join(', ');
	psql(
		sandbox.env.SANDBOX_PG_DATABASE,
		`INSERT INTO catalog_products (${columns}) SELECT ${columns}
		FROM jsonb_populate_recordset(NULL::catalog_products, $rows$${JSON.stringify(rows)}$rows$)`,
	);
}

export const catalogCases: E2eCase[] = [
	{
		name: 'catalogue export creates each product in Odoo by barcode with history rows, and a re-run writes nothing',
		workflow: 'workflows/catalog-export-to-odoo.json',
		kind: 'execute',
		unavailable: needsPostgres,
		runs: 2,
		setup({ sandbox }) {
			const fake = catalog(sandbox);
			// The cases share these lists, and one run of the runner makes several passes.
			exported.length = midBatch.length = fromOdoo.length = 0;
			for (let n = 1; n <= 4; n++) exported.push(fake.create(product(sandbox, n)));
			sandbox.odoo.fake?.resetCalls();
		},
		async verify(ctx) {
			const { sandbox } = ctx;
			await checkInOdoo(sandbox, exported);
			const first = checkExportAndRerun(ctx, sql<BatchRow>(sandbox, BATCHES), exported.length);
			const rows = sql<{ fields_synced: string[]; duration_ms: number; odoo_id: number }>(
				sandbox,
				`SELECT fields_synced, duration_ms, odoo_id FROM catalog_sync_history WHERE batch_id = '${first.batch_id}'`,
			);
			check(
				rows.every(
					(r) =>
						r.fields_synced.includes('barcode') &&
						r.fields_synced.includes('image_1920') &&
						r.odoo_id > 0 &&
						r.duration_ms >= 0,
				),
				`history rows lack fields_synced/odoo_id/duration: ${few(rows)}`,
			);
			const images = catalog(sandbox).imageGets.length;
			check(
				images === exported.length,
				`images downloaded ${images} times, expected once each (${exported.length})`,
			);
		},
	},
	{
		name: 'catalogue export: a product failing in the middle of a batch is logged with its error and field, the others land, the cursor stays',
		workflow: 'workflows/catalog-export-to-odoo.json',
		kind: 'execute',
		unavailable: needsPostgres,
		setup({ sandbox }) {
			const fake = catalog(sandbox);
			cursorBefore = cursor(sandbox);
			for (const n of [11, 12, 13])
				midBatch.push(fake.create(product(sandbox, n, n === 12 ? { category: 'Garden' } : {})));
		},
		async verify({ sandbox }) {
			const [good1, bad, good2] = midBatch;
			await checkInOdoo(sandbox, [good1, good2]);
			check((await inOdoo(sandbox, [bad])).length === 0, `the failing product reached Odoo`);
			const [failure] = sql<{ error_field: string; error_message: string; error_code: string }>(
				sandbox,
				`SELECT error_field, error_message, error_code FROM catalog_sync_history WHERE catalog_id = ${bad.id} AND action = 'failed'`,
			);
			check(
				failure && /Garden/.test(failure.error_message) && failure.error_field === 'categ_id',
				`expected a failed history row naming Garden and categ_id, found ${JSON.stringify(failure)}`,
			);
			const now = cursor(sandbox);
			check(
				now === cursorBefore,
				`a run with a failure moved the cursor from ${cursorBefore} to ${now}`,
			);
		},
	},
	{
		name: 'catalogue bulk retry: after the fix, the failed product is synced once and no product is duplicated',
		workflow: 'workflows/catalog-bulk-retry.json',
		kind: 'execute',
		unavailable: needsPostgres,
		setup({ sandbox }) {
			// The fix: the product gets a category the map knows.
			Object.assign(midBatch[1], catalog(sandbox).update(midBatch[1].id, { category: 'Clothing' }));
			sandbox.odoo.fake?.resetCalls();
		},
		async verify(ctx, outputs) {
			const { sandbox } = ctx;
			await checkInOdoo(sandbox, midBatch);
			const summary = outputs['Export again']?.[0];
			check(
				summary?.created === 1 && summary.products === 1 && summary.success === true,
				`the retry's summary should show 1 product created: ${JSON.stringify(summary)}`,
			);
			const rows = perProduct(
				sandbox,
				midBatch.map((p) => p.id),
			);
			check(
				rows.length === 3 && rows.every((r) => r.created === 1),
				`each product must be created exactly once over the run and the retry: ${JSON.stringify(rows)}`,
			);
			const [retry] = sql<BatchRow>(sandbox, BATCHES).slice(-1);
			check(
				retry.triggered_by === 'retry',
				`the last batch should be the retry: ${JSON.stringify(retry)}`,
			);
			onFake(ctx, 'the retry made one load', (fake) => {
				const creates = fake.count({ model: 'product.template', method: 'load' });
				check(creates === 1, `the retry made ${creates} load calls, expected 1`);
			});
		},
	},
	{
		name: 'catalogue stats: totals, success rate, last sync and products with an Odoo id from the history',
		workflow: 'workflows/catalog-sync-stats.json',
		kind: 'execute',
		unavailable: needsPostgres,
		verify({ sandbox }, outputs) {
			const stats = outputs['Stats']?.[0] as Record<string, number | string> | undefined;
			const [expected] = sql<{ total: number; failed: number }>(
				sandbox,
				"SELECT count(*)::int AS total, count(*) FILTER (WHERE action = 'failed')::int AS failed FROM catalog_sync_history",
			);
			check(stats, 'the Stats node put out nothing');
			const rate = Math.round((10000 * (expected.total - expected.failed)) / expected.total) / 100;
			check(
				stats.total_syncs === expected.total &&
					stats.failed_syncs === 1 &&
					stats.successful_syncs === expected.total - 1 &&
					Math.abs(Number(stats.success_rate) - rate) < 0.01 &&
					stats.products_with_odoo_id === exported.length + midBatch.length &&
					Boolean(stats.last_sync_at) &&
					Number(stats.avg_duration_ms) >= 0,
				`stats ${JSON.stringify(stats)} do not match the history (${JSON.stringify(expected)}, ${exported.length + midBatch.length} products)`,
			);
		},
	},
	{
		name: 'catalogue import creates missing products and updates changed ones in the catalogue, and a re-run writes nothing',
		workflow: 'workflows/catalog-import-from-odoo.json',
		kind: 'execute',
		unavailable: needsPostgres,
		runs: 2,
		async setup({ sandbox }) {
			// A product the export sent, renamed in Odoo: the import brings the name back.
			renamedTo = await changeInOdoo(sandbox, [21, 22], exported[1], fromOdoo);
			callsBefore = catalog(sandbox).calls.length;
		},
		verify({ sandbox }) {
			const fake = catalog(sandbox);
			for (const o of fromOdoo) {
				const found = fake.products.filter((p) => p.ean === o.barcode);
				check(
					found.length === 1 &&
						found[0].title === o.name &&
						found[0].price === o.list_price &&
						found[0].category === 'Clothing',
					`EAN ${o.barcode}: expected one catalogue product ${o.name} at ${o.list_price} in Clothing, found ${few(found)}`,
				);
			}
			const renamed = fake.products.find((p) => p.id === exported[1].id);
			check(
				renamed?.title === renamedTo,
				`the rename in Odoo did not reach the catalogue: ${JSON.stringify(renamed)}`,
			);
			const ours = new Set([...fromOdoo.map((o) => o.barcode)]);
			const writes = fake.calls.slice(callsBefore).filter((c) => c.method !== 'GET');
			const posts = writes.filter((c) => c.method === 'POST').length;
			const patches = writes.filter((c) => c.path === `/products/${exported[1].id}`).length;
			check(
				patches === 1 && posts >= ours.size,
				`two runs made ${patches} update(s) of the renamed product (expected 1) and ${posts} creates (expected at least ${ours.size})`,
			);
			const batches = sql<BatchRow & { direction: string }>(
				sandbox,
				BATCHES.replace("WHERE direction = 'to_odoo'", "WHERE direction = 'from_odoo'"),
			);
			const last = batches[batches.length - 1];
			check(
				batches.length === 2 && last.created + last.updated === 0,
				`the re-run should write nothing: ${JSON.stringify(batches)}`,
			);
		},
	},
	{
		name: "catalogue both ways: each side gets the other side's change, a conflict goes to the later write, and a re-run writes nothing",
		workflow: 'workflows/catalog-both-ways.json',
		kind: 'execute',
		unavailable: needsPostgres,
		runs: 2,
		async setup({ sandbox }) {
			const fake = catalog(sandbox);
			const client = await odoo(sandbox);
			const idOf = async (ean: string) =>
				(await client.search('product.template', [['barcode', '=', ean]]))[0];
			fake.update(exported[2].id, { price: both.price });
			// Odoo's rename must be a second later than the import's write of that product in the catalogue
			// (write_date is read to the second, and an equal time goes to the catalogue).
			await new Promise((resolve) => setTimeout(resolve, 1500));
			both.odooName = `Odoo ${sandbox.run} 21 (renamed in Odoo)`;
			await client.write('product.template', [fromOdoo[0].id], { name: both.odooName });
			// The conflict: the catalogue changes first, Odoo a second later (write_date is read to the second).
			fake.update(exported[3].id, { title: `Catalogue ${sandbox.run} 4 (catalogue edit)` });
			await new Promise((resolve) => setTimeout(resolve, 1500));
			both.conflictName = `Catalogue ${sandbox.run} 4 (Odoo edit, later)`;
			await client.write('product.template', [await idOf(exported[3].ean!)], {
				name: both.conflictName,
			});
			both.patchesBefore = fake.calls.length;
			// The first run lists everything (no cursor yet); the second, from the latest change the first one listed.
			// (The fake's updated_at are ISO times in UTC, so the latest sorts last.)
			both.latestUpdate = fake.products
				.filter((p) => p.ean)
				.map((p) => p.updated_at)
				.sort()
				.pop()!;
			sandbox.odoo.fake?.resetCalls();
		},
		async verify(ctx, outputs) {
			const { sandbox } = ctx;
			const fake = catalog(sandbox);
			const [a] = await inOdoo(sandbox, [exported[2]]);
			check(
				Number(a?.list_price) === both.price,
				`the catalogue's price did not reach Odoo: ${a?.list_price}`,
			);
			const b = fake.products.find((p) => p.ean === fromOdoo[0].barcode);
			check(b?.title === both.odooName, `Odoo's rename did not reach the catalogue: ${b?.title}`);
			const [cOdoo] = await inOdoo(sandbox, [exported[3]]);
			const cCatalog = fake.products.find((p) => p.id === exported[3].id);
			check(
				cOdoo?.name === both.conflictName && cCatalog?.title === both.conflictName,
				`the conflict should go to Odoo's later write: Odoo "${cOdoo?.name}", catalogue "${cCatalog?.title}"`,
			);
			const patches = fake.calls
				.slice(both.patchesBefore)
				.filter((c) => c.method === 'PATCH')
				.map((c) => c.path);
			check(
				patches.filter((p) => p === `/products/${b!.id}` || p === `/products/${exported[3].id}`)
					.length === 2,
				`two runs should write each imported product once: ${few(patches)}`,
			);
			onFake(ctx, 'one write in Odoo over two runs', (odooFake) => {
				const writes = odooFake.count({ model: 'product.template', method: 'write' });
				check(writes === 1, `two runs made ${writes} writes in Odoo, expected 1 (the price)`);
			});
			checkSecondRunIncremental(fake, outputs, b!.id);
		},
	},
	{
		name: 'catalogue both ways, conflict policy "hold": a product changed on both sides is kept for review with both versions and neither side is overwritten; one-sided changes still sync',
		workflow: 'workflows/catalog-both-ways.json',
		edit(workflow) {
			const settings = workflow.nodes.find((n) => n.name === 'Settings')!;
			const { assignments } = (
				settings.parameters as { assignments: { assignments: Array<Record<string, unknown>> } }
			).assignments;
			assignments.find((a) => a.name === 'conflict_policy')!.value = 'hold';
		},
		kind: 'execute',
		unavailable: needsPostgres,
		runs: 2,
		async setup({ sandbox }) {
			const p = exported[1];
			held.catalogTitle = `Catalogue ${sandbox.run} 2 (held, catalogue edit)`;
			held.odooName = `Catalogue ${sandbox.run} 2 (held, Odoo edit)`;
			catalog(sandbox).update(p.id, { title: held.catalogTitle });
			// Changed on one side only: these still sync while the conflict is held.
			catalog(sandbox).update(exported[2].id, { price: held.price });
			// Later than the last sync's time, which Odoo's write_date (to the second) is compared with.
			await new Promise((resolve) => setTimeout(resolve, 1500));
			const client = await odoo(sandbox);
			const [id] = await client.search('product.template', [['barcode', '=', p.ean]]);
			await client.write('product.template', [id], { name: held.odooName });
			held.renamed = `Odoo ${sandbox.run} 21 (renamed again in Odoo)`;
			await client.write('product.template', [fromOdoo[0].id], { name: held.renamed });
			held.patchesBefore = catalog(sandbox).calls.length;
			sandbox.odoo.fake?.resetCalls();
		},
		async verify(ctx, outputs) {
			const { sandbox } = ctx;
			const p = exported[1];
			const [inOdooNow] = await inOdoo(sandbox, [p]);
			const inCatalog = catalog(sandbox).products.find((c) => c.id === p.id);
			check(
				inOdooNow?.name === held.odooName && inCatalog?.title === held.catalogTitle,
				`a held conflict overwrote a side: Odoo "${inOdooNow?.name}", catalogue "${inCatalog?.title}"`,
			);
			const [review] = sql<{ catalog_title: string; odoo_name: string; resolved_at: null }>(
				sandbox,
				`SELECT catalog_version->>'title' AS catalog_title, odoo_version->>'name' AS odoo_name, resolved_at
				FROM catalog_sync_review WHERE catalog_id = ${p.id}`,
			);
			check(
				review?.catalog_title === held.catalogTitle &&
					review.odoo_name === held.odooName &&
					review.resolved_at === null,
				`the review row should hold both versions, unresolved: ${JSON.stringify(review)}`,
			);
			const [{ n }] = sql<{ n: number }>(
				sandbox,
				`SELECT count(*)::int AS n FROM catalog_sync_history WHERE catalog_id = ${p.id} AND action = 'held'`,
			);
			check(n === 2, `each of the two runs should log the product as held once, found ${n} rows`);
			// The first run moved the cursors past the held product: the second read it again by id.
			const byId = catalog(sandbox)
				.calls.slice(held.patchesBefore)
				.filter((c) => c.path === '/products' && c.query.ids === String(p.id)).length;
			check(
				byId === 1 && outputs['Save cursors']?.[0]?.success === true,
				`the second run should read the held product by id once (${byId}) and save its cursors`,
			);
			const patched = catalog(sandbox)
				.calls.slice(held.patchesBefore)
				.filter((c) => c.method === 'PATCH' && c.path === `/products/${p.id}`).length;
			check(patched === 0, `the catalogue got ${patched} PATCH(es) of the held product`);
			const [price] = await inOdoo(sandbox, [exported[2]]);
			const renamed = catalog(sandbox).products.find((c) => c.ean === fromOdoo[0].barcode);
			check(
				Number(price?.list_price) === held.price && renamed?.title === held.renamed,
				`the one-sided changes should sync meanwhile: Odoo price ${price?.list_price}, catalogue title "${renamed?.title}"`,
			);
			onFake(ctx, 'one write in Odoo (the price), none of the held product', (odooFake) => {
				const writes = odooFake.count({ model: 'product.template', method: 'write' });
				check(writes === 1, `two runs made ${writes} writes in Odoo, expected 1 (the price)`);
			});
		},
	},
	{
		name: 'catalogue webhook "sync this product now" updates one product in Odoo and answers with the outcome',
		workflow: 'workflows/catalog-export-to-odoo.json',
		kind: 'active',
		unavailable: needsPostgres,
		timeoutMs: 60_000,
		async trigger(ctx) {
			const p = exported[0];
			Object.assign(p, catalog(ctx.sandbox).update(p.id, { price: 99.5 }));
			return ctx.postWebhook('catalog-sync-product', { product_id: p.id });
		},
		verify: checkPriceSynced(() => exported[0]),
	},
	{
		name: 'catalogue export from a PostgreSQL table creates each product in Odoo by barcode with history rows, and a re-run writes nothing',
		workflow: PG_TEMPLATE,
		kind: 'execute',
		unavailable: needsPostgres,
		runs: 2,
		setup({ sandbox }) {
			const fake = catalog(sandbox);
			pgRows.length = 0;
			// Ids far from the fake catalogue's: both catalogues share the run's history database.
			for (let n = 31; n <= 35; n++)
				pgRows.push({
					id: 900_000 + n,
					...product(sandbox, n, {
						// One image, served by the fake catalogue; one product without EAN (has_ean leaves it out).
						image_url: n === 31 ? fake.imageUrl(`pg${n}-v1`) : null,
						...(n === 35 ? { ean: null } : {}),
					}),
				} as CatalogProduct);
			psql(sandbox.env.SANDBOX_PG_DATABASE, pgTableDdl());
			insertRows(sandbox, pgRows);
			sandbox.odoo.fake?.resetCalls();
		},
		async verify(ctx) {
			const { sandbox } = ctx;
			const withEan = pgRows.filter((p) => p.ean);
			await checkInOdoo(sandbox, withEan);
			const ours = `WHERE direction = 'to_odoo' AND catalog_id IN (${pgRows.map((p) => p.id).join(',')})`;
			const batches = sql<BatchRow>(sandbox, BATCHES.replace("WHERE direction = 'to_odoo'", ours));
			// Two loads: the product with an image and those without have different columns.
			const first = checkExportAndRerun(ctx, batches, withEan.length, 2);
			const rows = sql<{ catalog_id: number; fields_synced: string[]; odoo_id: number }>(
				sandbox,
				`SELECT catalog_id, fields_synced, odoo_id FROM catalog_sync_history WHERE batch_id = '${first.batch_id}'`,
			);
			check(
				rows.length === withEan.length &&
					rows.every(
						(r) =>
							r.fields_synced.includes('barcode') &&
							r.fields_synced.includes('list_price') &&
							r.fields_synced.includes('image_1920') === (r.catalog_id === pgRows[0].id) &&
							r.odoo_id > 0,
					),
				`history rows of the first run: ${few(rows)}`,
			);
			const images = catalog(sandbox).imageGets.filter((g) => g === '/images/pg31-v1.png').length;
			check(images === 1, `the image was downloaded ${images} times over two runs, expected 1`);
			const [saved] = sql<{ value: string }>(
				sandbox,
				"SELECT value FROM catalog_sync_cursor WHERE name LIKE 'to_odoo table=catalog_products %'",
			);
			check(
				/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(saved?.value ?? ''),
				`the table's cursor was not saved: ${JSON.stringify(saved)}`,
			);
		},
	},
	{
		name: 'catalogue export from a PostgreSQL table: the webhook reads one row by id and updates its product in Odoo',
		workflow: PG_TEMPLATE,
		kind: 'active',
		unavailable: needsPostgres,
		timeoutMs: 60_000,
		async trigger(ctx) {
			const p = pgRows[1];
			p.price = PG_PRICE;
			psql(
				ctx.sandbox.env.SANDBOX_PG_DATABASE,
				`UPDATE catalog_products SET price = ${PG_PRICE}, updated_at = now() WHERE id = ${p.id}`,
			);
			return ctx.postWebhook('catalog-pg-sync-product', { product_id: p.id });
		},
		verify: checkPriceSynced(() => pgRows[1]),
	},
	...dataTableCases(),
];

/**
 * For an import: new Odoo products (index `ns`, pushed to `created`) and a rename in Odoo of one the
 * export sent. Returns the new name (the product is the fake's own record, which the import renames).
 */
async function changeInOdoo(
	sandbox: Sandbox,
	ns: number[],
	sent: CatalogProduct,
	created: typeof fromOdoo,
): Promise<string> {
	const client = await odoo(sandbox);
	for (const n of ns) {
		const vals = {
			name: `Odoo ${sandbox.run} ${n}`,
			barcode: ean(sandbox, n),
			list_price: 40 + n,
			categ_id: 2,
		};
		const [id] = await client.create('product.template', [vals]);
		created.push({ id, ...vals });
	}
	const [renamed] = await client.search('product.template', [['barcode', '=', sent.ean]]);
	const name = `${sent.title} (renamed in Odoo)`;
	await client.write('product.template', [renamed], { name });
	return name;
}

/**
 * The Data Tables variants (n8n 2.x creates the tables by node). They run in the server, from their
 * Manual Trigger, since `n8n execute` has no Data Tables; each run is checked by its own Finish.
 */
function dataTableCases(): ActiveCase[] {
	const DT_EXPORT = 'workflows/catalog-export-to-odoo-data-tables.json';
	const products: CatalogProduct[] = [];
	const finishes: Array<Record<string, unknown>> = [];
	const imported: typeof fromOdoo = [];
	let renamedTo = '';
	const onlyN8n2 = (_: Sandbox, major: number) =>
		major === 2 ? undefined : 'Data Tables are created by node from n8n 2.x';
	const finish = (outputs: NodeOutputs, node = 'Finish') => {
		const out = outputs[node]?.[0];
		check(out, `the run ended without ${node}: ${Object.keys(outputs).join(', ')}`);
		finishes.push(out);
		return out;
	};
	const dtCase = (c: Pick<ActiveCase, 'name' | 'workflow' | 'trigger' | 'verify'>): ActiveCase => ({
		kind: 'active',
		unavailable: onlyN8n2,
		timeoutMs: 10_000,
		...c,
	});
	return [
		dtCase({
			name: 'catalogue export with the history in Data Tables creates each product by barcode, a bad one fails alone and keeps the cursor, a re-run writes nothing',
			workflow: DT_EXPORT,
			async trigger(ctx) {
				const fake = catalog(ctx.sandbox);
				for (let n = 41; n <= 44; n++)
					products.push(
						fake.create(product(ctx.sandbox, n, n === 43 ? { category: 'Garden' } : {})),
					);
				const first = finish(await ctx.runManually(ctx.workflowId));
				const rerun = finish(await ctx.runManually(ctx.workflowId));
				return { first, rerun };
			},
			async verify({ sandbox }, triggered) {
				const { first, rerun } = triggered as Record<string, Record<string, unknown>>;
				check(
					Number(first.created) >= 3 &&
						first.failed === 1 &&
						first.success === false &&
						!first.cursor_saved,
					`first run: 3 of ours created, the Garden one failed, the cursor kept: ${JSON.stringify(first)}`,
				);
				check(
					rerun.created === 0 && rerun.updated === 0 && rerun.failed === 1,
					`the re-run should write nothing and fail the same product again: ${JSON.stringify(rerun)}`,
				);
				await checkInOdoo(sandbox, [products[0], products[1], products[3]]);
			},
		}),
		dtCase({
			name: 'catalogue bulk retry from the Data Tables history: after the fix, the failed product is created once, and a second retry sends nothing',
			workflow: 'workflows/catalog-bulk-retry-data-tables.json',
			async trigger(ctx) {
				catalog(ctx.sandbox).update(products[2].id, { category: 'Clothing' });
				Object.assign(products[2], { category: 'Clothing' });
				const retry = finish(await ctx.runManually(ctx.workflowId), 'Export again');
				// The batch is still the latest with failures, but its product has been synced since.
				const again = await ctx.runManually(ctx.workflowId);
				return { retry, again };
			},
			async verify({ sandbox }, triggered) {
				const { retry, again } = triggered as {
					retry: Record<string, unknown>;
					again: NodeOutputs;
				};
				check(
					retry.products === 1 && retry.created === 1 && retry.failed === 0,
					`the bulk retry should create the fixed product once: ${JSON.stringify(retry)}`,
				);
				check(
					again['Synced since']?.length && !again['Export again'],
					`the second retry should find the product synced since and send nothing: ${Object.keys(again).join(', ')}`,
				);
				await checkInOdoo(sandbox, products);
			},
		}),
		dtCase({
			name: 'catalogue stats from the Data Tables history agree with the runs’ own counts',
			workflow: 'workflows/catalog-sync-stats-data-tables.json',
			async trigger(ctx) {
				return (await ctx.runManually(ctx.workflowId)).Stats?.[0];
			},
			verify(_, triggered) {
				const stats = triggered as Record<string, number>;
				const sum = (k: string) => finishes.reduce((s, f) => s + Number(f[k]), 0);
				check(
					stats.total_syncs === sum('products') &&
						stats.failed_syncs === sum('failed') &&
						stats.successful_syncs === sum('products') - sum('failed') &&
						stats.products_with_odoo_id >= products.length &&
						typeof stats.last_sync_at === 'string',
					`stats ${JSON.stringify(stats)} against the runs ${JSON.stringify(finishes)}`,
				);
			},
		}),
		dtCase({
			name: 'catalogue export with the history in Data Tables: a changed image is sent once, and its new URL kept in the state',
			workflow: DT_EXPORT,
			async trigger(ctx) {
				const fake = catalog(ctx.sandbox);
				const p = products[0];
				p.image_url = fake.imageUrl(`p${p.id}-v2`);
				fake.update(p.id, { image_url: p.image_url });
				const changed = (await ctx.runManually(ctx.workflowId)).Finish?.[0];
				const again = (await ctx.runManually(ctx.workflowId)).Finish?.[0];
				return { changed, again };
			},
			async verify({ sandbox }, triggered) {
				const { changed, again } = triggered as Record<string, Record<string, unknown>>;
				const path = new URL(products[0].image_url!).pathname.replace(/^\/api\/v1/, '');
				const gets = catalog(sandbox).imageGets.filter((g) => g === path).length;
				check(
					Number(changed?.updated) >= 1 && changed?.failed === 0 && again?.updated === 0,
					`the new image should update the product once: ${JSON.stringify({ changed, again })}`,
				);
				// Without the state's upsert the second run would download the new image again.
				check(gets === 1, `the new image should be downloaded once, not ${gets} times`);
				await checkInOdoo(sandbox, products);
			},
		}),
		dtCase({
			name: 'catalogue import with the history in Data Tables creates missing products, brings an Odoo rename back, and a re-run writes nothing',
			workflow: 'workflows/catalog-import-from-odoo-data-tables.json',
			async trigger(ctx) {
				renamedTo = await changeInOdoo(ctx.sandbox, [61, 62], products[1], imported);
				const writesBefore = catalog(ctx.sandbox).calls.filter((c) => c.method !== 'GET').length;
				const first = (await ctx.runManually(ctx.workflowId)).Finish?.[0];
				const writesBetween = catalog(ctx.sandbox).calls.filter((c) => c.method !== 'GET').length;
				const rerun = (await ctx.runManually(ctx.workflowId)).Finish?.[0];
				const writesAfter = catalog(ctx.sandbox).calls.filter((c) => c.method !== 'GET').length;
				return {
					first,
					rerun,
					writes: [writesBetween - writesBefore, writesAfter - writesBetween],
				};
			},
			verify({ sandbox }, triggered) {
				const { first, rerun, writes } = triggered as {
					first?: Record<string, unknown>;
					rerun?: Record<string, unknown>;
					writes: number[];
				};
				const fake = catalog(sandbox);
				for (const o of imported) {
					const found = fake.products.filter((p) => p.ean === o.barcode);
					check(
						found.length === 1 && found[0].title === o.name && found[0].price === o.list_price,
						`EAN ${o.barcode}: expected one catalogue product ${o.name} at ${o.list_price}, found ${few(found)}`,
					);
				}
				const renamed = fake.products.find((p) => p.id === products[1].id);
				check(
					renamed?.title === renamedTo,
					`the rename in Odoo did not reach the catalogue: ${JSON.stringify(renamed)}`,
				);
				check(
					Number(first?.created) >= 2 && Number(first?.updated) >= 1 && writes[0] >= 3,
					`the first import should create 2 and update 1: ${JSON.stringify(first)}, ${writes[0]} writes`,
				);
				check(
					rerun?.created === 0 && rerun?.updated === 0 && writes[1] === 0,
					`the re-run should write nothing: ${JSON.stringify(rerun)}, ${writes[1]} writes`,
				);
				// The cursor (Odoo's write_date) moves after a run without failures: the re-run reads less.
				check(
					first?.failed === 0 &&
						Boolean(first?.cursor_saved) &&
						Number(rerun?.products) < Number(first?.products),
					`the first import should save its cursor and the re-run read less: ${JSON.stringify({ first, rerun })}`,
				);
			},
		}),
	];
}
