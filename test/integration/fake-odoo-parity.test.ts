/**
 * Replays every recorded request against the fake and compares with the recorded answer:
 * same fault codes / HTTP statuses / error names, same last traceback line or message, same
 * response structure and value kinds (ids, dates and data may differ).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ADMIN, DEMO, FakeOdoo, startFakeOdoo } from '../fakes/odoo';
import { json2Call, xmlrpcCall, xmlrpcRaw } from '../fakes/odoo/client';
import { PyFloat } from '../fakes/odoo/values';
import { parseMethodResponse } from '../fakes/odoo/xmlrpc';

const FIXTURES = path.resolve(__dirname, '../fixtures/odoo');
const read = (...p: string[]) => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
const cases = (dir: string, suffix: string) =>
	fs
		.readdirSync(path.join(FIXTURES, dir))
		.filter((f) => f.endsWith(suffix))
		.map((f) => f.slice(0, -suffix.length))
		// unlink last: the other cases use the records it deletes
		.sort((a, b) => Number(a.startsWith('unlink')) - Number(b.startsWith('unlink')) || a.localeCompare(b));

function kind(v: unknown): string {
	if (v instanceof PyFloat) return 'double';
	if (Array.isArray(v)) return 'array';
	if (v === null) return 'null';
	if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
	return typeof v;
}

/**
 * Differences of structure between the fake's answer and the recording. `false` stands for
 * any empty value in Odoo, so it matches any kind; JSON numbers match each other.
 */
function shapeDiff(actual: unknown, expected: unknown, where = '$', json = false): string[] {
	if (actual === false || expected === false) return [];
	const [ka, ke] = [kind(actual), kind(expected)];
	const numeric = (k: string) => k === 'int' || k === 'double';
	if (ka !== ke && !(json && numeric(ka) && numeric(ke))) return [`${where}: ${ka} instead of ${ke}`];
	if (Array.isArray(actual) && Array.isArray(expected)) {
		const n = Math.min(actual.length, expected.length);
		return actual.slice(0, n).flatMap((a, i) => shapeDiff(a, expected[i], `${where}[${i}]`, json));
	}
	if (ka === 'object') {
		const [a, e] = [actual as Record<string, unknown>, expected as Record<string, unknown>];
		const keys = (o: object) => Object.keys(o).sort().join(',');
		if (keys(a) !== keys(e)) return [`${where}: keys ${keys(a)} instead of ${keys(e)}`];
		return Object.keys(e).flatMap((k) => shapeDiff(a[k], e[k], `${where}.${k}`, json));
	}
	return [];
}

const lastLine = (s: string) => s.trimEnd().split('\n').pop();

/** The records the recorded requests refer to (ids 45-48, an "Acme" company on 19). */
function prepare(fake: FakeOdoo): void {
	let id = 0;
	while (id < 48) [id] = fake.env.create('res.partner', { name: `Fixture ${id}` });
	const [acme] = fake.env.create('res.partner', { name: 'Acme Corporation', is_company: true });
	fake.env.create('res.partner', { name: 'Addison Olson', parent_id: acme });
}

describe('fake Odoo 16 replays the recorded XML-RPC and JSON-RPC exchanges', () => {
	let fake: FakeOdoo;
	beforeAll(async () => {
		fake = await startFakeOdoo({ version: '16.0' });
		prepare(fake);
	});
	afterAll(() => fake.close());

	test('the recordings use the fake\'s database and admin credentials', () => {
		expect(read('odoo16/xmlrpc/authenticate_ok.request.xml')).toContain(`<string>${fake.db}</string>`);
		expect(read('odoo16/xmlrpc/authenticate_ok.response.xml')).toContain(`<int>${ADMIN.uid}</int>`);
	});

	test.each(cases('odoo16/xmlrpc', '.request.xml'))('XML-RPC %s answers like the recording', async (name) => {
		const request = read('odoo16/xmlrpc', `${name}.request.xml`);
		const expectedText = read('odoo16/xmlrpc', `${name}.response.xml`);
		const service = /<methodName>execute(_kw)?<\/methodName>/.test(request) ? 'object' : 'common';
		const reply = await xmlrpcRaw(fake.url, service, request);
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toMatch(/^text\/xml/);
		expect(reply.text.startsWith("<?xml version='1.0'?>\n<methodResponse>\n")).toBe(true);
		const actual = parseMethodResponse(reply.text);
		const expected = parseMethodResponse(expectedText);
		if (expected.fault) {
			expect(actual.fault?.faultCode).toBe(expected.fault.faultCode);
			expect(lastLine(actual.fault!.faultString)).toBe(lastLine(expected.fault.faultString));
			if (expected.fault.faultCode === 1) expect(actual.fault!.faultString).toMatch(/^Traceback \(most recent call last\):\n/);
			else expect(actual.fault!.faultString).toBe(expected.fault.faultString);
		} else {
			expect(actual.fault).toBeUndefined();
			expect(shapeDiff(actual.value, expected.value)).toEqual([]);
		}
	});

	test('XML-RPC answers of a fresh demo database are byte-identical to the recordings', async () => {
		const fresh = await startFakeOdoo({ version: '16.0' });
		try {
			await expectByteIdentical(fresh);
		} finally {
			await fresh.close();
		}
	});

	async function expectByteIdentical(fresh: FakeOdoo): Promise<void> {
		for (const name of ['version', 'authenticate_ok', 'authenticate_bad_password', 'search_count_partner', 'name_search_partner', 'fault_bad_model', 'fault_bad_password', 'fault_private_method', 'fault_missing_required', 'fault_bad_many2one', 'fault_missing_record']) {
			const request = read('odoo16/xmlrpc', `${name}.request.xml`);
			const service = /execute_kw/.test(request) ? 'object' : 'common';
			const reply = await xmlrpcRaw(fresh.url, service, request);
			expect([name, reply.text]).toEqual([name, read('odoo16/xmlrpc', `${name}.response.xml`)]);
		}
	}

	test.each(cases('odoo16/jsonrpc', '.request.json'))('JSON-RPC %s answers like the recording', async (name) => {
		const request = read('odoo16/jsonrpc', `${name}.request.json`);
		const expected = JSON.parse(read('odoo16/jsonrpc', `${name}.response.json`));
		const res = await fetch(`${fake.url}/jsonrpc`, { method: 'POST', body: request, headers: { 'Content-Type': 'application/json' } });
		expect(res.status).toBe(200);
		const actual = await res.json();
		expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
		expect(actual.id).toBe(expected.id);
		if (expected.error) {
			const { data, ...error } = actual.error;
			const { data: expectedData, ...expectedError } = expected.error;
			expect(error).toEqual(expectedError);
			expect(Object.keys(data).sort()).toEqual(Object.keys(expectedData).sort());
			expect(data.name).toBe(expectedData.name);
			expect(data.message).toBe(expectedData.message);
			expect(data.arguments).toEqual(expectedData.arguments);
			expect(lastLine(data.debug)).toBe(lastLine(expectedData.debug));
		} else {
			expect(shapeDiff(actual.result, expected.result, '$', true)).toEqual([]);
		}
	});

	test('/web/webclient/version_info answers the version in JSON-RPC style', async () => {
		const res = await fetch(`${fake.url}/web/webclient/version_info`, { method: 'POST', body: '{"jsonrpc":"2.0","method":"call","params":{},"id":7}', headers: { 'Content-Type': 'application/json' } });
		const expected = JSON.parse(read('odoo16/version.json'));
		expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 7, result: expected });
	});

	test('JSON-2 and /web/version do not exist on 16.0', async () => {
		const reply = await json2Call(fake.url, 'res.partner', 'search_count', { domain: [] }, { apiKey: ADMIN.apiKey });
		expect(reply.status).toBe(404);
		expect((await fetch(`${fake.url}/web/version`)).status).toBe(404);
	});
});

interface Json2Case {
	request: { method: string; path: string; headers: Record<string, string>; body: string | null };
	response: { status: number; headers: Record<string, string>; json: unknown };
}

describe('fake Odoo 19 replays the recorded JSON-2 and XML-RPC exchanges', () => {
	let fake: FakeOdoo;
	beforeAll(async () => {
		fake = await startFakeOdoo({ version: '19.0' });
		prepare(fake);
	});
	afterAll(() => fake.close());

	test.each(cases('odoo19/json2', '.json'))('JSON-2 %s answers like the recording', async (name) => {
		const { request, response } = JSON.parse(read('odoo19/json2', `${name}.json`)) as Json2Case;
		const key = name === 'fault_bad_apikey' ? 'not-a-valid-key' : name === 'fault_access_demo_user' ? DEMO.apiKey : ADMIN.apiKey;
		const headers: Record<string, string> = {};
		for (const [h, v] of Object.entries(request.headers)) {
			headers[h] = h === 'X-Odoo-Database' ? fake.db : v.replace('<API_KEY>', key);
		}
		const res = await fetch(fake.url + request.path, { method: request.method, headers, body: request.body ?? undefined });
		expect(res.status).toBe(response.status);
		expect(res.headers.get('content-type')).toBe(response.headers['Content-Type']);
		expect(res.headers.get('www-authenticate')).toBe(response.headers['WWW-Authenticate'] ?? null);
		const actual = await res.json();
		const expected = response.json as Record<string, unknown>;
		if (response.status >= 400) {
			expect(Object.keys(actual)).toEqual(Object.keys(expected));
			expect(actual.name).toBe(expected.name);
			expect(actual.message).toBe(expected.message);
			expect(actual.arguments).toEqual(expected.arguments);
			expect(lastLine(actual.debug)).toBe(lastLine(expected.debug as string));
		} else {
			expect(shapeDiff(actual, expected, '$', true)).toEqual([]);
		}
	});

	test('GET and POST /web/version answer the recorded body', async () => {
		const expected = JSON.parse(read('odoo19/web_version.json'));
		for (const method of ['GET', 'POST']) {
			const res = await fetch(`${fake.url}/web/version`, { method });
			expect(await res.json()).toEqual(expected);
		}
	});

	test('XML-RPC still answers on 19 with the recorded versions and fault codes', async () => {
		const version = await xmlrpcCall(fake.url, 'common', 'version', []);
		const { server_version_info, ...rest } = version.value as Record<string, unknown>;
		const { server_version_info: expectedInfo, ...expectedRest } = JSON.parse(read('odoo19/xmlrpc/version.json'));
		expect(rest).toEqual(expectedRest);
		expect((server_version_info as unknown[]).slice(0, 3)).toEqual(expectedInfo.slice(0, 3));

		const exec = (model: string, method: string, args: unknown[]) =>
			xmlrpcCall(fake.url, 'object', 'execute_kw', [fake.db, ADMIN.uid, ADMIN.password, model, method, args, {}]);
		const faults: Record<string, Promise<{ fault?: { faultCode: number; faultString: string } }>> = {
			fault_bad_field_in_domain: exec('res.partner', 'search_read', [[['no_such_field', '=', 1]]]),
			fault_bad_model: exec('no.such.model', 'search_read', [[]]),
			fault_missing_required: exec('product.template', 'create', [[{ list_price: 3 }]]),
		};
		for (const [name, call] of Object.entries(faults)) {
			const expected = JSON.parse(read('odoo19/xmlrpc', `${name}.json`));
			const { fault } = await call;
			expect([name, fault?.faultCode, lastLine(fault!.faultString)]).toEqual([name, expected.faultCode, expected.faultString_last_line]);
		}
	});
});
