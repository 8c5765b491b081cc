import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the template tests read of a workflow file. */
export interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	[key: string]: unknown;
}
export interface Template {
	id: string;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string }> | null> }>;
}

export const loadTemplate = (file: string) =>
	JSON.parse(fs.readFileSync(path.join(__dirname, '../../../workflows', file), 'utf8')) as Template;

export const node = (t: Template, name: string) => {
	const found = t.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`${t.id} has no node "${name}"`);
	return found;
};

/** A node without its ids (each template has its own). */
export const shape = ({ id: _id, webhookId: _webhook, ...rest }: TemplateNode) => rest;

/** The webhook path is the one thing two exports of one catalogue must not share. */
export const withoutPath = (n: TemplateNode) =>
	n.type === 'n8n-nodes-base.webhook'
		? { ...shape(n), parameters: { ...n.parameters, path: '' } }
		: shape(n);
