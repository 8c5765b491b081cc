/**
 * A local HTTP endpoint that workflows POST items to (`$env.E2E_COLLECTOR_URL`), so a case can
 * see what a trigger emitted in whatever process ran it (in queue mode: the worker).
 * GET returns everything received so far, in order.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Collector {
	url: string;
	close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
	const items: unknown[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'POST') items.push(JSON.parse(Buffer.concat(chunks).toString() || 'null'));
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(req.method === 'POST' ? '{"ok":true}' : JSON.stringify(items));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** What a collector received so far. */
export async function collected(url: string): Promise<Array<Record<string, unknown>>> {
	return (await (await fetch(url)).json()) as Array<Record<string, unknown>>;
}
