import { NodeApiError, NodeOperationError, type INodeParameters } from 'n8n-workflow';
import { SevenTargets } from '../../nodes/SevenTargets/SevenTargets.node';
import { credentialFor, startFakeSevenTargets, type FakeSevenTargets } from '../fakes/seventargets';
import { firstOutputOf } from '../helpers/n8n-context';

describe('7Targets node (n8n execution context) against the fake', () => {
	let fake: FakeSevenTargets;
	const run = firstOutputOf(
		new SevenTargets(),
		(extra: { continueOnFail?: boolean; clientSecret?: string }) => ({
			sevenTargetsApi: {
				...credentialFor(fake),
				clientSecret: extra.clientSecret ?? fake.clientSecret,
			},
		}),
	);
	const assign = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'lead',
		operation: 'assign',
		email: '={{ $json.email }}',
		name: '={{ $json.name }}',
		assistantEmail: fake.assistants[0].emailid,
		sequence: '={{ $json.sequence }}',
		additionalFields: { externalId: '={{ $json.id }}', context: 'From Odoo' },
		...extra,
	});

	beforeAll(async () => {
		fake = await startFakeSevenTargets();
	});
	afterAll(() => fake.close());
	beforeEach(() => fake.reset());

	test('a 200-item assign uses one token, sends each lead once and pairs the outputs', async () => {
		const input = Array.from({ length: 200 }, (_, n) => ({
			id: n + 1,
			email: `lead${n}@example.com`,
			name: `Lead ${n}`,
			sequence: n % 2 ? 'Proposal follow-up' : '',
		}));
		const out = await run(assign(), input);
		expect(fake.tokensIssued()).toBe(1);
		expect(fake.calls.filter((c) => c.method === 'POST' && c.path === '/leads')).toHaveLength(200);
		expect(out).toHaveLength(200);
		expect(out[1].json).toMatchObject({ email: 'lead1@example.com', scheduleId: 12, crm: 'ODOO' });
		expect(out[0].json).toMatchObject({
			scheduleName: 'Default',
			externalId: 1,
			context: 'From Odoo',
		});
		expect(out.every((o, i) => (o.pairedItem as { item: number }).item === i)).toBe(true);
		// The next run of the process reuses the token.
		await run({ resource: 'assistant', operation: 'list' });
		expect(fake.tokensIssued()).toBe(1);
	});

	test('update and stop follow-up by email; a numeric sequence is an id, a state is spelt as documented', async () => {
		await run(assign(), [{ id: 1, email: 'ana@example.com', name: 'Ana' }]);
		const [updated] = await run({
			resource: 'lead',
			operation: 'update',
			email: 'ana@example.com',
			sequence: '12',
			additionalFields: { phone: '+34 600 000 000', state: 'out of office' },
		});
		expect(updated.json).toMatchObject({
			scheduleId: 12,
			phone: '+34 600 000 000',
			state: 'Out of office',
		});
		const [stopped] = await run({
			resource: 'lead',
			operation: 'stopFollowup',
			email: 'ana@example.com',
		});
		expect(stopped.json.nextScheduleTime).toBeNull();
	});

	test('an email already assigned fails that item alone under Continue On Fail', async () => {
		const out = await run(
			assign(),
			[
				{ id: 1, email: 'dup@example.com', name: 'A' },
				{ id: 2, email: 'dup@example.com', name: 'B' },
				{ id: 3, email: 'other@example.com', name: 'C' },
			],
			{ continueOnFail: true },
		);
		expect(out.map((o) => o.json.kind ?? o.json.email)).toContain('duplicate');
		expect(out.filter((o) => o.json.error)).toHaveLength(1);
		expect(String(out.find((o) => o.json.error)?.json.error)).toMatch(/already assigned/);
		expect(fake.leads.map((l) => l.email).sort()).toEqual(['dup@example.com', 'other@example.com']);
	});

	test('a bad client secret is a NodeApiError in its own words; an empty email an input error', async () => {
		const error = await run({ resource: 'assistant', operation: 'list' }, [{}], {
			clientSecret: 'not-the-secret',
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toMatch(/refused the client id or secret/);
		const input = await run(assign(), [{ id: 1, email: '', name: 'X' }]).catch((e: unknown) => e);
		expect(input).toBeInstanceOf(NodeOperationError);
		expect((input as Error).message).toMatch(/Email is empty/);
	});

	test('assistants: all, limited, searched', async () => {
		expect(await run({ resource: 'assistant', operation: 'list' })).toHaveLength(2);
		expect(
			await run({ resource: 'assistant', operation: 'list', returnAll: false, limit: 1 }),
		).toHaveLength(1);
		const [ben] = await run({ resource: 'assistant', operation: 'list', search: 'Ben' });
		expect(ben.json).toMatchObject({ id: 102, emailid: 'ben@assistant.7targets.test' });
	});
});
