import { loadTemplate as load, withoutPath, type Template } from './template';

/**
 * The PostgreSQL-table export is the REST export with another source: n8n templates cannot share
 * nodes, so this keeps the copies equal. Only the nodes that read the catalogue (and the note and
 * the webhook's path) may differ; mapping, upsert, history and cursor rules must stay the same.
 */
const rest = load('catalog-export-to-odoo.json');
const pg = load('catalog-export-from-postgres-to-odoo.json');

/** What the table variant changes: where it reads from, and the names that must not collide. */
const SOURCE_NODES = ['Setup', 'Settings', 'Last cursor', 'Plan', 'Catalogue products'];

describe('catalogue export from a PostgreSQL table', () => {
	it('has the REST export’s nodes and wiring, apart from the catalogue source', () => {
		expect(pg.nodes.map((n) => n.name)).toEqual(rest.nodes.map((n) => n.name));
		expect(pg.connections).toEqual(rest.connections);
		const byName = new Map(rest.nodes.map((n) => [n.name, n]));
		for (const node of pg.nodes.filter((n) => !SOURCE_NODES.includes(n.name))) {
			const twin = byName.get(node.name)!;
			if (node.name === 'Sync this product now')
				expect(node.parameters.path).not.toBe(twin.parameters.path);
			expect(withoutPath(node)).toEqual(withoutPath(twin));
		}
	});

	it('can be imported next to the REST export', () => {
		expect(pg.id).not.toBe(rest.id);
		const hook = (t: Template) => t.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!;
		expect(hook(pg).webhookId).not.toBe(hook(rest).webhookId);
	});

	it('differs in Plan only by the table it reads', () => {
		const code = (t: Template) =>
			String(t.nodes.find((n) => n.name === 'Plan')!.parameters.jsCode).split('\n');
		const restLines = new Set(code(rest));
		const added = code(pg).filter((line) => !restLines.has(line));
		expect(added.every((line) => /table/.test(line))).toBe(true);
		const pgLines = new Set(code(pg));
		expect(code(rest).filter((line) => !pgLines.has(line))).toEqual([
			'  catalog_url: s.catalog_url,',
		]);
	});
});
