/**
 * The product catalogue ⇄ Odoo templates in real n8n, against the fake catalogue, the sandbox's
 * Odoo (fake or real) and the run's own PostgreSQL database (sync history). Cases run in order and
 * build on each other: export, a failure in the middle of a batch, its bulk retry.
 *
 * Products carry the run's tag in their title (cleanUpRun deletes them from a real Odoo) and EANs
 * derived from the run, so runs sharing a real Odoo never match each other's products.
 */
import { createHash } from 'node:crypto';
import { psql, type Sandbox } from '../../../scripts/sandbox';
import {
	pngFor,
	type CatalogProduct,
	type FakeCatalog,
	type ProductInput,
} from '../../fakes/catalog';
import type { OdooRecord } from '../../../lib';
import { check, few, type E2eCase } from '../case';
import { onFake, searchRead } from '../odoo';

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
		const image = pngFor(p.image_url!.replace(/^.*\/images\/|\.png$/g, '')).toString('base64');
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

const exported: CatalogProduct[] = [];

export const catalogCases: E2eCase[] = [
	{
		name: 'catalogue export creates each product in Odoo by barcode with history rows, and a re-run writes nothing',
		workflow: 'workflows/catalog-export-to-odoo.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			const fake = catalog(sandbox);
			for (let n = 1; n <= 4; n++) exported.push(fake.create(product(sandbox, n)));
			sandbox.odoo.fake?.resetCalls();
		},
		async verify(ctx) {
			const { sandbox } = ctx;
			await checkInOdoo(sandbox, exported);
			const batches = sql<BatchRow>(sandbox, BATCHES);
			check(batches.length === 2, `expected 2 history batches, found ${few(batches)}`);
			const [first, second] = batches;
			check(
				first.created === exported.length && first.failed === 0 && first.triggered_by === 'manual',
				`first run: expected ${exported.length} created, history says ${JSON.stringify(first)}`,
			);
			check(
				second.created + second.updated + second.failed === 0 && second.unchanged >= 1,
				`re-run: expected only unchanged products (those at the cursor), history says ${JSON.stringify(second)}`,
			);
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
			onFake(ctx, 'one create and no write in two runs', (fake) => {
				const creates = fake.count({ model: 'product.template', method: 'create' });
				const writes = fake.count({ model: 'product.template', method: 'write' });
				check(
					creates === 1 && writes === 0,
					`two runs made ${creates} create(s) (expected 1) and ${writes} write(s) (expected 0)`,
				);
			});
		},
	},
];
