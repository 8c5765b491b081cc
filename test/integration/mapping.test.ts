import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeParameters,
} from 'n8n-workflow';
import { createMapper, presetSpec } from '../../lib/mapping';
import { OdooClient } from '../../lib/odoo';
import { createRelationResolver } from '../../lib/sync/relations';
import { OdooMapper } from '../../nodes/OdooMapper/OdooMapper.node';
import { ADMIN, FakeOdoo, fakeCredentials, startFakeOdoo } from '../fakes/odoo';
import { executeNode } from '../helpers/n8n-context';
import { PNG_1x1, startFileServer } from '../unit/mapping/helpers';

let odoo: FakeOdoo;
let files: Awaited<ReturnType<typeof startFileServer>>;
const node = new OdooMapper();
const credentials = () => fakeCredentials(odoo, { readOnly: false });
const run = (parameters: INodeParameters, input: IDataObject[], continueOnFail = false) =>
	executeNode({ node, parameters, credentials: credentials(), continueOnFail }, input).then(
		(o) => o[0],
	);

beforeAll(async () => {
	[odoo, files] = await Promise.all([
		startFakeOdoo({ version: '16.0', seed: 'demo' }),
		startFileServer({
			'/chair.png': { type: 'image/png', body: PNG_1x1 },
			'/page': { type: 'text/html', body: '<html></html>' },
		}),
	]);
	// Bind two demo companies to Salesforce accounts, as the account import would.
	odoo.env.write('res.partner', [9], { ref: '001WOODCORNER' });
	odoo.env.write('res.partner', [10], { ref: '001DECOADDICT' });
});
afterAll(() => Promise.all([odoo.close(), files.close()]));
beforeEach(() => odoo.resetCalls());

/** 60 Salesforce contacts spread over two accounts and two countries. */
const contacts = Array.from({ length: 60 }, (_, i) => ({
	Id: `003C${i}`,
	FirstName: `First${i}`,
	LastName: `Last${i}`,
	AccountId: i % 2 ? '001WOODCORNER' : '001DECOADDICT',
	MailingCountry: i % 3 ? 'United States' : 'Belgium',
}));

const country = (name: string) => odoo.env.search('res.country', [['name', '=', name]])[0];

describe('many2one bulk resolution against Odoo', () => {
	test('60 contacts resolve their accounts and countries with one search_read per relation', async () => {
		const client = await OdooClient.connect({
			url: odoo.url,
			db: odoo.db,
			username: ADMIN.login,
			password: ADMIN.password,
			protocol: 'jsonrpc',
		});
		odoo.resetCalls();
		const results = await createMapper(presetSpec('salesforce-contact'), {
			resolver: createRelationResolver(client),
		}).map(contacts);
		expect(odoo.count({ method: 'search_read' })).toBe(2);
		expect(results.every((r) => r.status === 'mapped')).toBe(true);
		const first = results[0].status === 'mapped' ? results[0].values : {};
		expect(first).toEqual({
			ref: '003C0',
			name: 'First0 Last0',
			is_company: false,
			parent_id: 10,
			country_id: country('Belgium'),
		});
	});

	test('the node resolves the whole input in bulk and pairs every output with its item', async () => {
		const out = await run(
			{
				operation: 'map',
				mappingSource: 'preset',
				preset: 'salesforce-contact',
				direction: 'forward',
				tablesInput: 'none',
				useOdoo: true,
			},
			contacts,
		);
		expect(out).toHaveLength(60);
		expect(out.map((o) => o.pairedItem)).toEqual(contacts.map((_, i) => ({ item: i })));
		expect(out[1].json).toEqual({
			ref: '003C1',
			name: 'First1 Last1',
			is_company: false,
			parent_id: 9,
			country_id: country('United States'),
		});
		expect(odoo.count({ method: 'search_read' })).toBe(2);
	});

	test('with Continue On Fail, an unresolved account fails only its own item', async () => {
		const input = [contacts[0], { ...contacts[1], AccountId: '001UNKNOWN' }, contacts[2]];
		const out = await run(
			{
				operation: 'map',
				mappingSource: 'preset',
				preset: 'salesforce-contact',
				useOdoo: true,
				options: { includeMetadata: true },
			},
			input,
			true,
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].json).toEqual({
			error: 'Field "parent_id" (from "AccountId"): no res.partner has ref "001UNKNOWN"',
			kind: null,
			field: 'parent_id',
		});
		expect(out[2].json._mapping).toEqual({
			set: ['ref', 'name', 'is_company', 'parent_id', 'country_id'],
			skipped: [
				'email',
				'phone',
				'mobile',
				'function',
				'title',
				'street',
				'zip',
				'city',
				'state_id',
			],
			defaulted: [],
			model: 'res.partner',
			key: ['ref'],
			irreversible: [],
		});
	});

	test('without Continue On Fail, the node error names the item, field and cause', async () => {
		const input = [contacts[0], { ...contacts[1], AccountId: '001UNKNOWN' }];
		const error = await run(
			{ operation: 'map', mappingSource: 'preset', preset: 'salesforce-contact', useOdoo: true },
			input,
		).catch((e: NodeOperationError) => e);
		// n8n shows the item index from the context, so the message does not repeat it.
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Field "parent_id" (from "AccountId"): no res.partner has ref "001UNKNOWN"',
		);
		expect(error.context.itemIndex).toBe(1);
	});
});

describe('the mapper node', () => {
	const catalog = {
		title: 'Office Chair Pro',
		ean: '4006381333931',
		price: '1.299,50',
		brand_name: 'Acme',
		category: 'Seating',
		image_url: '',
	};

	test('a missing custom field stops the run with how to create it', async () => {
		await expect(
			run(
				{
					operation: 'map',
					mappingSource: 'preset',
					preset: 'catalog-product',
					tablesInput: 'json',
					tablesJson: '{"categories": {"Seating": 8}}',
					useOdoo: true,
				},
				[catalog],
			),
		).rejects.toThrow(
			'Custom field "x_brand" does not exist on product.template. Create it in Settings › Technical › Database Structure › Fields (developer mode) or with Studio: model product.template, field name x_brand, type Char.',
		);
	});

	test('a JSON mapping with table rows, image download and the source kept', async () => {
		const mapping = {
			source: 'catalog',
			target: 'odoo',
			model: 'product.template',
			fields: [
				{ from: 'title', to: 'name', type: 'direct', required: true },
				{
					from: 'price',
					to: 'list_price',
					type: 'transform',
					transform: 'money',
					decimalSeparator: ',',
				},
				{
					from: 'category',
					to: 'categ_id',
					type: 'transform',
					transform: 'lookup',
					table: 'categories',
				},
				{ from: 'image_url', to: 'image_1920', type: 'transform', transform: 'image' },
			],
		};
		const parameters = {
			operation: 'map',
			mappingSource: 'json',
			mappingJson: JSON.stringify(mapping),
			tablesInput: 'rows',
			tableRows: { row: [{ table: 'categories', key: 'Seating', value: '8' }] },
			options: { keepSource: true },
		};
		const input = [
			{ ...catalog, image_url: `${files.base}/chair.png` },
			{ ...catalog, image_url: `${files.base}/page` },
		];
		const out = await run(parameters, input, true);
		expect(out[0].json).toEqual({
			name: 'Office Chair Pro',
			list_price: 1299.5,
			categ_id: 8,
			image_1920: PNG_1x1.toString('base64'),
			_source: input[0],
		});
		expect(out[1].json.error).toBe(
			`Field "image_1920" (from "image_url"): ${files.base}/page is not an image (content type text/html)`,
		);
		expect(odoo.count()).toBe(0);
	});

	test('an invalid mapping is rejected before any item, with the path of the problem', async () => {
		const mapping = {
			source: 'a',
			target: 'b',
			fields: [{ from: 'p', to: 'q', type: 'transform', transform: 'numbr' }],
		};
		await expect(
			run({ operation: 'map', mappingSource: 'json', mappingJson: JSON.stringify(mapping) }, [
				{ p: 1 },
			]),
		).rejects.toThrow('Invalid mapping: fields[0].transform: unknown transform "numbr"');
	});

	test('a mapping and options given by an expression are honoured per item', async () => {
		const mapping = (to: string) =>
			JSON.stringify({ source: 'a', target: 'b', fields: [{ from: 'p', to, type: 'direct' }] });
		const input = [
			{ p: 1, mapping: mapping('x'), keep: false },
			{ p: 2, mapping: mapping('y'), keep: true },
		];
		const out = await run(
			{
				operation: 'map',
				mappingSource: 'json',
				mappingJson: '={{ $json.mapping }}',
				options: { keepSource: '={{ $json.keep }}' },
			},
			input,
		);
		expect(out.map((o) => o.json)).toEqual([{ x: 1 }, { y: 2, _source: input[1] }]);
	});

	test('an Odoo failure reaches n8n as a NodeApiError that keeps its kind', async () => {
		const wrong = { odooSyncApi: { ...credentials().odooSyncApi, password: 'wrong-password' } };
		const parameters = {
			operation: 'map',
			mappingSource: 'preset',
			preset: 'salesforce-contact',
			useOdoo: true,
		};
		const error = await executeNode({ node, parameters, credentials: wrong }, [contacts[0]]).catch(
			(e: NodeApiError) => e,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.errorResponse).toMatchObject({ kind: 'auth' });
	});

	test('reversed, the 7Targets preset turns vendor states into Odoo stage ids', async () => {
		const stage = (name: string) => odoo.env.search('crm.stage', [['name', '=', name]])[0];
		const out = await run(
			{
				operation: 'map',
				mappingSource: 'preset',
				preset: 'seventargets-lead',
				direction: 'reverse',
				useOdoo: true,
			},
			[
				{ email: 'md@oilcompany.fr', name: 'Marc', lastName: 'Dufour', state: 'DeActivated' },
				{ email: 'contact@thekompany.example.com', name: 'John', lastName: 'Miller', state: 'hot' },
			],
		);
		expect(out.map((o) => o.json.stage_id)).toEqual([stage('New'), stage('Proposition')]);
		expect(odoo.count({ method: 'search_read' })).toBe(1);
	});

	test('Qobra column types from a fields_get item', async () => {
		const out = await run({ operation: 'qobraTypes' }, [
			{
				fields: {
					amount_total: { type: 'monetary', string: 'Total' },
					user_id: { type: 'many2one', string: 'Salesperson', relation: 'res.users' },
				},
			},
		]);
		expect(out[0].json).toEqual({
			columns: [
				{
					field: 'amount_total',
					label: 'Total',
					odooType: 'monetary',
					type: 'amount',
					alternatives: [],
				},
				{
					field: 'user_id',
					label: 'Salesperson',
					odooType: 'user',
					type: 'user',
					alternatives: [],
				},
			],
			unsupported: [],
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});
});
