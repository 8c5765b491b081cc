/** n8n 2 refuses to import a workflow whose nodes share an id; n8n 1 takes it, so only this catches it early. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const files = ['workflows', 'test/e2e/workflows'].flatMap((dir) =>
	fs
		.readdirSync(path.join(ROOT, dir))
		.filter((f) => f.endsWith('.json'))
		.map((f) => path.join(dir, f)),
);

describe('workflow files', () => {
	it.each(files)('%s: every node id and name is unique', (file) => {
		const { nodes } = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as {
			nodes: Array<{ id?: string; name: string }>;
		};
		const twice = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
		expect(twice(nodes.flatMap((n) => (n.id ? [n.id] : [])))).toEqual([]);
		expect(twice(nodes.map((n) => n.name))).toEqual([]);
	});
});
