import { NodeApiError, type IDataObject, type INodeParameters } from 'n8n-workflow';
import { sharedTokens } from '../../lib/salesforce';
import { SalesforceSync } from '../../nodes/SalesforceSync/SalesforceSync.node';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce';
import { executeNode } from '../helpers/n8n-context';

describe('Salesforce Sync node (n8n execution context) against the fake org', () => {
	let fake: FakeSalesforce;
	const node = new SalesforceSync();
	const credential = () => ({
		salesforceSyncApi: {
			authFlow: 'clientCredentials',
			loginUrl: fake.url,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
		},
	});
	const run = (
		parameters: INodeParameters,
		input: IDataObject[] = [{}],
		extra: { continueOnFail?: boolean; staticData?: IDataObject } = {},
	) =>
		executeNode(
			{
				node,
				parameters,
				credentials: credential(),
				continueOnFail: extra.continueOnFail,
				staticData: extra.staticData,
			},
			input,
		).then(([items]) => items);
	const calls = (path: string) => fake.calls.filter((c) => c.path === path);

	beforeAll(async () => {
		fake = await startFakeSalesforce({ tag: 'node' });
	});
	afterAll(() => fake.close());
	beforeEach(() => {
		fake.calls.length = 0;
	});

	it('runs a SOQL query and outputs one item per row, without attributes', async () => {
		const items = await run({
			operation: 'query',
			soql: 'SELECT Id, Name, BillingCity FROM Account ORDER BY Name',
		});
		expect(items.map((i) => i.json.Name)).toEqual([
			'Burlington Textiles Corp of America node',
			'Dickenson plc node',
			'Edge Communications node',
			'Pyramid Construction Inc. node',
		]);
		expect(items[0].json).not.toHaveProperty('attributes');
	});

	it('gets changes since the remembered cursor: everything first, then only what changed', async () => {
		const staticData: IDataObject = {};
		const params = {
			operation: 'getChanges',
			sObject: 'Contact',
			fields: 'FirstName, LastName, Title, Account.Name',
		};
		const first = await run(params, [{}], { staticData });
		expect(first).toHaveLength(5);
		expect(first[0].json).toMatchObject({ Account: { Name: 'Edge Communications node' } });
		const none = await run(params, [{}], { staticData });
		expect(none).toHaveLength(0);
		fake.update('Contact', fake.id('Contact', 'jack'), { Title: 'COO' });
		const changed = await run(params, [{}], { staticData });
		expect(changed.map((i) => i.json.Id)).toEqual([fake.id('Contact', 'jack')]);
	});

	it('gets changes stamped at or before the cursor: written again in the same second, or committed late', async () => {
		const staticData: IDataObject = {};
		const params = { operation: 'getChanges', sObject: 'Contact', fields: 'LastName, Title' };
		await run(params, [{}], { staticData });
		const cursor = Object.values(staticData).find((v) => typeof v === 'object') as IDataObject;
		const at = String(cursor['changes:Contact']);
		// Salesforce stamps whole seconds: a second write within the cursor's second keeps its stamp.
		const last = fake.records('Contact').find((r) => r.SystemModstamp === at)!;
		fake.update('Contact', String(last.Id), { Title: 'Written twice in one second' });
		last.SystemModstamp = at;
		// A write that began before the last run and committed after it carries an older stamp.
		const late = fake.insert('Contact', { LastName: 'Committed late' });
		late.SystemModstamp = new Date(Date.parse(at) - 5_000).toISOString().replace('Z', '+0000');
		const changed = await run(params, [{}], { staticData });
		expect(changed.map((i) => i.json.Id).sort()).toEqual([last.Id, late.Id].sort());
		expect(await run(params, [{}], { staticData })).toHaveLength(0);
	});

	it('gets changes with the replication API and an extra condition', async () => {
		// One won and one open opportunity changed ten minutes ago, inside the whole minutes the API covers.
		const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
		const [won, open] = [true, false].map(
			(isWon) => fake.records('Opportunity').find((r) => r.IsWon === isWon)!,
		);
		for (const r of [won, open]) r.SystemModstamp = tenMinutesAgo;
		const items = await run({
			operation: 'getChanges',
			sObject: 'Opportunity',
			fields: 'Name, IsWon',
			condition: 'IsWon = true',
			method: 'updated',
			since: new Date(Date.now() - 3_600_000).toISOString(),
		});
		// Changes of the current minute come with the next run (latestDateCovered is a whole minute).
		expect(calls('/sobjects/Opportunity/updated/')).toHaveLength(1);
		const ids = items.map((i) => i.json.Id);
		expect(ids).toContain(won.Id);
		expect(ids).not.toContain(open.Id);
		expect(items.every((i) => i.json.IsWon === true)).toBe(true);
	});

	it('sends a collection of 200 with one bad record: 199 land, the bad one is reported on its item', async () => {
		const before = fake.records('Contact').length;
		const input = Array.from({ length: 200 }, (_, n) => ({
			LastName: `Collection ${n}`,
			Email: n === 42 ? 'broken@' : `c${n}@node.example.com`,
		}));
		const items = await run(
			{ operation: 'collection', sObject: 'Contact', collectionAction: 'create' },
			input,
			{
				continueOnFail: true,
			},
		);
		expect(calls('/composite/sobjects').map((c) => c.records)).toEqual([200]);
		expect(fake.records('Contact').length - before).toBe(199);
		expect(items).toHaveLength(200);
		expect(items[42]).toMatchObject({
			json: { kind: 'validation', field: 'Email' },
			pairedItem: { item: 42 },
		});
		expect(items[42].json.error).toMatch(/INVALID_EMAIL_ADDRESS/);
		expect(items[0].json).toMatchObject({ success: true, apiUsage: { max: 15000 } });
	});

	it('without Continue On Fail, every record is sent and the node then fails on the bad one', async () => {
		const input = Array.from({ length: 3 }, (_, n) => ({
			External_Id__c: `node-${n}`,
			Name: n === 1 ? '' : `Upserted ${n}`,
		}));
		const error = await run(
			{
				operation: 'collection',
				sObject: 'Account',
				collectionAction: 'upsert',
				externalIdField: 'External_Id__c',
			},
			input,
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
		expect(
			fake.records('Account').filter((a) => String(a.External_Id__c).startsWith('node-')),
		).toHaveLength(2);
	});

	it('gets, creates, updates, upserts and describes', async () => {
		const [created] = await run({ operation: 'create', sObject: 'Product2' }, [
			{ Name: 'Node Widget', ProductCode: 'NW-1' },
		]);
		const id = String(created.json.id);
		await run({
			operation: 'update',
			sObject: 'Product2',
			recordId: id,
			dataMode: 'json',
			recordJson: '{"Family": "Hardware"}',
		});
		const [got] = await run({
			operation: 'get',
			sObject: 'Product2',
			recordId: id,
			getFields: 'Name, Family',
		});
		expect(got.json).toMatchObject({ Name: 'Node Widget', Family: 'Hardware' });
		const [upserted] = await run(
			{
				operation: 'upsert',
				sObject: 'Product2',
				externalIdField: 'External_Id__c',
				externalIdValue: 'nw-ext',
			},
			[{ Name: 'Node Widget 2' }],
		);
		expect(upserted.json).toMatchObject({ created: true });
		const [describe] = await run({ operation: 'describe', sObject: 'Product2' });
		expect((describe.json.fields as IDataObject[]).map((f) => f.name)).toContain('Family');
	});

	it('reports API usage from Sforce-Limit-Info', async () => {
		const [usage] = await run({ operation: 'apiUsage' });
		expect(usage.json).toEqual({
			used: fake.apiUsed(),
			max: 15000,
			remaining: 15000 - fake.apiUsed(),
		});
	});

	it('logs in again once after a 401 and names a revoked credential', async () => {
		fake.expireTokens();
		await run({ operation: 'query', soql: 'SELECT Id FROM Account LIMIT 1' });
		expect(calls('/services/oauth2/token')).toHaveLength(1);
		fake.expireTokens();
		fake.refuseTokens(true);
		try {
			const error = await run({ operation: 'query', soql: 'SELECT Id FROM Account' }).catch(
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error as Error).message).toMatch(/Salesforce refused the client credentials/);
			expect((error as Error).message).not.toContain(fake.clientSecret);
		} finally {
			fake.refuseTokens(false);
			sharedTokens.clear();
		}
	});

	it('tests the credential by logging in', async () => {
		const test = node.methods.credentialTest.salesforceSyncApiTest;
		const ok = await test.call({} as never, {
			id: 'c',
			name: 'c',
			type: 'salesforceSyncApi',
			data: credential().salesforceSyncApi,
		});
		expect(ok).toMatchObject({ status: 'OK', message: expect.stringContaining(fake.url) });
		const bad = await test.call({} as never, {
			id: 'c',
			name: 'c',
			type: 'salesforceSyncApi',
			data: { ...credential().salesforceSyncApi, clientSecret: 'wrong' },
		});
		expect(bad).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/invalid_client/),
		});
	});
});
