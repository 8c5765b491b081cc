import { loadTemplate as load, node, withoutPath, type Template } from './template';

/**
 * The Data Tables export is the REST export with another store: n8n templates cannot share nodes,
 * so this keeps the copies equal. Only the nodes that read or write the history, state and cursor
 * may differ; and the Data Tables' columns must be the same in the three templates that create
 * them, and the ones the PostgreSQL DDL has, so a column added in one place cannot be missed.
 */
const rest = load('catalog-export-to-odoo.json');
const dt = load('catalog-export-to-odoo-data-tables.json');
const pgImport = load('catalog-import-from-odoo.json');
const dtImport = load('catalog-import-from-odoo-data-tables.json');
const DT_TEMPLATES = [
	dt,
	dtImport,
	load('catalog-bulk-retry-data-tables.json'),
	load('catalog-sync-stats-data-tables.json'),
];
const PG_TEMPLATES = [
	rest,
	load('catalog-export-from-postgres-to-odoo.json'),
	pgImport,
	load('catalog-both-ways.json'),
	load('catalog-sync-stats.json'),
];

/** The PostgreSQL templates' store nodes, which the Data Tables variants replace. */
const STORE = [
	'Setup',
	'Ensure tables',
	'Last cursor',
	'Images sent before',
	'Write history',
	'Finish',
];
const keptIn = (t: Template) => t.nodes.map((n) => n.name).filter((name) => !STORE.includes(name));

/** The kept nodes that output `index` of `from` reaches through store nodes only. */
function reaches(t: Template, kept: string[], from: string, index: number): string[] {
	const found = new Set<string>();
	const queue = (t.connections[from]?.main[index] ?? []).map((c) => c.node);
	const seen = new Set<string>();
	while (queue.length) {
		const name = queue.shift()!;
		if (seen.has(name)) continue;
		seen.add(name);
		if (kept.includes(name)) found.add(name);
		else
			queue.push(
				...(t.connections[name]?.main ?? []).flatMap((out) => (out ?? []).map((c) => c.node)),
			);
	}
	return [...found].sort();
}

/** Runs a Code node's JavaScript with the given `$(name)`, `$input` and `$json`. */
function runCode(
	t: Template,
	name: string,
	outputs: Record<string, Array<Record<string, unknown>>>,
	input: Array<Record<string, unknown>> = [],
): Array<Record<string, unknown>> {
	const items = (rows: Array<Record<string, unknown>>) => rows.map((json) => ({ json }));
	const $ = (other: string) => {
		if (!outputs[other]) throw new Error(`${name} reads "${other}", which the test does not give`);
		return { all: () => items(outputs[other]), first: () => items(outputs[other])[0] };
	};
	const $input = { all: () => items(input), first: () => items(input)[0] };
	const code = String(node(t, name).parameters.jsCode);
	const run = new Function('$', '$input', '$json', code) as (
		...args: unknown[]
	) => Array<{ json: Record<string, unknown> }>;
	return run($, $input, input[0]).map((i) => i.json);
}

/** A table's columns as the Data Table node creates it. */
const dtColumns = (t: Template, table: string) => {
	const create = t.nodes.find(
		(n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.tableName === table,
	);
	const columns = (create?.parameters.columns as { column: Array<{ name: string }> } | undefined)
		?.column;
	return columns?.map((c) => c.name);
};

/** A table's columns from a template's `CREATE TABLE IF NOT EXISTS` (the PostgreSQL variant). */
const pgColumns = (t: Template, table: string) => {
	const ddl = String(node(t, 'Ensure tables').parameters.query);
	const body = new RegExp(`CREATE TABLE IF NOT EXISTS ${table} \\(\\n([\\s\\S]*?)\\n\\);`).exec(
		ddl,
	)?.[1];
	return body?.split('\n').map((line) => line.trim().split(' ')[0]);
};

describe.each([
	['export', rest, dt],
	['import', pgImport, dtImport],
])('catalogue %s with the history in Data Tables', (_, pg, mine) => {
	const kept = keptIn(pg);

	it('has the PostgreSQL template’s nodes, apart from its store', () => {
		for (const name of kept) {
			const [node1, twin] = [node(mine, name), node(pg, name)];
			if (twin.type === 'n8n-nodes-base.webhook')
				expect(node1.parameters.path).not.toBe(twin.parameters.path);
			expect(withoutPath(node1)).toEqual(withoutPath(twin));
		}
		expect(mine.id).not.toBe(pg.id);
	});

	it('wires them the same way, with its store nodes in place of the PostgreSQL ones', () => {
		for (const name of kept) {
			const outputs = Math.max(
				pg.connections[name]?.main.length ?? 0,
				mine.connections[name]?.main.length ?? 0,
			);
			for (let index = 0; index < outputs; index++)
				expect([name, index, reaches(mine, kept, name, index)]).toEqual([
					name,
					index,
					reaches(pg, kept, name, index),
				]);
		}
	});

	it('reads and saves its cursor under the PostgreSQL template’s name', () => {
		const name = (node(pg, 'Last cursor').parameters.options as Record<string, string>)
			.queryReplacement;
		const filters = node(mine, 'Read cursor').parameters.filters as {
			conditions: Array<{ keyValue: string }>;
		};
		expect(filters.conditions[0].keyValue).toBe(name);
		expect(JSON.stringify(node(mine, 'Last cursor').parameters)).toContain(JSON.stringify(name));
	});
});

describe('catalogue Data Tables store', () => {
	it('is the same in the export and the import, apart from the time the cursor moves to', () => {
		for (const name of [
			'History table',
			'Cursor table',
			'History rows',
			'Write history',
			'Batch history',
			'Save cursor',
			'Finish',
		])
			expect(withoutPath({ ...node(dtImport, name), position: null })).toEqual(
				withoutPath({ ...node(dt, name), position: null }),
			);
		const lines = (t: Template) => String(node(t, 'Summary').parameters.jsCode).split('\n');
		const exportLines = new Set(lines(dt));
		expect(lines(dtImport).filter((l) => !exportLines.has(l))).toEqual([
			"const latest = $('Odoo products').all().reduce((m, i) => (i.json.write_date > m ? i.json.write_date : m), '');",
		]);
	});

	it('writes history and state rows with exactly the tables’ columns, and answers as the PostgreSQL export', () => {
		const product = { id: 7, ean: '4006381333931', updated_at: '2026-12-01T10:00:00Z' };
		const outputs = {
			Plan: [{ batch_id: 'b1', triggered_by: 'manual', cursor_name: 'to_odoo', catalog_url: 'x' }],
			'Stamp batch': [
				{ ...product, batch_started: Date.now(), catalog_image_url: 'http://img/7.png' },
				{ ...product, id: 8, ean: '4006381333948', batch_started: Date.now() },
				{ ...product, id: 9, ean: '4006381333955', batch_started: Date.now() },
				{ ...product, id: 10, ean: '4006381333962', batch_started: Date.now() },
			],
			'Map to Odoo': [
				{ name: 'A' },
				{ error: 'no category "Shoes"', kind: 'mapping', field: 'categ_id' },
				{ name: 'C' },
				{ name: 'D' },
			],
			'Images sent before': [
				{ catalog_id: 9, odoo_id: 3, image_url: 'http://img/9.png' },
				{ catalog_id: 10, odoo_id: 4, image_url: null },
			],
			'Select products': [product],
			'Last cursor': [{ name: 'to_odoo', value: '' }],
		};
		const upserted = [
			{ action: 'created', id: 41, changed: ['name', 'barcode'] },
			{ error: 'skipped' },
			{ action: 'updated', id: 5, changed: ['name'] }, // its Odoo product was replaced
			{ action: 'unchanged', id: 4, changed: [] },
		];
		const outcomes = runCode(dt, 'Outcomes', outputs, upserted);
		const history = runCode(dt, 'History rows', outputs, outcomes);
		expect(history.map((r) => r.action)).toEqual(['created', 'failed', 'updated', 'unchanged']);
		for (const row of history)
			expect(Object.keys(row).sort()).toEqual([...dtColumns(dt, 'catalog_sync_history')!].sort());

		// New products are one bulk insert, changed ones an upsert each, unchanged ones nothing.
		const [toSave] = runCode(dt, 'State to save', { ...outputs, Outcomes: outcomes });
		const splitOut = (name: string) =>
			toSave[String(node(dt, name).parameters.fieldToSplitOut)] as Array<Record<string, unknown>>;
		const [added, changed] = [splitOut('Added state'), splitOut('Changed state')];
		expect(added.map((r) => r.catalog_id)).toEqual([7]);
		expect(changed.map((r) => [r.catalog_id, r.odoo_id, r.image_url])).toEqual([
			[9, 5, 'http://img/9.png'],
		]);
		for (const row of [...added, ...changed])
			expect(Object.keys(row).sort()).toEqual([...dtColumns(dt, 'catalog_sync_state')!].sort());

		const [summary] = runCode(dt, 'Summary', outputs, history);
		const [answer] = runCode(dt, 'Finish', { ...outputs, Summary: [summary] });
		const finishQuery = String(node(rest, 'Finish').parameters.query);
		const pgFields = [
			...finishQuery.slice(finishQuery.lastIndexOf('SELECT p.j')).matchAll(/ AS (\w+)/g),
		].map((m) => m[1]);
		expect(Object.keys(answer).sort()).toEqual(pgFields.sort());
		expect(answer).toMatchObject({
			products: 4,
			created: 1,
			updated: 1,
			unchanged: 1,
			failed: 1,
			success: false,
			cursor_saved: null,
		});
		expect(summary.cursor).toEqual({ name: 'to_odoo', value: '' });
	});
});

describe('catalogue tables', () => {
	it.each([
		'catalog_sync_history',
		'catalog_sync_state',
		'catalog_sync_cursor',
		'catalog_sync_review',
	])('%s has one DDL in every PostgreSQL template', (table) => {
		const [first, ...others] = PG_TEMPLATES.map((t) => pgColumns(t, table));
		expect(first).toBeDefined();
		for (const columns of others) expect(columns).toEqual(first);
	});

	it.each(['catalog_sync_history', 'catalog_sync_state'])(
		'%s has the same columns in every Data Tables template that creates it, and the PostgreSQL ones',
		(table) => {
			const lists = DT_TEMPLATES.map((t) => dtColumns(t, table)).filter((c) => c !== undefined);
			expect(lists.length).toBeGreaterThanOrEqual(2);
			for (const columns of lists) expect(columns).toEqual(lists[0]);
			// Data Tables add their own id; odoo_write_date is only the both-ways template's, which keeps PostgreSQL.
			const pg = pgColumns(rest, table)!.filter((c) => c !== 'id' && c !== 'odoo_write_date');
			expect(lists[0]).toEqual(pg);
		},
	);
});
