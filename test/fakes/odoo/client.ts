/**
 * Minimal raw clients for the three protocols, for tests of the fake itself (the project's
 * real client lives in lib/odoo). They return what was on the wire, undecorated.
 */
import { dumpMethodCall, parseMethodResponse } from './xmlrpc';

export interface RawReply {
	status: number;
	headers: Headers;
	text: string;
}

async function post(
	url: string,
	body: string | undefined,
	headers: Record<string, string>,
	method = 'POST',
): Promise<RawReply> {
	const res = await fetch(url, { method, body, headers });
	return { status: res.status, headers: res.headers, text: await res.text() };
}

export async function xmlrpcRaw(url: string, service: string, body: string): Promise<RawReply> {
	return post(`${url}/xmlrpc/2/${service}`, body, { 'Content-Type': 'text/xml' });
}

export async function xmlrpcCall(url: string, service: string, method: string, params: unknown[]) {
	const reply = await xmlrpcRaw(url, service, dumpMethodCall(method, params));
	return { ...reply, ...(reply.status === 200 ? parseMethodResponse(reply.text) : {}) };
}

export async function jsonrpcCall(url: string, service: string, method: string, args: unknown[]) {
	const reply = await post(
		`${url}/jsonrpc`,
		JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
		{ 'Content-Type': 'application/json' },
	);
	return {
		...reply,
		json: JSON.parse(reply.text) as {
			result?: unknown;
			error?: { code: number; message: string; data: Record<string, unknown> };
		},
	};
}

export async function json2Call(
	url: string,
	model: string,
	method: string,
	body: unknown,
	opts: { apiKey?: string; db?: string; httpMethod?: string; rawBody?: string } = {},
) {
	const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
	if (opts.apiKey !== undefined) headers.Authorization = `bearer ${opts.apiKey}`;
	if (opts.db) headers['X-Odoo-Database'] = opts.db;
	const reply = await post(
		`${url}/json/2/${model}/${method}`,
		opts.httpMethod === 'GET' ? undefined : (opts.rawBody ?? JSON.stringify(body)),
		headers,
		opts.httpMethod,
	);
	let json: unknown;
	try {
		json = JSON.parse(reply.text);
	} catch {
		json = undefined;
	}
	return { ...reply, json };
}

/** execute_kw over XML-RPC, as admin unless told otherwise. */
export function executeKw(
	fake: { url: string; db: string },
	model: string,
	method: string,
	args: unknown[],
	kwargs: Record<string, unknown> = {},
	user: { uid: number; password: string } = { uid: 2, password: 'admin' },
) {
	return xmlrpcCall(fake.url, 'object', 'execute_kw', [
		fake.db,
		user.uid,
		user.password,
		model,
		method,
		args,
		kwargs,
	]);
}
