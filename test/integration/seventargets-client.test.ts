import { nodeRequest, type HttpRequest, type RequestFn } from '../../lib/http';
import {
	SevenTargetsClient,
	SevenTargetsError,
	TokenCache,
	type SevenTargetsConfig,
} from '../../lib/seventargets';
import { SevenTargetsApi } from '../../credentials/SevenTargetsApi.credentials';
import { credentialFor, startFakeSevenTargets, type FakeSevenTargets } from '../fakes/seventargets';

describe('7Targets client against the fake, over HTTP', () => {
	let fake: FakeSevenTargets;
	let tokens: TokenCache;
	const config = (extra: Partial<SevenTargetsConfig> = {}): SevenTargetsConfig => ({
		...credentialFor(fake),
		...extra,
	});
	const client = (extra: Partial<SevenTargetsConfig> = {}, request: RequestFn = nodeRequest) =>
		new SevenTargetsClient(config(extra), request, tokens);
	const lead = (email: string) => ({
		name: 'Ana',
		email,
		assistantEmail: fake.assistants[0].emailid,
		crm: 'ODOO',
		externalId: 7,
	});
	const failure = (p: Promise<unknown>) =>
		p.then(
			() => {
				throw new Error('expected a failure');
			},
			(e: SevenTargetsError) => e,
		);

	beforeAll(async () => {
		fake = await startFakeSevenTargets();
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.reset();
		tokens = new TokenCache();
	});

	test('assign, update and stop follow-up share one token and send both headers', async () => {
		const sent: HttpRequest[] = [];
		const spy: RequestFn = (r) => (sent.push(r), nodeRequest(r));
		const c = client({}, spy);
		const created = await c.assign({
			...lead('ana@example.com'),
			scheduleName: 'Proposal follow-up',
		});
		expect(created).toMatchObject({ email: 'ana@example.com', state: 'Cold', scheduleId: 12 });
		await c.update({ email: 'ana@example.com', phone: '+34 600', name: null });
		const stopped = await c.stopFollowup({ email: 'ana@example.com' });
		expect(stopped).toMatchObject({ phone: '+34 600', name: 'Ana', nextScheduleTime: null });
		expect(fake.tokensIssued()).toBe(1);
		const token = sent.find((r) => r.url.endsWith('/oauth2/token'))!;
		expect(token.body).toBe('grant_type=client_credentials&scope=leads%2Fpost');
		for (const r of sent.filter((r) => !r.url.endsWith('/oauth2/token'))) {
			expect(r.headers?.Authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
			expect(r.headers?.['7ts-user-identifier']).toBe(fake.userIdentifier);
		}
	});

	test('a second client with the same credential reuses the cached token', async () => {
		await client().listAssistants();
		await client().listAssistants();
		expect(fake.tokensIssued()).toBe(1);
	});

	test('an expired token is renewed once and the call repeated', async () => {
		const c = client();
		await c.listAssistants();
		fake.expireTokens();
		expect(await c.listAssistants()).toHaveLength(2);
		expect(fake.tokensIssued()).toBe(2);
	});

	test('items running in parallel that meet an expired token share one renewal', async () => {
		const c = client();
		await c.listAssistants();
		fake.expireTokens();
		const lists = await Promise.all(Array.from({ length: 8 }, () => c.listAssistants()));
		expect(lists.every((l) => l.length === 2)).toBe(true);
		expect(fake.tokensIssued()).toBe(2);
	});

	test('a token refused even fresh is an error after one renewal', async () => {
		const shortLived = await startFakeSevenTargets({ tokenTtlSeconds: 0 });
		try {
			const c = new SevenTargetsClient(
				config({ loginUrl: shortLived.url, apiUrl: shortLived.url }),
				nodeRequest,
				tokens,
			);
			const error = await failure(c.listAssistants());
			expect(error.kind).toBe('expired');
			expect(error.message).toMatch(/rejected the access token twice on list assistants/);
			expect(shortLived.tokensIssued()).toBe(2);
		} finally {
			await shortLived.close();
		}
	});

	test('a bad client id or secret says so, without the secret', async () => {
		const error = await failure(client({ clientSecret: 'wrong-secret' }).listAssistants());
		expect(error.kind).toBe('auth');
		expect(error.message).toMatch(/refused the client id or secret \(invalid_client\)/);
		expect(JSON.stringify(error)).not.toContain('wrong-secret');
	});

	test('a wrong user identifier is named', async () => {
		const error = await failure(client({ userIdentifier: 'someone-else' }).listAssistants());
		expect(error.message).toMatch(/check the user identifier/);
	});

	test('an email already assigned, and other 4xx bodies, in 7Targets words', async () => {
		const c = client();
		await c.assign(lead('dup@example.com'));
		const dup = await failure(c.assign(lead('dup@example.com')));
		expect(dup.kind).toBe('duplicate');
		expect(dup.message).toMatch(/already assigned/);
		const bad = await failure(
			c.assign({ ...lead('x@example.com'), assistantEmail: 'nobody@x.test' }),
		);
		expect(bad).toMatchObject({ kind: 'validation', status: 400 });
		expect(bad.message).toMatch(/Assistant nobody@x.test not found/);
		const missing = await failure(c.update({ email: 'ghost@example.com' }));
		expect(missing.kind).toBe('notFound');
	});

	test('states come back normalised', async () => {
		const c = client();
		await c.assign(lead('moved@example.com'));
		fake.moveLead('moved@example.com', 'DeActivated');
		expect((await c.update({ email: 'moved@example.com' })).state).toBe('Deactivated');
		fake.moveLead('moved@example.com', 'outofoffice');
		expect((await c.update({ email: 'moved@example.com' })).state).toBe('Out of office');
	});

	test('assistants: every page, and search', async () => {
		const c = client();
		const all = await c.listAssistants({ pageSize: 1 });
		expect(all.map((a) => a.emailid)).toEqual(fake.assistants.map((a) => a.emailid));
		expect(fake.calls.filter((x) => x.path === '/leads/assistant')).toHaveLength(3);
		expect(await c.listAssistants({ search: 'ben' })).toHaveLength(1);
	});

	test('an unreachable server and empty settings are clear', async () => {
		const error = await failure(
			client({ loginUrl: 'http://127.0.0.1:9', apiUrl: 'http://127.0.0.1:9' }).listAssistants(),
		);
		expect(error.message).toMatch(/could not be reached for the token request \(ECONNREFUSED\)/);
		expect(() => client({ userIdentifier: ' ' })).toThrow(/user identifier is empty/);
	});

	test("the credential's preAuthentication fetches a token for n8n to store", async () => {
		const helpers = {
			httpRequest: async (o: HttpRequest) => {
				const r = await nodeRequest(o);
				return { statusCode: r.status, headers: r.headers, body: r.body };
			},
		};
		const credential = new SevenTargetsApi();
		const out = await credential.preAuthentication.call({ helpers } as never, { ...config() });
		expect(out.accessToken).toMatch(/^[0-9a-f]{32}$/);
		expect(credential.properties.find((p) => p.name === 'accessToken')?.typeOptions).toMatchObject({
			expirable: true,
		});
	});
});
