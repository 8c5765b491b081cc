/**
 * Replays every recorded request against the fake and compares with the recorded answer:
 * same fault codes / HTTP statuses / error names, same last traceback line or message, same
 * response structure and value kinds (ids, dates and data may differ). When a real Odoo 16 / 19
 * is configured (test/helpers/real-odoo.ts), the same requests go to it too, retargeted to its
 * database, credentials and records of this run, and the fake must answer as it does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ADMIN, DEMO, FakeOdoo, startFakeOdoo } from '../fakes/odoo';
import { json2Call, xmlrpcCall, xmlrpcRaw } from '../fakes/odoo/client';
import { PyFloat } from '../fakes/odoo/values';
import { dumpMethodCall, parseMethodCall, parseMethodResponse } from '../fakes/odoo/xmlrpc';
import { OdooClient } from '../../lib';
import { connectJsonRpc } from '../helpers/odoo-backends';
import { RealOdoo, realOdoo, runTag } from '../helpers/real-odoo';

const FIXTURES = path.resolve(__dirname, '../fixtures/odoo');
const read = (...p: string[]) => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
const cases = (dir: string, suffix: string) =>
	fs
		.readdirSync(path.join(FIXTURES, dir))
		.filter((f) => f.endsWith(suffix))
		.map((f) => f.slice(0, -suffix.length))
		// unlink last: the other cases use the records it deletes
		.sort(
			(a, b) =>
				Number(a.startsWith('unlink')) - Number(b.startsWith('unlink')) || a.localeCompare(b),
		);

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
	if (ka !== ke && !(json && numeric(ka) && numeric(ke)))
		return [`${where}: ${ka} instead of ${ke}`];
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

/** An XML-RPC answer (body of a 200) like the expected one. */
function expectXmlrpcLike(actualText: string, expectedText: string): void {
	expect(actualText.startsWith("<?xml version='1.0'?>\n<methodResponse>\n")).toBe(true);
	const actual = parseMethodResponse(actualText);
	const expected = parseMethodResponse(expectedText);
	if (expected.fault) {
		expect(actual.fault?.faultCode).toBe(expected.fault.faultCode);
		expect(lastLine(actual.fault!.faultString)).toBe(lastLine(expected.fault.faultString));
		if (expected.fault.faultCode === 1)
			expect(actual.fault!.faultString).toMatch(/^Traceback \(most recent call last\):\n/);
		else expect(actual.fault!.faultString).toBe(expected.fault.faultString);
	} else {
		expect(actual.fault).toBeUndefined();
		expect(shapeDiff(actual.value, expected.value)).toEqual([]);
	}
}

type JsonRpcReply = {
	id: unknown;
	result?: unknown;
	error?: { data: Record<string, unknown> } & Record<string, unknown>;
};

function expectJsonrpcLike(actual: JsonRpcReply, expected: JsonRpcReply): void {
	expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
	expect(actual.id).toBe(expected.id);
	if (expected.error) {
		const { data, ...error } = actual.error!;
		const { data: expectedData, ...expectedError } = expected.error;
		expect(error).toEqual(expectedError);
		expect(Object.keys(data).sort()).toEqual(Object.keys(expectedData).sort());
		expect(data.name).toBe(expectedData.name);
		expect(data.message).toBe(expectedData.message);
		expect(data.arguments).toEqual(expectedData.arguments);
		expect(lastLine(data.debug as string)).toBe(lastLine(expectedData.debug as string));
	} else {
		expect(shapeDiff(actual.result, expected.result, '$', true)).toEqual([]);
	}
}

interface HttpAnswer {
	status: number;
	headers: Record<string, string | undefined>;
	json: unknown;
}

/** A JSON-2 answer like the expected one; header names in lower case. */
function expectJson2Like(actual: HttpAnswer, expected: HttpAnswer): void {
	expect(actual.status).toBe(expected.status);
	expect(actual.headers['content-type']).toBe(expected.headers['content-type']);
	expect(actual.headers['www-authenticate']).toBe(expected.headers['www-authenticate']);
	const [a, e] = [actual.json as Record<string, unknown>, expected.json as Record<string, unknown>];
	if (expected.status >= 400) {
		expect(Object.keys(a)).toEqual(Object.keys(e));
		expect(a.name).toBe(e.name);
		expect(a.message).toBe(e.message);
		expect(a.arguments).toEqual(e.arguments);
		expect(lastLine(a.debug as string)).toBe(lastLine(e.debug as string));
	} else {
		expect(shapeDiff(a, e, '$', true)).toEqual([]);
	}
}

const answer = async (res: Response): Promise<HttpAnswer> => ({
	status: res.status,
	headers: {
		'content-type': res.headers.get('content-type') ?? undefined,
		'www-authenticate': res.headers.get('www-authenticate') ?? undefined,
	},
	json: await res.json(),
});

/** XML-RPC exchanges whose answers do not depend on the data: byte-identical on every server. */
const DATA_FREE = [
	'version',
	'authenticate_ok',
	'authenticate_bad_password',
	'fault_bad_model',
	'fault_bad_password',
	'fault_private_method',
	'fault_missing_required',
	'fault_bad_many2one',
	'fault_missing_record',
];

const xmlrpcService = (request: string) =>
	/<methodName>execute(_kw)?<\/methodName>/.test(request) ? 'object' : 'common';

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

	test("the recordings use the fake's database and admin credentials", () => {
		expect(read('odoo16/xmlrpc/authenticate_ok.request.xml')).toContain(
			`<string>${fake.db}</string>`,
		);
		expect(read('odoo16/xmlrpc/authenticate_ok.response.xml')).toContain(`<int>${ADMIN.uid}</int>`);
	});

	test.each(cases('odoo16/xmlrpc', '.request.xml'))(
		'XML-RPC %s answers like the recording',
		async (name) => {
			const request = read('odoo16/xmlrpc', `${name}.request.xml`);
			const expectedText = read('odoo16/xmlrpc', `${name}.response.xml`);
			const service = xmlrpcService(request);
			const reply = await xmlrpcRaw(fake.url, service, request);
			expect(reply.status).toBe(200);
			expect(reply.headers.get('content-type')).toMatch(/^text\/xml/);
			expectXmlrpcLike(reply.text, expectedText);
		},
	);

	test('XML-RPC answers of a fresh demo database are byte-identical to the recordings', async () => {
		const fresh = await startFakeOdoo({ version: '16.0' });
		try {
			await expectByteIdentical(fresh);
		} finally {
			await fresh.close();
		}
	});

	async function expectByteIdentical(fresh: FakeOdoo): Promise<void> {
		for (const name of [...DATA_FREE, 'search_count_partner', 'name_search_partner']) {
			const request = read('odoo16/xmlrpc', `${name}.request.xml`);
			const service = xmlrpcService(request);
			const reply = await xmlrpcRaw(fresh.url, service, request);
			expect([name, reply.text]).toEqual([name, read('odoo16/xmlrpc', `${name}.response.xml`)]);
		}
	}

	test.each(cases('odoo16/jsonrpc', '.request.json'))(
		'JSON-RPC %s answers like the recording',
		async (name) => {
			const request = read('odoo16/jsonrpc', `${name}.request.json`);
			const expected = JSON.parse(read('odoo16/jsonrpc', `${name}.response.json`));
			const res = await fetch(`${fake.url}/jsonrpc`, {
				method: 'POST',
				body: request,
				headers: { 'Content-Type': 'application/json' },
			});
			expect(res.status).toBe(200);
			expectJsonrpcLike((await res.json()) as JsonRpcReply, expected);
		},
	);

	test('/web/webclient/version_info answers the version in JSON-RPC style', async () => {
		const res = await fetch(`${fake.url}/web/webclient/version_info`, {
			method: 'POST',
			body: '{"jsonrpc":"2.0","method":"call","params":{},"id":7}',
			headers: { 'Content-Type': 'application/json' },
		});
		const expected = JSON.parse(read('odoo16/version.json'));
		expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 7, result: expected });
	});

	test('JSON-2 and /web/version do not exist on 16.0', async () => {
		const reply = await json2Call(
			fake.url,
			'res.partner',
			'search_count',
			{ domain: [] },
			{ apiKey: ADMIN.apiKey },
		);
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

	test.each(cases('odoo19/json2', '.json'))(
		'JSON-2 %s answers like the recording',
		async (name) => {
			const { response } = json2Case(name);
			const res = await sendJson2(name, { ...FAKE, url: fake.url, db: fake.db });
			const recorded = {
				status: response.status,
				headers: {
					'content-type': response.headers['Content-Type'],
					'www-authenticate': response.headers['WWW-Authenticate'],
				},
				json: response.json,
			};
			expectJson2Like(await answer(res), recorded);
		},
	);

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
		const { server_version_info: expectedInfo, ...expectedRest } = JSON.parse(
			read('odoo19/xmlrpc/version.json'),
		);
		expect(rest).toEqual(expectedRest);
		expect((server_version_info as unknown[]).slice(0, 3)).toEqual(expectedInfo.slice(0, 3));

		const exec = (model: string, method: string, args: unknown[]) =>
			xmlrpcCall(fake.url, 'object', 'execute_kw', [
				fake.db,
				ADMIN.uid,
				ADMIN.password,
				model,
				method,
				args,
				{},
			]);
		const faults: Record<
			string,
			Promise<{ fault?: { faultCode: number; faultString: string } }>
		> = {
			fault_bad_field_in_domain: exec('res.partner', 'search_read', [[['no_such_field', '=', 1]]]),
			fault_bad_model: exec('no.such.model', 'search_read', [[]]),
			fault_missing_required: exec('product.template', 'create', [[{ list_price: 3 }]]),
		};
		for (const [name, call] of Object.entries(faults)) {
			const expected = JSON.parse(read('odoo19/xmlrpc', `${name}.json`));
			const { fault } = await call;
			expect([name, fault?.faultCode, lastLine(fault!.faultString)]).toEqual([
				name,
				expected.faultCode,
				expected.faultString_last_line,
			]);
		}
	});
});

// ------------------------------------------------------------ the same requests on the real servers

/** Where a recorded request is sent: its database, credentials and the records standing for the recorded ids. */
interface Target {
	url: string;
	db: string;
	uid: number;
	login: string;
	password: string;
	apiKey: string;
	/** recorded id -> id on this server */
	ids: Record<number, number>;
}

const FAKE: Omit<Target, 'url' | 'db'> = {
	uid: ADMIN.uid,
	login: ADMIN.login,
	password: ADMIN.password,
	apiKey: ADMIN.apiKey,
	ids: {},
};
const RECORDED_IDS = [45, 46, 47, 48];
const json2Case = (name: string) => JSON.parse(read('odoo19/json2', `${name}.json`)) as Json2Case;

/** The recorded XML-RPC / JSON-RPC params with the target's database, admin credentials and record ids. */
function retarget(method: string, params: unknown[], t: Target): unknown[] {
	const p = [...params];
	const swap = (i: number, from: unknown, to: unknown) => p[i] === from && (p[i] = to);
	if (method === 'authenticate' || method === 'login') {
		swap(0, 'odoo', t.db);
		swap(1, ADMIN.login, t.login);
		swap(2, ADMIN.password, t.password);
	}
	if (method === 'execute_kw') {
		swap(0, 'odoo', t.db);
		swap(1, ADMIN.uid, t.uid);
		swap(2, ADMIN.password, t.password);
		const [ids, ...rest] = p[5] as unknown[];
		if (['read', 'write', 'unlink'].includes(p[4] as string))
			p[5] = [(ids as number[]).map((id) => t.ids[id] ?? id), ...rest];
	}
	return p;
}

function sendXmlrpc(request: string, t: Target) {
	const call = parseMethodCall(request);
	return xmlrpcRaw(
		t.url,
		xmlrpcService(request),
		dumpMethodCall(call.method, retarget(call.method, call.params, t)),
	);
}

async function sendJsonrpc(request: string, t: Target): Promise<JsonRpcReply> {
	const body = JSON.parse(request);
	body.params.args = retarget(body.params.method, body.params.args, t);
	const res = await fetch(`${t.url}/jsonrpc`, {
		method: 'POST',
		body: JSON.stringify(body),
		headers: { 'Content-Type': 'application/json' },
	});
	return (await res.json()) as JsonRpcReply;
}

function sendJson2(name: string, t: Target): Promise<Response> {
	const { request } = json2Case(name);
	const key =
		name === 'fault_bad_apikey'
			? 'not-a-valid-key'
			: name === 'fault_access_demo_user'
				? DEMO.apiKey
				: t.apiKey;
	const headers: Record<string, string> = {};
	for (const [h, v] of Object.entries(request.headers))
		headers[h] = h === 'X-Odoo-Database' ? t.db : v.replace('<API_KEY>', key);
	let body = request.body ?? undefined;
	if (body?.includes('"ids"')) {
		const json = JSON.parse(body);
		json.ids = (json.ids as number[]).map((id) => t.ids[id] ?? id);
		body = JSON.stringify(json);
	}
	return fetch(t.url + request.path, { method: request.method, headers, body });
}

/** A fake with the recorded records (prepare) as a target. */
function useFakeTarget(version: '16.0' | '19.0'): Target {
	const target = { ...FAKE } as Target;
	let odoo: FakeOdoo;
	beforeAll(async () => {
		odoo = await startFakeOdoo({ version });
		prepare(odoo);
		Object.assign(target, { url: odoo.url, db: odoo.db });
	});
	afterAll(() => odoo.close());
	return target;
}

/**
 * The real server as a target: four partners of this run stand for the recorded ids 45-48; they,
 * and the partners the recorded creates make, are deleted afterwards.
 */
function useRealTarget(real: RealOdoo | undefined) {
	const target = {} as Target;
	const created: number[] = [];
	let client: OdooClient;
	beforeAll(async () => {
		client = await connectJsonRpc(real!);
		const tag = runTag('parity');
		const ids = await client.create(
			'res.partner',
			RECORDED_IDS.map((id) => ({ name: `${tag} ${id}`, ref: `${tag}-${id}` })),
		);
		Object.assign(target, {
			...real,
			uid: client.uid,
			apiKey: real!.apiKey ?? '',
			ids: Object.fromEntries(RECORDED_IDS.map((id, i) => [id, ids[i]])),
		});
		created.push(...ids);
	});
	afterAll(async () => {
		await client?.unlink(
			'res.partner',
			await client.search('res.partner', [['id', 'in', created]]),
		);
	});
	return { target, created };
}

const real16 = realOdoo(16);
(real16 ? describe : describe.skip)(
	'the fake Odoo 16 answers the recorded requests as the real Odoo 16 does',
	() => {
		const fake = useFakeTarget('16.0');
		const { target: real, created } = useRealTarget(real16);

		test.each(cases('odoo16/xmlrpc', '.request.xml'))('XML-RPC %s', async (name) => {
			const request = read('odoo16/xmlrpc', `${name}.request.xml`);
			const [onFake, onReal] = [await sendXmlrpc(request, fake), await sendXmlrpc(request, real)];
			expect([onFake.status, onFake.headers.get('content-type')]).toEqual([
				onReal.status,
				onReal.headers.get('content-type'),
			]);
			expectXmlrpcLike(onFake.text, onReal.text);
			if (name.startsWith('create'))
				created.push(...(parseMethodResponse(onReal.text).value as number[]));
		});

		test.each(cases('odoo16/jsonrpc', '.request.json'))('JSON-RPC %s', async (name) => {
			const request = read('odoo16/jsonrpc', `${name}.request.json`);
			expectJsonrpcLike(await sendJsonrpc(request, fake), await sendJsonrpc(request, real));
		});

		test.each(DATA_FREE)('XML-RPC %s is byte-identical', async (name) => {
			const request = read('odoo16/xmlrpc', `${name}.request.xml`);
			expect((await sendXmlrpc(request, fake)).text).toBe((await sendXmlrpc(request, real)).text);
		});

		test('/web/webclient/version_info, JSON-2 and /web/version', async () => {
			const versionInfo = async (t: Target) =>
				(
					await fetch(`${t.url}/web/webclient/version_info`, {
						method: 'POST',
						body: '{"jsonrpc":"2.0","method":"call","params":{},"id":7}',
						headers: { 'Content-Type': 'application/json' },
					})
				).json();
			expect(await versionInfo(fake)).toEqual(await versionInfo(real));
			for (const t of [fake, real]) {
				expect(
					(
						await json2Call(
							t.url,
							'res.partner',
							'search_count',
							{ domain: [] },
							{ apiKey: t.apiKey || 'x' },
						)
					).status,
				).toBe(404);
				expect((await fetch(`${t.url}/web/version`)).status).toBe(404);
			}
		});
	},
);

const real19 = realOdoo(19);
(real19 ? describe : describe.skip)(
	'the fake Odoo 19 answers the recorded requests as the real Odoo 19 does',
	() => {
		const fake = useFakeTarget('19.0');
		const { target: real, created } = useRealTarget(real19);

		// The real server has no API key for the demo user (odoo-local.sh makes one for admin only).
		test.each(cases('odoo19/json2', '.json').filter((n) => n !== 'fault_access_demo_user'))(
			'JSON-2 %s',
			async (name) => {
				const onFake = await answer(await sendJson2(name, fake));
				const onReal = await answer(await sendJson2(name, real));
				expectJson2Like(onFake, onReal);
				if (name.startsWith('create')) created.push(...(onReal.json as number[]));
			},
		);

		test('/web/version has the same fields and version', async () => {
			const webVersion = async (t: Target) =>
				(await (await fetch(`${t.url}/web/version`)).json()) as { version_info: unknown[] };
			const [onFake, onReal] = [await webVersion(fake), await webVersion(real)];
			expect(shapeDiff(onFake, onReal, '$', true)).toEqual([]);
			expect(onFake.version_info.slice(0, 2)).toEqual(onReal.version_info.slice(0, 2));
		});

		test('XML-RPC faults and version', async () => {
			const exec = (t: Target, model: string, method: string, args: unknown[]) =>
				xmlrpcRaw(
					t.url,
					'object',
					dumpMethodCall('execute_kw', [t.db, t.uid, t.password, model, method, args, {}]),
				);
			for (const t of [fake, real])
				expect((await xmlrpcCall(t.url, 'common', 'version', [])).value).toMatchObject({
					server_version: '19.0',
					protocol_version: 1,
				});
			for (const [model, method, args] of [
				['res.partner', 'search_read', [[['no_such_field', '=', 1]]]],
				['no.such.model', 'search_read', [[]]],
				['product.template', 'create', [[{ list_price: 3 }]]],
			] as const) {
				expectXmlrpcLike(
					(await exec(fake, model, method, [...args])).text,
					(await exec(real, model, method, [...args])).text,
				);
			}
		});
	},
);
