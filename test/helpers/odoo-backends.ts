/**
 * One integration suite, two backends: the fake Odoo and, when configured, the real server of
 * the same version (test/helpers/real-odoo.ts). Calls are counted on the client's side, so a
 * case that counts RPCs asserts the same thing on both.
 */
import * as http from 'node:http';
import { OdooClient } from '../../lib';
import { HttpRequest, nodeRequest, RequestFn } from '../../lib/http';
import { ADMIN, countCalls, FakeOdoo, RpcCall, startFakeOdoo } from '../fakes/odoo';
import { rpcCall } from '../fakes/odoo/server';
import { toPlain } from '../fakes/odoo/values';
import { parseMethodCall } from '../fakes/odoo/xmlrpc';
import { RealOdoo, realOdoo } from './real-odoo';

export interface OdooTarget extends RealOdoo {
	/** set on the fake backend only: its store, clock and failure injection */
	fake?: FakeOdoo;
	close(): Promise<void>;
}

export interface Backend {
	name: string;
	start(): Promise<OdooTarget>;
}

/** The fake Odoo of that version, then the real one if its variables are set. */
export function backends(major: 16 | 19): Backend[] {
	const version = `${major}.0` as const;
	const fake: Backend = {
		name: `fake Odoo ${major}`,
		start: async () => {
			const odoo = await startFakeOdoo({ version, seed: 'demo' });
			return {
				version,
				url: odoo.url,
				db: odoo.db,
				login: ADMIN.login,
				password: ADMIN.password,
				apiKey: ADMIN.apiKey,
				fake: odoo,
				close: () => odoo.close(),
			};
		},
	};
	const real = realOdoo(major);
	return real
		? [
				fake,
				{ name: `real Odoo ${major}`, start: async () => ({ ...real, close: async () => {} }) },
			]
		: [fake];
}

/** A client for a suite's own setup and checks: the target's admin over JSON-RPC with the password. */
export function connectJsonRpc(odoo: RealOdoo): Promise<OdooClient> {
	return OdooClient.connect({
		url: odoo.url,
		db: odoo.db,
		username: odoo.login,
		password: odoo.password,
		protocol: 'jsonrpc',
	});
}

/** The RPC a request makes, as the fake records it; undefined for anything else. */
function rpcOf(req: HttpRequest): RpcCall | undefined {
	const path = new URL(req.url).pathname;
	const xmlrpc = /^\/xmlrpc\/(?:2\/)?(common|object|db)$/.exec(path);
	if (xmlrpc) {
		const { method, params } = parseMethodCall(req.body ?? '');
		return rpcCall('xmlrpc', xmlrpc[1] as RpcCall['service'], method, toPlain(params));
	}
	if (path === '/jsonrpc') {
		const { service, method, args = [] } = JSON.parse(req.body ?? '{}').params ?? {};
		return rpcCall('jsonrpc', service, method, args);
	}
	if (path === '/web/webclient/version_info')
		return { protocol: 'jsonrpc', service: 'web', method: 'version_info' };
	if (path === '/web/version') return { protocol: 'json2', service: 'web', method: 'version' };
	const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
	return json2
		? { protocol: 'json2', service: 'object', model: json2[1], method: json2[2] }
		: undefined;
}

/** A request function for OdooClient that records every RPC it sends. */
export function callRecorder() {
	const calls: RpcCall[] = [];
	const request: RequestFn = (req) => {
		const call = rpcOf(req);
		if (call) calls.push(call);
		return nodeRequest(req);
	};
	return {
		request,
		calls,
		count: (filter?: Partial<RpcCall>) => countCalls(calls, filter),
		reset: () => void (calls.length = 0),
	};
}

/**
 * A reverse proxy in front of an Odoo (fake or real) that records the RPCs passing through, so a
 * test counts what a node sends through n8n's own HTTP helper; paths it does not match get a 404 page.
 */
export async function odooProxy(
	targetUrl: string,
	paths = /^/,
): Promise<{ url: string; calls: RpcCall[]; close(): Promise<void> }> {
	const target = new URL(targetUrl);
	const calls: RpcCall[] = [];
	const server = http.createServer((req, res) => {
		if (!paths.test(req.url ?? '')) return void res.writeHead(404).end('<html>Not Found</html>');
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const call = rpcOf({ url: `${targetUrl}${req.url}`, method: 'POST', body: body.toString() });
			if (call) calls.push(call);
			const upstream = http.request(
				{
					host: target.hostname,
					port: target.port,
					path: req.url,
					method: req.method,
					headers: req.headers,
				},
				(up) => {
					res.writeHead(up.statusCode ?? 502, up.headers);
					up.pipe(res);
				},
			);
			upstream.on('error', () => res.writeHead(502).end());
			upstream.end(body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	return { url, calls, close: () => new Promise((r) => server.close(() => r())) };
}
