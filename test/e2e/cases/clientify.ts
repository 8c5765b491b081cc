/**
 * The Clientify ⇄ Odoo templates in real n8n, against the fake Clientify and the Odoo of the
 * sandbox (the fake or a real one). Cases run in this order and build on each other the way a
 * user would run the templates: companies first, then contacts (linked to those companies),
 * products, orders, and last the webhook flow back into Odoo.
 *
 * A real Odoo is shared with other runs, which add and delete records while a case runs: expected
 * values are read from Odoo, records a case makes carry the run's tag, and each case reads its
 * records in setup and again in verify (see `reread`).
 */
import type { Sandbox } from '../../../scripts/sandbox';
import type { FakeCall, FakeClientify, FakeRecord } from '../../fakes/clientify';
import type { Domain, OdooRecord } from '../../../lib';
import { check, few, type E2eCase } from '../case';
import { DEMO_ADDITIONS } from '../../fakes/odoo/seed';
import { odoo, onFake, searchRead } from '../odoo';

/** The demo companies the sandbox gives a Reference (VAT); the others have none and must stay out of Clientify. */
const COMPANIES_WITH_REF = Object.keys(DEMO_ADDITIONS['res.partner']).length;
const OFFICE_LAMP_BARCODE = DEMO_ADDITIONS['product.product'][6].barcode;

function fakeClientify(sandbox: Sandbox): FakeClientify {
	const fake = sandbox.clientify.fake;
	if (!fake) throw new Error('this case needs the fake Clientify');
	return fake;
}

interface Query {
	model: string;
	domain: Domain;
	fields: string[];
}
const COMPANIES: Query = {
	model: 'res.partner',
	domain: [
		['is_company', '=', true],
		['ref', '!=', false],
	],
	fields: ['ref', 'name', 'display_name', 'phone', 'city', 'zip', 'country_id'],
};
const PRODUCTS: Query = {
	model: 'product.template',
	domain: [
		['sale_ok', '=', true],
		['default_code', '!=', false],
	],
	fields: ['default_code', 'name', 'list_price'],
};
const PEOPLE: Query = {
	model: 'res.partner',
	domain: [
		['is_company', '=', false],
		['email', '!=', false],
	],
	fields: ['name', 'email', 'phone', 'parent_id'],
};
const ORDERS: Query = {
	model: 'sale.order',
	domain: [['state', 'in', ['sale', 'done']]],
	fields: ['name', 'partner_id', 'currency_id'],
};

/** Per case: the Clientify requests before its setup, and what its query found in Odoo then. */
const marks = new Map<string, { calls: number; before: OdooRecord[] }>();
async function mark(sandbox: Sandbox, name: string, query?: Query): Promise<void> {
	const before = query ? await searchRead(sandbox, query.model, query.domain, query.fields) : [];
	marks.set(name, { calls: fakeClientify(sandbox).calls.length, before });
	sandbox.odoo.fake?.resetCalls();
}
const markOf = (name: string) => marks.get(name) ?? { calls: 0, before: [] };
function callsSince(sandbox: Sandbox, name: string, method: string, path: string): FakeCall[] {
	return fakeClientify(sandbox)
		.calls.slice(markOf(name).calls)
		.filter((c) => c.method === method && c.path === path);
}

/**
 * The case's query again, after the runs. Records found both times must have been sent; a
 * Clientify record may carry the `key` of a record found either time (another run may have
 * added or deleted it meanwhile).
 */
async function reread(
	sandbox: Sandbox,
	name: string,
	query: Query,
	key: string,
): Promise<{ settled: OdooRecord[]; keys: Set<string> }> {
	const { before } = markOf(name);
	const now = await searchRead(sandbox, query.model, query.domain, query.fields);
	const existed = new Set(before.map((r) => r.id));
	return {
		settled: now.filter((r) => existed.has(r.id)),
		keys: new Set([...before, ...now].map((r) => String(r[key]).toLowerCase())),
	};
}

/** A sale order of the run, confirmed: the orders template sends it. */
async function confirmedOrder(sandbox: Sandbox, ref: string): Promise<OdooRecord> {
	const client = await odoo(sandbox);
	const [customer] = await client.searchRead('sale.order', [['state', '=', 'sale']], {
		fields: ['partner_id'],
		limit: 1,
	});
	const [id] = await client.create('sale.order', [
		{ partner_id: many2oneId(customer.partner_id), client_order_ref: ref },
	]);
	await client.create('sale.order.line', [
		{ order_id: id, product_id: 6, name: 'Office Lamp', product_uom_qty: 2, price_unit: 40 },
	]);
	await client.call('sale.order', 'action_confirm', [[id]]);
	return (await client.read('sale.order', [id], ['name']))[0];
}

const webhookCompany = (run: string) => ({
	id: 9001,
	name: 'E2E Webhook Co',
	business_name: 'E2E Webhook Co SL',
	taxpayer_identification_number: `E2E-WH-${run}`,
	phones: [{ phone: '+34 910 000 002', type: 1 }],
	addresses: [{ street: 'Calle Mayor 1', city: 'Madrid', postal_code: '28013', country: 'Spain' }],
});
/** A person that setup puts in Odoo, changed in Clientify: the webhook must update it, not add one. */
const webhookContact = (run: string) => ({
	id: 9002,
	first_name: 'E2E',
	last_name: `Webhook ${run}`,
	emails: [{ email: `e2e-webhook-${run}@example.com`, type: 1 }],
	phones: [{ phone: '+34 600 111 222', type: 1 }],
});
/** One new product and one that setup puts in Odoo, with a new price. */
const webhookProducts = (run: string) => [
	{ id: 9004, sku: `E2E-WH-${run}`, name: 'E2E Webhook Desk', price: '199.90' },
	{ id: 9005, sku: `E2E-WH-OLD-${run}`, name: 'E2E Webhook Chair', price: '75.00' },
];
const webhookPersonIds = new Map<string, number>();

async function until(
	condition: () => boolean | Promise<boolean>,
	what: string,
	timeoutMs = 60_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const many2oneId = (value: unknown) => (Array.isArray(value) ? (value[0] as number) : undefined);
const many2oneName = (value: unknown) => (Array.isArray(value) ? value[1] : undefined);
/** The first entry's field, or false when there is none, as Odoo reads an empty value. */
const first = (list: unknown, field: string) =>
	(Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined)?.[field] : undefined) ??
	false;

function expectOne(records: FakeRecord[] | undefined, what: string): FakeRecord {
	check(records?.length === 1, `expected 1 Clientify ${what}, found ${records?.length ?? 0}`);
	return records[0];
}

function groupBy<T>(items: T[], keys: (item: T) => unknown[]): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items)
		for (const key of new Set(keys(item).map((k) => String(k).toLowerCase())))
			groups.set(key, [...(groups.get(key) ?? []), item]);
	return groups;
}

/** Asserts that the case's two runs created each Clientify record once (`creates` POSTs in all) and updated none. */
function checkNoRewrite(sandbox: Sandbox, name: string, path: string, creates: number): void {
	const posts = callsSince(sandbox, name, 'POST', path).length;
	const updates = fakeClientify(sandbox)
		.calls.slice(markOf(name).calls)
		.filter((c) => (c.method === 'PATCH' || c.method === 'PUT') && c.path.startsWith(path)).length;
	check(
		posts === creates && updates === 0,
		`two runs made ${posts} POST ${path} (expected ${creates}) and ${updates} update(s) (expected 0)`,
	);
}

export const clientifyCases: E2eCase[] = [
	{
		name: 'companies template creates one Clientify company per Odoo company with a ref, and a re-run writes nothing',
		workflow: 'workflows/odoo-to-clientify-companies.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			await mark(sandbox, 'companies', COMPANIES);
		},
		async verify(ctx) {
			const { sandbox } = ctx;
			const clientify = fakeClientify(sandbox);
			const { settled: expected, keys: refs } = await reread(
				sandbox,
				'companies',
				COMPANIES,
				'ref',
			);
			check(
				expected.length >= COMPANIES_WITH_REF,
				`expected at least ${COMPANIES_WITH_REF} Odoo companies with a ref, found ${expected.length}`,
			);
			const byTaxId = groupBy(clientify.store.companies, (c) => [c.taxpayer_identification_number]);
			for (const company of expected) {
				const found = expectOne(
					byTaxId.get(String(company.ref).toLowerCase()),
					`company with taxpayer id ${company.ref}`,
				);
				check(
					found.name === company.display_name &&
						found.business_name === company.name &&
						first(found.phones, 'phone') === company.phone &&
						first(found.addresses, 'city') === company.city,
					`Clientify company ${company.ref} is ${JSON.stringify(found)}; Odoo has ${JSON.stringify(company)}`,
				);
				check(
					first(found.addresses, 'country') === many2oneName(company.country_id),
					`country of ${company.ref}: ${JSON.stringify(found.addresses)}`,
				);
			}
			const strays = clientify.store.companies.filter(
				(c) => !refs.has(String(c.taxpayer_identification_number).toLowerCase()),
			);
			check(
				strays.length === 0,
				`Clientify holds companies that are no Odoo company with a ref: ${few(strays.map((c) => c.name))}`,
			);
			checkNoRewrite(sandbox, 'companies', '/companies/', clientify.store.companies.length);
			onFake(ctx, 'no Odoo write', (fake) =>
				check(
					['write', 'create', 'load'].every((method) => fake.count({ method }) === 0),
					'the template wrote to Odoo',
				),
			);
		},
	},
	{
		name: 'products template creates one Clientify product per SKU, and a re-run writes nothing',
		workflow: 'workflows/odoo-to-clientify-products.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			await mark(sandbox, 'products', PRODUCTS);
		},
		async verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const { settled, keys: skus } = await reread(sandbox, 'products', PRODUCTS, 'default_code');
			const withoutSku = await (
				await odoo(sandbox)
			).count('product.template', [
				['sale_ok', '=', true],
				['default_code', '=', false],
			]);
			check(
				settled.length > 0 && withoutSku > 0,
				`the demo data should hold products with and without an Internal Reference`,
			);
			const bySku = groupBy(clientify.store.products, (p) => [p.sku]);
			for (const product of settled) {
				const found = expectOne(
					bySku.get(String(product.default_code).toLowerCase()),
					`product with sku ${product.default_code}`,
				);
				check(
					found.name === product.name && Number(found.price) === product.list_price,
					`Clientify product ${product.default_code} is ${JSON.stringify(found)}; Odoo has ${JSON.stringify(product)}`,
				);
			}
			const strays = clientify.store.products.filter((p) => !skus.has(String(p.sku).toLowerCase()));
			check(
				strays.length === 0,
				`Clientify holds products with no sellable Odoo product of that SKU: ${few(strays.map((p) => p.sku))}`,
			);
			checkNoRewrite(sandbox, 'products', '/products/', clientify.store.products.length);
		},
	},
	{
		name: 'contacts template creates one Clientify contact per Odoo person with an email, links each to its company by ref, and a re-run writes nothing',
		workflow: 'workflows/odoo-to-clientify-contacts.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			await mark(sandbox, 'contacts', PEOPLE);
		},
		async verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const { settled: people, keys: emails } = await reread(sandbox, 'contacts', PEOPLE, 'email');
			const companyRefs = new Map(
				(await searchRead(sandbox, 'res.partner', [['is_company', '=', true]], ['ref'])).map(
					(c) => [c.id, c.ref],
				),
			);
			const companyUrls = new Map(
				clientify.store.companies.map((c) => [
					String(c.taxpayer_identification_number),
					`${clientify.url}companies/${c.id}/`,
				]),
			);
			const contactsByEmail = groupBy(clientify.store.contacts, (c) =>
				(c.emails as { email: string }[]).map((e) => e.email),
			);
			const peopleByEmail = groupBy(people, (p) => [p.email]);
			let linked = 0;
			for (const person of people) {
				const email = String(person.email).toLowerCase();
				const found = expectOne(contactsByEmail.get(email), `contact with email ${email}`);
				// Odoo people sharing an email are one Clientify contact, written from whichever came last.
				if (peopleByEmail.get(email)!.length > 1) continue;
				check(
					`${found.first_name} ${found.last_name ?? ''}`.trim() === person.name &&
						first(found.phones, 'phone') === person.phone,
					`Clientify contact ${email} is ${JSON.stringify(found)}`,
				);
				const ref = companyRefs.get(many2oneId(person.parent_id) ?? 0);
				const expected = ref ? companyUrls.get(String(ref)) : undefined;
				check(
					found.company === expected,
					`contact ${email} has company ${JSON.stringify(found.company)}, expected ${expected ?? 'none'}`,
				);
				if (expected) linked++;
			}
			check(linked >= COMPANIES_WITH_REF, `only ${linked} contacts were linked to a company`);
			const strays = clientify.store.contacts.filter(
				(c) => !(c.emails as { email: string }[]).some((e) => emails.has(e.email.toLowerCase())),
			);
			check(
				strays.length === 0,
				`Clientify holds contacts that are no Odoo person with an email: ${few(strays.map((c) => c.emails))}`,
			);
			checkNoRewrite(sandbox, 'contacts', '/contacts/', clientify.store.contacts.length);
			const links = clientify.calls
				.slice(markOf('contacts').calls)
				.filter((c) => c.method === 'PUT' && c.path.includes('/employees/')).length;
			const withCompany = clientify.store.contacts.filter((c) => c.company).length;
			check(
				links === withCompany,
				`two runs made ${links} link call(s), expected ${withCompany} (the first run only)`,
			);
		},
	},
	{
		name: 'orders template sends each confirmed order once with its lines as items, and a re-run creates nothing',
		workflow: 'workflows/odoo-to-clientify-orders.json',
		kind: 'execute',
		runs: 2,
		async setup({ sandbox }) {
			// One order of the run's own, which the next case changes after it was sent.
			await confirmedOrder(sandbox, `E2E ${sandbox.run} sent`);
			await mark(sandbox, 'orders', ORDERS);
		},
		async verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const client = await odoo(sandbox);
			const { settled: expected, keys: names } = await reread(sandbox, 'orders', ORDERS, 'name');
			// Odoo without Inventory has no qty_to_deliver: the template sends the ordered quantity.
			const quantityField =
				'qty_to_deliver' in (await client.fieldsGet('sale.order.line'))
					? 'qty_to_deliver'
					: 'product_uom_qty';
			const lines = await searchRead(
				sandbox,
				'sale.order.line',
				[
					['order_id', 'in', expected.map((o) => o.id)],
					['display_type', '=', false],
				],
				['order_id', 'name', 'price_unit', 'product_id', quantityField],
			);
			const productIds = [
				...new Set(lines.map((l) => many2oneId(l.product_id)).filter((id): id is number => !!id)),
			];
			const barcodes = new Map(
				(await client.read('product.product', productIds, ['barcode'])).map((p) => [
					p.id,
					p.barcode || undefined,
				]),
			);
			const linesOf = groupBy(lines, (l) => [many2oneId(l.order_id)]);
			const sentByName = groupBy(clientify.store.orders, (o) => [o.order_id]);
			for (const order of expected) {
				const sent = expectOne(
					sentByName.get(String(order.name).toLowerCase()),
					`order ${String(order.name)}`,
				);
				check(
					sent.ecommerce === 'Odoo' &&
						sent.currency === many2oneName(order.currency_id) &&
						sent.status === 'confirmed' &&
						sent.contact === many2oneName(order.partner_id),
					`Clientify order ${String(order.name)} is ${JSON.stringify(sent)}`,
				);
				const orderLines = (linesOf.get(String(order.id)) ?? []).sort((a, b) => a.id - b.id);
				const items = sent.items as Record<string, unknown>[];
				check(
					items.length === orderLines.length,
					`order ${String(order.name)} has ${items.length} items for ${orderLines.length} lines`,
				);
				orderLines.forEach((line, n) => {
					const item = items[n];
					check(
						item.name === line.name &&
							Number(item.price) === line.price_unit &&
							Number(item.quantity) === line[quantityField] &&
							item.sku === barcodes.get(many2oneId(line.product_id)!),
						`item ${n} of ${String(order.name)} is ${JSON.stringify(item)}; the line is ${JSON.stringify(line)}`,
					);
				});
			}
			const strays = clientify.store.orders.filter(
				(o) => !names.has(String(o.order_id).toLowerCase()),
			);
			check(
				expected.length > 0 && strays.length === 0,
				`Clientify holds orders that are no confirmed Odoo order: ${few(strays.map((o) => o.order_id))}`,
			);
			check(
				clientify.store.orders.some((o) =>
					(o.items as { sku?: string }[]).some((i) => i.sku === OFFICE_LAMP_BARCODE),
				),
				'no item carries the barcode as sku',
			);
			const posts = callsSince(sandbox, 'orders', 'POST', '/orders/').length;
			check(
				posts === clientify.store.orders.length,
				`two runs made ${posts} POST /orders/ for ${clientify.store.orders.length} orders`,
			);
		},
	},
	{
		name: 'orders template does not send again an order changed after sending, and sends an order confirmed since',
		workflow: 'workflows/odoo-to-clientify-orders.json',
		kind: 'execute',
		async setup({ sandbox }) {
			const client = await odoo(sandbox);
			const [sent] = await client.search('sale.order', [
				['client_order_ref', '=', `E2E ${sandbox.run} sent`],
			]);
			await client.write('sale.order', [sent], {
				client_order_ref: `E2E ${sandbox.run} changed after sending`,
			});
			await mark(sandbox, 'orders-later');
			await confirmedOrder(sandbox, `E2E ${sandbox.run} confirmed since`);
		},
		async verify({ sandbox }) {
			const ours = await searchRead(
				sandbox,
				'sale.order',
				[['client_order_ref', 'ilike', sandbox.run]],
				['name', 'client_order_ref'],
			);
			const changed = ours.find((o) =>
				String(o.client_order_ref).endsWith('changed after sending'),
			)!;
			const since = ours.find((o) => String(o.client_order_ref).endsWith('confirmed since'))!;
			const sentNames = callsSince(sandbox, 'orders-later', 'POST', '/orders/').map(
				(c) => (c.body as { order_id?: string }).order_id,
			);
			check(
				sentNames.includes(String(since.name)) && !sentNames.includes(String(changed.name)),
				`the run sent ${few(sentNames)}: expected ${String(since.name)}, not ${String(changed.name)}`,
			);
			// Anything else it sent was confirmed since (by another run on a shared Odoo): sending an order again would show as a duplicate.
			const names = fakeClientify(sandbox).store.orders.map((o) => o.order_id);
			check(
				names.length === new Set(names).size,
				`Clientify holds an order twice: ${few(names.filter((n, i) => names.indexOf(n) !== i))}`,
			);
		},
	},
	{
		name: 'activated webhook template upserts Clientify companies, contacts and products into Odoo and skips records without a key',
		workflow: 'workflows/clientify-webhook-to-odoo.json',
		kind: 'active',
		async setup({ sandbox }) {
			const client = await odoo(sandbox);
			const contact = webhookContact(sandbox.run);
			const [personId] = await client.create('res.partner', [
				{ name: `E2E Webhook Person ${sandbox.run}`, email: contact.emails[0].email },
			]);
			webhookPersonIds.set(sandbox.run, personId);
			const [, old] = webhookProducts(sandbox.run);
			await client.create('product.template', [
				{ default_code: old.sku, name: old.name, list_price: 50 },
			]);
		},
		async trigger({ sandbox, n8nUrl }) {
			const clientify = fakeClientify(sandbox);
			const company = webhookCompany(sandbox.run);
			// The triggers register their webhook slots while n8n starts.
			await until(
				() =>
					['company', 'contact', 'product'].every((e) =>
						clientify.store.webhooks.some(
							(w) => w.entity === e && w.active && w.target.startsWith(n8nUrl),
						),
					),
				'webhook slots registered',
			);
			clientify.emit('company.saved', {
				...company,
				phones: [{ phone: '+34 910 000 001', type: 1 }],
			});
			clientify.emit('contact.saved', webhookContact(sandbox.run));
			clientify.emit('contact.saved', {
				id: 9003,
				first_name: 'E2E',
				last_name: `No Email ${sandbox.run}`,
				emails: [],
				phones: [],
			});
			for (const product of webhookProducts(sandbox.run)) clientify.emit('product.saved', product);
			// The same company again, changed, once the first delivery landed: it must update, not duplicate.
			await until(
				async () =>
					(
						await searchRead(
							sandbox,
							'res.partner',
							[['ref', '=', company.taxpayer_identification_number]],
							['id'],
						)
					).length > 0,
				'first company delivery in Odoo',
			);
			clientify.emit('company.saved', company);
			await clientify.idle();
		},
		async verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const [company, contact] = [webhookCompany(sandbox.run), webhookContact(sandbox.run)];
			check(
				clientify.deliveries.length === 6 && clientify.deliveries.every((d) => d.status === 200),
				`deliveries: ${JSON.stringify(clientify.deliveries)}`,
			);
			const [spain] = await searchRead(sandbox, 'res.country', [['code', '=', 'ES']], ['id']);
			const companies = await searchRead(
				sandbox,
				'res.partner',
				[['ref', '=', company.taxpayer_identification_number]],
				['name', 'is_company', 'phone', 'city', 'zip', 'country_id'],
			);
			check(
				companies.length === 1,
				`expected 1 Odoo company with ref ${company.taxpayer_identification_number}, found ${companies.length}`,
			);
			const [odooCompany] = companies;
			check(
				odooCompany.is_company === true &&
					odooCompany.name === company.business_name &&
					odooCompany.phone === company.phones[0].phone &&
					odooCompany.city === 'Madrid' &&
					odooCompany.zip === '28013',
				`Odoo company is ${JSON.stringify(odooCompany)}`,
			);
			check(
				many2oneId(odooCompany.country_id) === spain.id,
				`country of the company is ${JSON.stringify(odooCompany.country_id)}`,
			);
			const people = await searchRead(
				sandbox,
				'res.partner',
				[['email', '=', contact.emails[0].email]],
				['name', 'phone'],
			);
			check(
				people.length === 1 &&
					people[0].id === webhookPersonIds.get(sandbox.run) &&
					people[0].name === `E2E Webhook ${sandbox.run}` &&
					people[0].phone === contact.phones[0].phone,
				`Odoo partners with that email: ${JSON.stringify(people)}`,
			);
			check(
				(
					await searchRead(
						sandbox,
						'res.partner',
						[['name', '=', `E2E No Email ${sandbox.run}`]],
						['id'],
					)
				).length === 0,
				'a contact without email reached Odoo',
			);
			for (const product of webhookProducts(sandbox.run)) {
				const found = await searchRead(
					sandbox,
					'product.template',
					[['default_code', '=', product.sku]],
					['name', 'list_price'],
				);
				check(
					found.length === 1 &&
						found[0].name === product.name &&
						found[0].list_price === Number(product.price),
					`Odoo products with default_code ${product.sku}: ${JSON.stringify(found)}`,
				);
			}
		},
	},
];
