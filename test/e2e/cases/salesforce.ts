/**
 * The Salesforce → Odoo templates in real n8n, against the fake Salesforce org of the sandbox (its names,
 * codes and ids carry the run's tag) and the Odoo of the sandbox (the fake or a real one). Each template runs
 * twice: the second run must create nothing (its change readers find nothing new, its upserts nothing to write).
 */
import { CREDENTIAL_IDS, type Sandbox } from '../../../scripts/sandbox';
import type { FakeSalesforce } from '../../fakes/salesforce';
import type { OdooRecord } from '../../../lib';
import { getPreset } from '../../../lib/mapping/presets';
import type { WorkflowNode } from '../../../scripts/n8n-runtime';
import { check, few, type E2eCase, type NodeOutputs } from '../case';
import { odoo } from '../odoo';

function fakeSalesforce(sandbox: Sandbox): FakeSalesforce {
	const fake = sandbox.salesforce.fake;
	if (!fake) throw new Error('this case needs the fake Salesforce');
	return fake;
}

/**
 * The re-run's change readers found nothing (the node's cursor, kept in the workflow's static data) and
 * whatever reached an upsert found its record unchanged: nothing new, nothing written.
 */
function nothingNew(outputs: NodeOutputs, readers: string[], upserts: string[]): void {
	for (const name of readers)
		check(
			(outputs[name] ?? []).length === 0,
			`the re-run's ${name} read again: ${few(outputs[name] ?? [])}`,
		);
	for (const name of upserts) {
		const acted = (outputs[name] ?? []).filter((i) => i.action !== 'unchanged');
		check(acted.length === 0, `the re-run's ${name} still wrote: ${few(acted)}`);
	}
}

/** Odoo's Public Pricelist (USD), the pricelist of the templates' `pricelists` table. */
const USD_PRICELIST = 1;

const id2 = (value: unknown) => (Array.isArray(value) ? value[0] : value);

async function partnersByRef(sandbox: Sandbox, refs: string[]): Promise<Map<string, OdooRecord>> {
	const records = await (
		await odoo(sandbox)
	).searchRead('res.partner', [['ref', 'in', refs]], {
		fields: [
			'ref',
			'name',
			'is_company',
			'parent_id',
			'city',
			'zip',
			'country_id',
			'state_id',
			'email',
			'function',
		],
	});
	const byRef = new Map<string, OdooRecord>();
	for (const r of records) {
		check(!byRef.has(String(r.ref)), `two Odoo partners have ref ${r.ref}`);
		byRef.set(String(r.ref), r);
	}
	return byRef;
}

const PRODUCTS = 'workflows/salesforce-products.json';
/** Family → Odoo product type, as the products template ships it (the preset's table). */
const { productFamilies: families } = getPreset('salesforce-product').spec.tables as Record<
	string,
	Record<string, string>
>;
const familyOf = (type: unknown) => Object.keys(families).find((f) => families[f] === type);

function nodeNamed(nodes: WorkflowNode[], name: string): Record<string, unknown> {
	const node = nodes.find((n) => n.name === name);
	check(node, `the workflow has no node "${name}"`);
	return node.parameters as Record<string, unknown>;
}

/** Odoo product templates by Internal Reference, archived ones too. */
async function templatesByCode(sandbox: Sandbox, codes: string[]): Promise<OdooRecord[]> {
	return (await odoo(sandbox)).searchRead(
		'product.template',
		[
			['default_code', 'in', codes],
			['active', 'in', [true, false]],
		],
		{ fields: ['default_code', 'name', 'type', 'active', 'description_sale'] },
	);
}

/** The fake's call log length before a case, so the case counts only its own calls. */
let callsBefore = 0;
let ordersBefore = 0;

async function orderCount(sandbox: Sandbox, opportunityIds: string[]): Promise<number> {
	const client = await odoo(sandbox);
	return (
		await client.searchRead('sale.order', [['client_order_ref', 'in', opportunityIds]], {
			fields: ['id'],
		})
	).length;
}

export const salesforceCases: E2eCase[] = [
	{
		name: 'salesforce accounts and contacts land as companies, delivery addresses and people; a re-run creates nothing',
		workflow: 'workflows/salesforce-accounts-contacts-to-odoo.json',
		kind: 'execute',
		runs: 2,
		async verify({ sandbox }, outputs) {
			const sf = fakeSalesforce(sandbox);
			const accounts = sf.records('Account');
			const contacts = sf.records('Contact');
			const partners = await partnersByRef(
				sandbox,
				[...accounts, ...contacts].map((r) => r.Id),
			);
			for (const account of accounts) {
				const company = partners.get(account.Id);
				check(company, `account ${account.Name} has no Odoo company`);
				check(
					company.is_company &&
						company.name === account.Name &&
						company.city === account.BillingCity &&
						company.zip === account.BillingPostalCode,
					`account ${account.Name} landed as ${JSON.stringify(company)}`,
				);
			}
			const edge = partners.get(sf.id('Account', 'edge'))!;
			check(
				(edge.state_id as unknown[] | false) &&
					(edge.state_id as [number, string])[1].startsWith('Texas'),
				`Edge's state: ${JSON.stringify(edge.state_id)}`,
			);
			const shipped = accounts.filter((a) => a.ShippingStreet);
			const deliveries = await (
				await odoo(sandbox)
			).searchRead(
				'res.partner',
				[
					['parent_id', 'in', shipped.map((a) => partners.get(a.Id)!.id)],
					['type', '=', 'delivery'],
				],
				{ fields: ['parent_id', 'street', 'zip'] },
			);
			check(
				deliveries.length === shipped.length,
				`expected ${shipped.length} delivery addresses, found ${few(deliveries)}`,
			);
			for (const account of shipped) {
				const d = deliveries.find((r) => id2(r.parent_id) === partners.get(account.Id)!.id);
				check(
					d && d.street === account.ShippingStreet && d.zip === account.ShippingPostalCode,
					`delivery address of ${account.Name}: ${JSON.stringify(d)}`,
				);
			}
			for (const contact of contacts) {
				const person = partners.get(contact.Id);
				check(person, `contact ${contact.LastName} has no Odoo person`);
				check(
					!person.is_company &&
						person.email === contact.Email &&
						person.function === contact.Title &&
						id2(person.parent_id) === partners.get(String(contact.AccountId))?.id,
					`contact ${contact.LastName} landed as ${JSON.stringify(person)}`,
				);
			}
			nothingNew(
				outputs,
				['Changed accounts', 'Changed contacts'],
				['Upsert companies', 'Upsert delivery addresses', 'Upsert people'],
			);
		},
	},
	{
		name: 'salesforce won opportunities land as confirmed orders with lines, their missing account, contact and product on the fly; a re-run imports nothing',
		workflow: 'workflows/salesforce-opportunities-to-odoo.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			// Records no other template has brought to Odoo: the opportunity must bring them itself.
			const sf = fakeSalesforce(sandbox);
			const tag = sf.tag;
			const account = sf.insert('Account', {
				Name: `Grand Hotels ${tag}`,
				BillingCity: 'Chicago',
				BillingCountry: 'United States',
				BillingState: 'Illinois',
			});
			const contact = sf.insert('Contact', {
				AccountId: account.Id,
				Salutation: 'Dr.',
				FirstName: 'Tim',
				LastName: `Barr ${tag}`,
				Email: `tim.${tag}@grandhotels.example.com`,
			});
			const product = sf.insert('Product2', {
				Name: `GenWatt Gasoline 300kW ${tag}`,
				ProductCode: `GC3020-${tag}`,
				Family: 'Hardware',
				IsActive: true,
			});
			const opportunity = sf.insert('Opportunity', {
				AccountId: account.Id,
				ContactId: contact.Id,
				Name: `Grand Hotels Generator ${tag}`,
				StageName: 'Closed Won',
				IsWon: true,
				IsClosed: true,
				CloseDate: '2026-11-20',
				CurrencyIsoCode: 'USD',
			});
			sf.insert('OpportunityLineItem', {
				OpportunityId: opportunity.Id,
				Product2Id: product.Id,
				ProductCode: product.ProductCode,
				Quantity: 4,
				UnitPrice: 35000,
				Discount: 5,
				Description: 'Gasoline generators',
				CurrencyIsoCode: 'USD',
			});
			// A second line of the same product: two order lines, not one (lines are bound by their own Id).
			sf.insert('OpportunityLineItem', {
				OpportunityId: opportunity.Id,
				Product2Id: product.Id,
				ProductCode: product.ProductCode,
				Quantity: 1,
				UnitPrice: 30000,
				Discount: 0,
				Description: 'Spare generator',
				CurrencyIsoCode: 'USD',
			});
		},
		async verify({ sandbox }, outputs) {
			const sf = fakeSalesforce(sandbox);
			const client = await odoo(sandbox);
			const opportunities = sf.records('Opportunity');
			const won = opportunities.filter((o) => o.IsWon);
			const bindings = await client.searchRead(
				'ir.model.data',
				[
					['module', '=', 'salesforce'],
					['model', '=', 'sale.order'],
					['name', 'in', opportunities.map((o) => o.Id)],
				],
				{ fields: ['name', 'res_id'] },
			);
			check(
				bindings.length === won.length && won.every((o) => bindings.some((b) => b.name === o.Id)),
				`expected one binding per won opportunity (${won.length}), found ${few(bindings)}`,
			);
			const orders = await client.searchRead(
				'sale.order',
				[['client_order_ref', 'in', opportunities.map((o) => o.Id)]],
				{
					fields: ['client_order_ref', 'origin', 'state', 'partner_id', 'order_line'],
				},
			);
			check(orders.length === won.length, `expected ${won.length} orders, found ${few(orders)}`);
			const partners = await partnersByRef(
				sandbox,
				[...sf.records('Account'), ...sf.records('Contact')].map((r) => r.Id),
			);
			const allLines = sf.records('OpportunityLineItem');
			for (const opportunity of won) {
				const order = orders.find((o) => o.client_order_ref === opportunity.Id);
				check(order, `won opportunity ${opportunity.Name} has no order`);
				const binding = bindings.find((b) => b.name === opportunity.Id)!;
				check(
					binding.res_id === order.id,
					`${opportunity.Name} is bound to order ${binding.res_id}, not ${order.id}`,
				);
				check(
					order.state === 'sale' && order.origin === opportunity.Name,
					`order of ${opportunity.Name}: ${JSON.stringify(order)}`,
				);
				check(
					id2(order.partner_id) === partners.get(String(opportunity.AccountId))?.id,
					`customer of ${opportunity.Name}: ${JSON.stringify(order.partner_id)}`,
				);
				check(
					!opportunity.ContactId || partners.has(String(opportunity.ContactId)),
					`contact of ${opportunity.Name} was not imported`,
				);
				const expected = allLines.filter((l) => l.OpportunityId === opportunity.Id);
				const lines = await client.searchRead('sale.order.line', [['order_id', '=', order.id]], {
					fields: ['product_id', 'product_uom_qty', 'price_unit', 'discount'],
				});
				check(
					lines.length === expected.length,
					`${opportunity.Name}: ${expected.length} lines expected, found ${few(lines)}`,
				);
				const products = await client.searchRead(
					'product.product',
					[['default_code', 'in', expected.map((l) => l.ProductCode)]],
					{
						fields: ['default_code'],
					},
				);
				for (const line of expected) {
					const product = products.find((p) => p.default_code === line.ProductCode);
					check(product, `product ${line.ProductCode} was not imported`);
					const found = lines.find(
						(l) =>
							id2(l.product_id) === product.id &&
							l.product_uom_qty === line.Quantity &&
							l.price_unit === line.UnitPrice &&
							l.discount === (line.Discount ?? 0),
					);
					check(
						found,
						`line ${line.ProductCode} × ${line.Quantity} of ${opportunity.Name}: not among ${few(lines)}`,
					);
				}
			}
			check(
				(outputs['Won opportunities'] ?? []).length === 0,
				`the re-run found opportunities to import again: ${few(outputs['Won opportunities'] ?? [])}`,
			);
		},
	},
	{
		name: 'salesforce won opportunity changed after its import is read again by the cursor but never imported again (bound by external id)',
		workflow: 'workflows/salesforce-opportunities-to-odoo.json',
		kind: 'execute',
		stopsEarly: true,
		async setup({ sandbox }) {
			const sf = fakeSalesforce(sandbox);
			const won = sf.records('Opportunity').filter((o) => o.IsWon);
			for (const o of won)
				sf.update('Opportunity', String(o.Id), { Description: 'Changed after import' });
			ordersBefore = await orderCount(
				sandbox,
				won.map((o) => String(o.Id)),
			);
		},
		async verify({ sandbox }, outputs) {
			const won = fakeSalesforce(sandbox)
				.records('Opportunity')
				.filter((o) => o.IsWon)
				.map((o) => String(o.Id));
			const changed = (outputs['Changed won opportunities'] ?? []).map((o) => o.Id);
			check(
				won.every((id) => changed.includes(id)),
				`the cursor did not read the changed opportunities: ${few(changed)}`,
			);
			check(
				(outputs['Won opportunities'] ?? []).length === 0,
				`imported again: ${few(outputs['Won opportunities'] ?? [])}`,
			);
			const after = await orderCount(sandbox, won);
			check(
				after === ordersBefore,
				`orders of these opportunities: ${ordersBefore} before, ${after} after`,
			);
		},
	},
	{
		name: 'salesforce price book entries land as fixed prices in the pricelist of their currency; an inactive entry removes its item; a re-run writes nothing',
		workflow: 'workflows/salesforce-pricebook-to-odoo.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			// An item the inactive entry must remove: its product and price are in Odoo from an earlier sync.
			const sf = fakeSalesforce(sandbox);
			const inactive = sf.records('PricebookEntry').find((e) => !e.IsActive)!;
			const client = await odoo(sandbox);
			const [product] = await client.create('product.product', [
				{ name: `Installation ${sf.tag}`, default_code: inactive.ProductCode },
			]);
			await client.create('product.pricelist.item', [
				{
					pricelist_id: USD_PRICELIST,
					product_id: product,
					applied_on: '0_product_variant',
					compute_price: 'fixed',
					fixed_price: 1,
				},
			]);
		},
		async verify({ sandbox }, outputs) {
			const sf = fakeSalesforce(sandbox);
			const client = await odoo(sandbox);
			const entries = sf.records('PricebookEntry');
			const codes = [...new Set(entries.map((e) => String(e.ProductCode)))];
			const items = await client.searchRead(
				'product.pricelist.item',
				[
					['pricelist_id', '=', USD_PRICELIST],
					['product_id.default_code', 'in', codes],
				],
				{ fields: ['product_id', 'fixed_price', 'compute_price'] },
			);
			const products = await client.searchRead('product.product', [['default_code', 'in', codes]], {
				fields: ['default_code'],
			});
			const itemsOf = (code: unknown) => {
				const product = products.find((p) => p.default_code === code);
				return items.filter((i) => product && id2(i.product_id) === product.id);
			};
			for (const entry of entries.filter((e) => e.CurrencyIsoCode === 'USD')) {
				const found = itemsOf(entry.ProductCode);
				if (!entry.IsActive) {
					check(
						found.length === 0,
						`the inactive entry of ${entry.ProductCode} left ${few(found)}`,
					);
					continue;
				}
				check(
					found.length === 1 &&
						found[0].fixed_price === entry.UnitPrice &&
						found[0].compute_price === 'fixed',
					`USD price of ${entry.ProductCode}: expected one item at ${entry.UnitPrice}, found ${few(found)}`,
				);
			}
			nothingNew(outputs, ['Changed price book entries'], ['Upsert pricelist items']);
		},
	},
	{
		name: 'salesforce products with Salesforce as the master land as Odoo products, Family as their type, an inactive one archived; a re-run writes nothing',
		workflow: PRODUCTS,
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			const sf = fakeSalesforce(sandbox);
			sf.insert('Product2', {
				Name: `Legacy Monitoring ${sf.tag}`,
				ProductCode: `LM100-${sf.tag}`,
				Family: 'Software',
				IsActive: false,
			});
		},
		async verify({ sandbox }, outputs) {
			const sf = fakeSalesforce(sandbox);
			const product2s = sf.records('Product2').filter((p) => p.ProductCode);
			const templates = await templatesByCode(
				sandbox,
				product2s.map((p) => String(p.ProductCode)),
			);
			for (const p of product2s) {
				const found = templates.filter((t) => t.default_code === p.ProductCode);
				check(
					found.length === 1,
					`Product2 ${p.ProductCode}: expected one Odoo product, found ${few(found)}`,
				);
				const [t] = found;
				check(
					t.name === p.Name &&
						t.type === families[String(p.Family)] &&
						t.active === p.IsActive &&
						(t.description_sale || null) === (p.Description ?? null),
					`Product2 ${p.ProductCode} (${p.Family}, active ${p.IsActive}) landed as ${JSON.stringify(t)}`,
				);
			}
			check(
				product2s.some((p) => !p.IsActive),
				'no inactive Product2 was checked',
			);
			nothingNew(outputs, ['Changed products'], ['Upsert Odoo products']);
		},
	},
	{
		name: 'salesforce products with Odoo as the master land as Product2 with a standard price per product; a changed price is updated; a re-run creates nothing',
		workflow: PRODUCTS,
		kind: 'execute',
		runs: 2,
		edit(workflow, sandbox) {
			// The user's one edit; and, for the test only, the run's own products (the real Odoo holds everyone's).
			const master = nodeNamed(workflow.nodes, 'Master side') as {
				assignments: { assignments: Array<{ value: string }> };
			};
			master.assignments.assignments[0].value = 'odoo';
			const search = nodeNamed(workflow.nodes, 'Changed Odoo products');
			search.domain = String(search.domain).replace(
				'[[',
				`[["default_code", "=like", "SFP-${sandbox.run}-%"], [`,
			);
		},
		async setup({ sandbox }) {
			const sf = fakeSalesforce(sandbox);
			const code = (n: number) => `SFP-${sandbox.run}-${n}`;
			const client = await odoo(sandbox);
			const [, turbine] = await client.create('product.template', [
				{
					name: `Turbine Service ${sandbox.run}`,
					default_code: code(1),
					type: 'service',
					list_price: 1250.5,
				},
				{
					name: `Gas Turbine ${sandbox.run}`,
					default_code: code(2),
					type: 'consu',
					list_price: 98000,
				},
				{
					name: `Old Turbine ${sandbox.run}`,
					default_code: code(3),
					type: 'consu',
					list_price: 10,
					active: false,
				},
			]);
			const [{ currency_id: currency }] = await client.read(
				'product.template',
				[turbine],
				['currency_id'],
			);
			// Sent by an earlier run at another price: its entry must be updated, not doubled.
			const sent = sf.insert('Product2', {
				Name: `Gas Turbine ${sandbox.run}`,
				ProductCode: code(2),
				External_Id__c: code(2),
				Family: 'Hardware',
				IsActive: true,
			});
			sf.insert('PricebookEntry', {
				Pricebook2Id: sf.id('Pricebook2', 'standard'),
				Product2Id: sent.Id,
				ProductCode: code(2),
				CurrencyIsoCode: (currency as [number, string])[1],
				UnitPrice: 1,
				IsActive: true,
			});
		},
		async verify({ sandbox }, outputs) {
			const sf = fakeSalesforce(sandbox);
			const codes = [1, 2, 3].map((n) => `SFP-${sandbox.run}-${n}`);
			const templates = await templatesByCode(sandbox, codes);
			const standard = sf.id('Pricebook2', 'standard');
			for (const code of codes) {
				const t = templates.find((r) => r.default_code === code);
				check(t, `Odoo product ${code} is missing`);
				const product2s = sf.records('Product2').filter((p) => p.External_Id__c === code);
				check(product2s.length === 1, `${code}: expected one Product2, found ${few(product2s)}`);
				const [p] = product2s;
				check(
					p.ProductCode === code &&
						p.Name === t.name &&
						p.Family === familyOf(t.type) &&
						p.IsActive === t.active,
					`${code} (${t.type}, active ${t.active}) landed as ${JSON.stringify(p)}`,
				);
				const entries = sf
					.records('PricebookEntry')
					.filter((e) => e.Product2Id === p.Id && e.Pricebook2Id === standard);
				const [{ list_price: price, currency_id: currency }] = await (
					await odoo(sandbox)
				).read('product.template', [t.id], ['list_price', 'currency_id']);
				const iso = (currency as [number, string])[1];
				check(
					entries.length === 1 &&
						entries[0].UnitPrice === price &&
						entries[0].CurrencyIsoCode === iso &&
						entries[0].IsActive === t.active,
					`${code}: expected one standard ${iso} price of ${price}, found ${few(entries)}`,
				);
			}
			const upserted = outputs['Upsert Product2'] ?? [];
			check(
				upserted.every((r) => r.created === false),
				`the re-run created Product2 records: ${few(upserted)}`,
			);
			check(
				!(outputs['Upsert standard prices'] ?? []).length,
				`the re-run wrote prices again: ${few(outputs['Upsert standard prices'] ?? [])}`,
			);
		},
	},
	{
		name: 'Salesforce Sync OAuth2 credential: Connect runs the authorization code flow through n8n, the node queries with the token n8n stored, an expired token is refreshed once (and kept for later executions), a revoked app fails clearly',
		workflow: 'test/e2e/workflows/pack-salesforce-oauth2.json',
		kind: 'active',
		async trigger({ sandbox, rest, postWebhook }) {
			const fake = fakeSalesforce(sandbox);
			const tokenCalls = () => fake.calls.filter((c) => c.path === '/services/oauth2/token').length;
			const query = () => postWebhook('e2e-salesforce-oauth2', {});
			// What the editor's Connect button does: n8n builds the authorize URL, the browser follows
			// Salesforce's redirect to n8n's callback, and n8n exchanges the code and stores the tokens.
			const authorize = String(
				await rest('GET', `rest/oauth2-credential/auth?id=${CREDENTIAL_IDS.salesforceOAuth2}`),
			);
			const consent = await fetch(authorize, { redirect: 'manual' });
			const callback = new URL(consent.headers.get('location') ?? 'about:blank');
			const page = String(await rest('GET', `${callback.pathname.slice(1)}${callback.search}`));
			const steps = {
				connected: tokenCalls(),
				page,
				runs: [] as Array<{ status: number; body: unknown; tokenCalls: number }>,
			};
			const run = async () => steps.runs.push({ ...(await query()), tokenCalls: tokenCalls() });
			await run();
			fake.expireTokens();
			await run();
			await run();
			fake.refuseTokens(true);
			fake.expireTokens();
			try {
				await run();
			} finally {
				fake.refuseTokens(false);
			}
			return { ...steps, authorize, secrets: [fake.clientSecret] };
		},
		verify(_ctx, triggered) {
			const { authorize, page, connected, runs, secrets } = triggered as {
				authorize: string;
				page: string;
				connected: number;
				runs: Array<{ status: number; body: unknown; tokenCalls: number }>;
				secrets: string[];
			};
			check(
				/\/services\/oauth2\/authorize\?/.test(authorize) && authorize.includes('refresh_token'),
				`n8n's authorize URL: ${authorize}`,
			);
			check(
				/Connection successful/.test(page),
				`n8n's OAuth2 callback page: ${page.slice(0, 300)}`,
			);
			const [first, expired, later, revoked] = runs;
			const account = (r: { body: unknown }) => String((r.body as { Id?: string })?.Id ?? '');
			check(
				first.status === 200 && account(first).startsWith('001'),
				`the query with n8n's token: ${JSON.stringify(first)}`,
			);
			check(first.tokenCalls === connected, 'the first query asked for another token');
			check(
				expired.status === 200 && expired.tokenCalls === connected + 1,
				`after the token expired: ${JSON.stringify(expired)} (token calls ${connected} before)`,
			);
			check(
				later.status === 200 && later.tokenCalls === expired.tokenCalls,
				`the next execution refreshed again: ${JSON.stringify(later)}`,
			);
			const text = JSON.stringify(revoked.body);
			check(revoked.status === 200 && !account(revoked), `a revoked app still answered: ${text}`);
			check(
				/refused the refresh token.*reconnect/i.test(text),
				`the error does not say what failed and what to do: ${text}`,
			);
			check(!secrets.some((s) => text.includes(s)), `the error shows a secret: ${text}`);
		},
	},
	{
		name: 'Salesforce Sync collection of 200 contacts with one bad email: one call, 199 land, the bad one comes out as an error on its own item',
		workflow: 'test/e2e/workflows/pack-salesforce-collection.json',
		kind: 'execute',
		setup({ sandbox }) {
			callsBefore = fakeSalesforce(sandbox).calls.length;
		},
		verify({ sandbox }, outputs) {
			const fake = fakeSalesforce(sandbox);
			const landed = fake
				.records('Contact')
				.filter((r) => /^Collection e2e /.test(String(r.LastName)));
			check(landed.length === 199, `${landed.length} contacts landed in Salesforce`);
			check(!landed.some((r) => r.Email === 'broken@'), 'the contact with the bad email landed');
			const sent = fake.calls.slice(callsBefore).filter((c) => c.path === '/composite/sobjects');
			check(sent.length === 1 && sent[0].records === 200, `collection calls: ${few(sent)}`);
			const out = outputs['Create contacts'] ?? [];
			check(out.length === 200, `the node put out ${out.length} items`);
			const failed = out.flatMap((item, n) => (item.success === true ? [] : [{ n, item }]));
			check(
				failed.length === 1 &&
					failed[0].n === 42 &&
					/INVALID_EMAIL_ADDRESS/.test(String(failed[0].item.error)),
				`items that did not land: ${few(failed)}`,
			);
		},
	},
];
