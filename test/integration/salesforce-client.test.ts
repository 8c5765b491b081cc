import { nodeRequest } from '../../lib/http';
import {
	exchangeAuthorizationCode,
	SalesforceClient,
	SalesforceError,
	sharedTokens,
	type SalesforceAuth,
} from '../../lib/salesforce';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce';

describe('Salesforce client against the fake org', () => {
	let fake: FakeSalesforce;
	const auth = (extra: Partial<SalesforceAuth> = {}): SalesforceAuth => ({
		flow: 'clientCredentials',
		loginUrl: fake.url,
		clientId: fake.clientId,
		clientSecret: fake.clientSecret,
		...extra,
	});
	const client = (extra: Partial<SalesforceAuth> = {}) =>
		new SalesforceClient({ auth: auth(extra), request: nodeRequest });
	/** The authorization code flow's exchange, as after the browser's redirect. */
	const connect = () =>
		exchangeAuthorizationCode(nodeRequest, {
			loginUrl: fake.url,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
			code: fake.authorizationCode(),
			redirectUri: fake.redirectUri,
		});
	const apiCalls = (path: string) => fake.calls.filter((c) => c.path === path);

	beforeAll(async () => {
		fake = await startFakeSalesforce({ tag: 'jest', pageSize: 3 });
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
		sharedTokens.clear();
	});

	it('follows nextRecordsUrl across pages and reports api usage', async () => {
		const sf = client();
		const contacts = await sf.query(
			'SELECT Id, LastName, Account.Name FROM Contact ORDER BY LastName',
		);
		expect(contacts).toHaveLength(5);
		expect(apiCalls('/query')).toHaveLength(1);
		expect(fake.calls.filter((c) => c.path.startsWith('/query/'))).toHaveLength(1);
		expect(contacts[0]).toMatchObject({
			LastName: 'Forbes jest',
			Account: { Name: 'Edge Communications jest' },
		});
		expect(sf.usage).toEqual({ used: fake.apiUsed(), max: 15000 });
	});

	it('filters with WHERE, IN and datetimes, and stops at limit', async () => {
		const sf = client();
		const won = await sf.query(
			'SELECT Id, Name FROM Opportunity WHERE IsWon = true AND CloseDate >= 2026-01-01',
		);
		expect(won.map((o) => o.Name)).toEqual(['Edge Emergency Generator jest', 'Pyramid SLA jest']);
		const some = await sf.query('SELECT Id FROM Account', { limit: 2 });
		expect(some).toHaveLength(2);
	});

	it('lists changes since a cursor by SystemModstamp and by getUpdated / getDeleted', async () => {
		const sf = client();
		const since = new Date(Date.now() - 1000).toISOString();
		const account = fake.insert('Account', { Name: 'Fresh jest' });
		const changed = await sf.query(
			`SELECT Id, Name FROM Account WHERE SystemModstamp > ${since.replace(/\.\d+Z$/, 'Z')}`,
		);
		expect(changed.map((a) => a.Id)).toContain(account.Id);
		// Salesforce covers whole minutes that have passed: date the change a minute and a half back.
		account.SystemModstamp = new Date(Date.now() - 90_000).toISOString().replace('Z', '+0000');
		const updated = await sf.updated('Account', new Date(Date.now() - 120_000).toISOString());
		expect(updated.ids).toContain(account.Id);
		expect(updated.latestDateCovered).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+0000$/);
		fake.remove('Account', account.Id);
		const deleted = await sf.deleted(
			'Account',
			new Date(Date.now() - 120_000).toISOString(),
			new Date(Date.now() + 60_000).toISOString(),
		);
		expect(deleted.deletedRecords.map((d) => d.id)).toEqual([account.Id]);
	});

	it('gets, creates, updates and upserts by external id', async () => {
		const sf = client();
		const { id } = await sf.create('Account', { Name: 'Created jest', External_Id__c: 'odoo-1' });
		await sf.update('Account', id, { Phone: '+1 555 0100' });
		expect(await sf.get('Account', id, ['Name', 'Phone'])).toMatchObject({
			Name: 'Created jest',
			Phone: '+1 555 0100',
		});
		expect(
			await sf.upsert('Account', 'External_Id__c', 'odoo-1', { Phone: '+1 555 0101' }),
		).toEqual({ id, success: true, created: false });
		const created = await sf.upsert('Account', 'External_Id__c', 'odoo-2', {
			Name: 'Upserted jest',
		});
		expect(created.created).toBe(true);
		const describe = await sf.describe('Account');
		expect(
			(describe.fields as Array<{ name: string; externalId: boolean }>).find((f) => f.externalId)
				?.name,
		).toBe('External_Id__c');
	});

	it('names the error of a refused record and of a missing one', async () => {
		const sf = client();
		await expect(sf.create('Contact', { FirstName: 'No last name' })).rejects.toMatchObject({
			kind: 'validation',
			code: 'REQUIRED_FIELD_MISSING',
			field: 'LastName',
		});
		await expect(sf.get('Account', '001000000000000AAA')).rejects.toMatchObject({
			kind: 'notFound',
		});
	});

	it('splits a collection in calls of 200 and reports each record: 249 land, one bad one is reported', async () => {
		const sf = client();
		const records = Array.from({ length: 250 }, (_, n) => ({
			LastName: `Bulk ${n} jest`,
			Email: n === 137 ? 'not-an-email' : `bulk${n}@jest.example.com`,
		}));
		const results = await sf.collection('create', 'Contact', records);
		const posts = fake.calls.filter((c) => c.path === '/composite/sobjects');
		expect(posts.map((c) => c.records)).toEqual([200, 50]);
		expect(results.filter((r) => r.success)).toHaveLength(249);
		expect(results[137]).toMatchObject({
			success: false,
			error: { code: 'INVALID_EMAIL_ADDRESS', field: 'Email' },
		});
		expect(results[137].error).toBeInstanceOf(SalesforceError);
	});

	it('rolls back a call of the collection with allOrNone', async () => {
		const sf = client();
		const before = fake.records('Contact').length;
		const results = await sf.collection(
			'create',
			'Contact',
			[{ LastName: 'Kept? jest' }, { LastName: '' }],
			{ allOrNone: true },
		);
		expect(results.map((r) => r.success)).toEqual([false, false]);
		expect(results[0].error?.code).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
		expect(fake.records('Contact')).toHaveLength(before);
	});

	it('upserts a collection by external id: created, then matched', async () => {
		const sf = client();
		const records = [
			{ External_Id__c: 'p-1', Name: 'P1 jest' },
			{ External_Id__c: 'p-2', Name: 'P2 jest' },
		];
		const first = await sf.collection('upsert', 'Product2', records, {
			externalIdField: 'External_Id__c',
		});
		expect(first.map((r) => r.created)).toEqual([true, true]);
		const again = await sf.collection('upsert', 'Product2', records, {
			externalIdField: 'External_Id__c',
		});
		expect(again.map((r) => r.created)).toEqual([false, false]);
	});

	it('refreshes the token once on 401, then fails clearly', async () => {
		const sf = client();
		await sf.query('SELECT Id FROM Account LIMIT 1');
		expect(sf.tokenRequests).toBe(1);
		fake.expireTokens();
		await sf.query('SELECT Id FROM Account LIMIT 1');
		expect(sf.tokenRequests).toBe(2);
		fake.expireTokens();
		fake.refuseTokens(true);
		try {
			await expect(sf.query('SELECT Id FROM Account LIMIT 1')).rejects.toMatchObject({
				kind: 'auth',
				message: expect.stringMatching(/refused the client credentials \(invalid_grant/),
			});
		} finally {
			fake.refuseTokens(false);
		}
	});

	it('fails clearly when the new token is refused too', async () => {
		const sf = client();
		await sf.query('SELECT Id FROM Account LIMIT 1');
		// Every token is dropped as soon as it is issued: the one retry gets 401 again.
		const request: typeof nodeRequest = async (r) => {
			const res = await nodeRequest(r);
			if (r.url.endsWith('/services/oauth2/token')) fake.expireTokens();
			return res;
		};
		fake.expireTokens();
		const flaky = new SalesforceClient({ auth: auth(), request });
		await expect(flaky.query('SELECT Id FROM Account')).rejects.toMatchObject({
			kind: 'auth',
			message: expect.stringMatching(/401 after one refresh/),
		});
		expect(flaky.tokenRequests).toBe(2);
	});

	it('exchanges an authorization code, and refreshes with the refresh token', async () => {
		const token = await connect();
		expect(token.refreshToken).toBeTruthy();
		const sf = client({
			flow: 'accessToken',
			accessToken: token.accessToken,
			instanceUrl: token.instanceUrl,
			refreshToken: token.refreshToken,
		});
		await sf.query('SELECT Id FROM Account LIMIT 1');
		expect(sf.tokenRequests).toBe(0);
		fake.expireTokens();
		await sf.query('SELECT Id FROM Account LIMIT 1');
		expect(sf.tokenRequests).toBe(1);
		const stored = client({ flow: 'refreshToken', refreshToken: fake.refreshToken });
		expect(await stored.query('SELECT Id FROM Account LIMIT 1')).toHaveLength(1);
	});

	it('logs in with the legacy username + password + security token, and names a wrong password', async () => {
		const legacy = client({
			flow: 'password',
			username: fake.username,
			password: fake.password,
			securityToken: fake.securityToken,
		});
		expect(await legacy.query('SELECT Id FROM Account LIMIT 1')).toHaveLength(1);
		const wrong = client({
			flow: 'password',
			username: fake.username,
			password: 'wrong',
			securityToken: fake.securityToken,
		});
		const error = await wrong.query('SELECT Id FROM Account').catch((e: Error) => e);
		expect(error).toMatchObject({
			kind: 'auth',
			message: expect.stringMatching(/authentication failure.*security token/),
		});
		expect(error.message).not.toContain(fake.password);
	});

	it('puts a token refreshed for an expired OAuth2 access token before the expired one n8n keeps giving', async () => {
		const token = await connect();
		const stored = {
			flow: 'accessToken' as const,
			accessToken: token.accessToken,
			instanceUrl: token.instanceUrl,
			refreshToken: token.refreshToken,
		};
		const execution = () =>
			new SalesforceClient({ auth: auth(stored), request: nodeRequest, shareTokens: true });
		fake.expireTokens();
		const before = fake.calls.filter((c) => c.path === '/services/oauth2/token').length;
		for (let i = 0; i < 3; i++) await execution().query('SELECT Id FROM Account LIMIT 1');
		expect(fake.calls.filter((c) => c.path === '/services/oauth2/token').length - before).toBe(1);
		expect(fake.calls.filter((c) => c.status === 401)).toHaveLength(1);
	});

	it('shares a token across clients of the same credential', async () => {
		const shared = () =>
			new SalesforceClient({ auth: auth(), request: nodeRequest, shareTokens: true });
		await shared().query('SELECT Id FROM Account LIMIT 1');
		await shared().query('SELECT Id FROM Account LIMIT 1');
		expect(fake.calls.filter((c) => c.path === '/services/oauth2/token')).toHaveLength(1);
	});
});
