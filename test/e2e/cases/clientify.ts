/**
 * The Clientify ⇄ Odoo templates in real n8n, against the fake Odoo and the
 * fake Clientify of one sandbox. Cases run in this order and build on each
 * other the way a user would run the templates: companies first, then
 * contacts (linked to those companies), products, orders, and last the
 * webhook flow back into Odoo.
 */
import type { Sandbox } from '../../../scripts/sandbox';
import type { FakeCall, FakeClientify, FakeRecord } from '../../fakes/clientify';
import { check, type E2eCase } from '../case';
import { DEMO_ADDITIONS } from '../../fakes/odoo/seed';
import { fakeOdoo } from '../fake-odoo';

type OdooRecord = Record<string, unknown> & { id: number };

/** The sandbox's demo companies with a Reference (VAT); the others have none and must stay out of Clientify. */
const COMPANIES_WITH_REF = Object.keys(DEMO_ADDITIONS['res.partner']).length;

function fakeClientify(sandbox: Sandbox): FakeClientify {
	const fake = sandbox.clientify.fake;
	if (!fake) throw new Error('this case needs the fake Clientify');
	return fake;
}

/** Clientify requests a case made: everything after the mark its setup took. */
const marks = new Map<string, number>();
function markCalls(sandbox: Sandbox, name: string): void {
	marks.set(name, fakeClientify(sandbox).calls.length);
	fakeOdoo(sandbox).resetCalls();
}
function callsSince(sandbox: Sandbox, name: string, method: string, path: string): FakeCall[] {
	return fakeClientify(sandbox).calls.slice(marks.get(name) ?? 0).filter((c) => c.method === method && c.path === path);
}

function searchRead(sandbox: Sandbox, model: string, domain: unknown[], fields: string[]): OdooRecord[] {
	return fakeOdoo(sandbox).env.searchRead(model, domain, fields) as OdooRecord[];
}

const OFFICE_LAMP = 6;
const OFFICE_LAMP_BARCODE = DEMO_ADDITIONS['product.product'][OFFICE_LAMP].barcode;
/** A draft of the demo data that the second orders case confirms. */
const NEWLY_CONFIRMED = 'S00003';

const WEBHOOK_COMPANY = {
	id: 9001,
	name: 'E2E Webhook Co',
	business_name: 'E2E Webhook Co SL',
	taxpayer_identification_number: 'ESB20000001',
	phones: [{ phone: '+34 910 000 002', type: 1 }],
	addresses: [{ street: 'Calle Mayor 1', city: 'Madrid', postal_code: '28013', country: 'Spain' }],
};
/** A person of the demo data, changed in Clientify: the webhook must update it, not add one. */
const WEBHOOK_CONTACT = {
	id: 9002,
	first_name: 'Brandon',
	last_name: 'Freeman',
	emails: [{ email: 'brandon.freeman55@example.com', type: 1 }],
	phones: [{ phone: '+34 600 111 222', type: 1 }],
};
/** One new product and one of the demo data with a new price. */
const WEBHOOK_PRODUCTS = [
	{ id: 9004, sku: 'E2E-WH-1', name: 'E2E Webhook Desk', price: '199.90' },
	{ id: 9005, sku: 'FURN_7777', name: 'Office Chair', price: '75.00' },
];

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const many2oneName = (value: unknown) => (Array.isArray(value) ? value[1] : undefined);
/** The first entry's field, or false when there is none, as Odoo reads an empty value. */
const first = (list: unknown, field: string) => (Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined)?.[field] : undefined) ?? false;

function expectOne(records: FakeRecord[], what: string): FakeRecord {
	check(records.length === 1, `expected 1 Clientify ${what}, found ${records.length}`);
	return records[0];
}

/** Asserts that a re-run made no write: `creates` POSTs in all, no PATCH/PUT. */
function checkNoRewrite(sandbox: Sandbox, name: string, path: string, creates: number): void {
	const posts = callsSince(sandbox, name, 'POST', path).length;
	const updates = fakeClientify(sandbox).calls.slice(marks.get(name) ?? 0).filter((c) => (c.method === 'PATCH' || c.method === 'PUT') && c.path.startsWith(path)).length;
	check(posts === creates && updates === 0, `two runs made ${posts} POST ${path} (expected ${creates}) and ${updates} update(s) (expected 0)`);
}

export const clientifyCases: E2eCase[] = [
	{
		name: 'companies template creates one Clientify company per Odoo company with a ref, and a re-run writes nothing',
		workflow: 'workflows/odoo-to-clientify-companies.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			markCalls(sandbox, 'companies');
		},
		verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const odooCompanies = searchRead(sandbox, 'res.partner', [['is_company', '=', true]], ['ref', 'name', 'display_name', 'phone', 'city', 'zip', 'country_id']);
			const withRef = odooCompanies.filter((c) => c.ref);
			check(withRef.length === COMPANIES_WITH_REF, `expected ${COMPANIES_WITH_REF} Odoo companies with a ref, found ${withRef.length}`);
			for (const company of withRef) {
				const found = expectOne(clientify.store.companies.filter((c) => c.taxpayer_identification_number === company.ref), `company with taxpayer id ${company.ref}`);
				const address = first(found.addresses, 'city');
				check(
					found.name === company.display_name && found.business_name === company.name && first(found.phones, 'phone') === company.phone && address === company.city,
					`Clientify company ${company.ref} is ${JSON.stringify(found)}; Odoo has ${JSON.stringify(company)}`,
				);
				check(first(found.addresses, 'country') === many2oneName(company.country_id), `country of ${company.ref}: ${JSON.stringify(found.addresses)}`);
			}
			check(clientify.store.companies.length === withRef.length, `Clientify holds ${clientify.store.companies.length} companies, expected only the ${withRef.length} with a ref`);
			checkNoRewrite(sandbox, 'companies', '/companies/', withRef.length);
			check(fakeOdoo(sandbox).count({ method: 'write' }) + fakeOdoo(sandbox).count({ method: 'create' }) === 0, 'the template wrote to Odoo');
		},
	},
	{
		name: 'products template creates one Clientify product per SKU, and a re-run writes nothing',
		workflow: 'workflows/odoo-to-clientify-products.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			markCalls(sandbox, 'products');
		},
		verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const products = searchRead(sandbox, 'product.template', [['sale_ok', '=', true]], ['default_code', 'name', 'list_price']);
			const withSku = products.filter((p) => p.default_code);
			check(withSku.length > 0 && withSku.length < products.length, `the demo data should hold products with and without an Internal Reference`);
			for (const product of withSku) {
				const found = expectOne(clientify.store.products.filter((p) => p.sku === product.default_code), `product with sku ${product.default_code}`);
				check(found.name === product.name && Number(found.price) === product.list_price, `Clientify product ${product.default_code} is ${JSON.stringify(found)}; Odoo has ${JSON.stringify(product)}`);
			}
			check(clientify.store.products.length === withSku.length, `Clientify holds ${clientify.store.products.length} products, expected ${withSku.length}`);
			checkNoRewrite(sandbox, 'products', '/products/', withSku.length);
		},
	},
	{
		name: 'contacts template creates one Clientify contact per Odoo person with an email, links each to its company by ref, and a re-run writes nothing',
		workflow: 'workflows/odoo-to-clientify-contacts.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			markCalls(sandbox, 'contacts');
		},
		verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const people = searchRead(sandbox, 'res.partner', [['is_company', '=', false], ['email', '!=', false]], ['name', 'email', 'phone', 'parent_id']);
			const companyRefs = new Map(searchRead(sandbox, 'res.partner', [['is_company', '=', true]], ['ref']).map((c) => [c.id, c.ref]));
			const companyUrl = (ref: unknown) => {
				const company = clientify.store.companies.find((c) => ref && c.taxpayer_identification_number === ref);
				return company ? `${clientify.url}companies/${company.id}/` : undefined;
			};
			let linked = 0;
			for (const person of people) {
				const email = String(person.email).toLowerCase();
				const found = expectOne(
					clientify.store.contacts.filter((c) => (c.emails as { email: string }[]).some((e) => e.email.toLowerCase() === email)),
					`contact with email ${email}`,
				);
				check(`${found.first_name} ${found.last_name ?? ''}`.trim() === person.name && first(found.phones, 'phone') === person.phone, `Clientify contact ${email} is ${JSON.stringify(found)}`);
				const parent = Array.isArray(person.parent_id) ? (person.parent_id[0] as number) : undefined;
				const expected = parent ? companyUrl(companyRefs.get(parent)) : undefined;
				check(found.company === expected, `contact ${email} has company ${JSON.stringify(found.company)}, expected ${expected ?? 'none'}`);
				if (expected) linked++;
			}
			check(linked >= COMPANIES_WITH_REF, `only ${linked} contacts were linked to a company`);
			check(clientify.store.contacts.length === people.length, `Clientify holds ${clientify.store.contacts.length} contacts, expected ${people.length}`);
			checkNoRewrite(sandbox, 'contacts', '/contacts/', people.length);
			const links = fakeClientify(sandbox).calls.slice(marks.get('contacts')).filter((c) => c.method === 'PUT' && c.path.includes('/employees/')).length;
			check(links === linked, `two runs made ${links} link call(s), expected ${linked} (the first run only)`);
		},
	},
	{
		name: 'orders template sends each confirmed order once with its lines as items, and a re-run creates nothing',
		workflow: 'workflows/odoo-to-clientify-orders.json',
		kind: 'execute',
		runs: 2,
		setup({ sandbox }) {
			markCalls(sandbox, 'orders');
		},
		verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			const orders = searchRead(sandbox, 'sale.order', [['state', 'in', ['sale', 'done']]], ['name', 'partner_id', 'currency_id']);
			const odoo19 = fakeOdoo(sandbox).version === '19.0';
			// Odoo 19 without Inventory has no qty_to_deliver: the template sends the ordered quantity.
			const quantityField = odoo19 ? 'product_uom_qty' : 'qty_to_deliver';
			for (const order of orders) {
				const sent = expectOne(clientify.store.orders.filter((o) => o.order_id === order.name), `order ${String(order.name)}`);
				check(
					sent.ecommerce === 'Odoo' && sent.currency === many2oneName(order.currency_id) && sent.status === 'confirmed' && sent.contact === many2oneName(order.partner_id),
					`Clientify order ${String(order.name)} is ${JSON.stringify(sent)}`,
				);
				const lines = searchRead(sandbox, 'sale.order.line', [['order_id', '=', order.id], ['display_type', '=', false]], ['name', 'price_unit', 'product_id', quantityField]);
				const items = sent.items as Record<string, unknown>[];
				check(items.length === lines.length, `order ${String(order.name)} has ${items.length} items for ${lines.length} lines`);
				lines.forEach((line, n) => {
					const item = items[n];
					const sku = Array.isArray(line.product_id) && line.product_id[0] === OFFICE_LAMP ? OFFICE_LAMP_BARCODE : undefined;
					check(
						item.name === line.name && Number(item.price) === line.price_unit && Number(item.quantity) === line[quantityField] && item.sku === sku,
						`item ${n} of ${String(order.name)} is ${JSON.stringify(item)}; the line is ${JSON.stringify(line)}`,
					);
				});
			}
			check(orders.length > 0 && clientify.store.orders.length === orders.length, `Clientify holds ${clientify.store.orders.length} orders for ${orders.length} confirmed ones`);
			check(clientify.store.orders.some((o) => (o.items as { sku?: string }[]).some((i) => i.sku === OFFICE_LAMP_BARCODE)), 'no item carries the barcode as sku');
			const posts = callsSince(sandbox, 'orders', 'POST', '/orders/').length;
			check(posts === orders.length, `two runs made ${posts} POST /orders/, expected ${orders.length}`);
		},
	},
	{
		name: 'orders template does not send again an order changed after sending, and sends an order confirmed since',
		workflow: 'workflows/odoo-to-clientify-orders.json',
		kind: 'execute',
		setup({ sandbox }) {
			const env = fakeOdoo(sandbox).env;
			const [sent] = searchRead(sandbox, 'sale.order', [['state', '=', 'sale']], ['name']);
			env.write('sale.order', [sent.id], { client_order_ref: 'changed after sending' });
			const [draft] = searchRead(sandbox, 'sale.order', [['name', '=', NEWLY_CONFIRMED]], ['state']);
			env.write('sale.order', [draft.id], { state: 'sale' });
			markCalls(sandbox, 'orders-later');
		},
		verify({ sandbox }) {
			const posts = callsSince(sandbox, 'orders-later', 'POST', '/orders/');
			const sentIds = posts.map((c) => (c.body as { order_id?: string }).order_id);
			check(sentIds.length === 1 && sentIds[0] === NEWLY_CONFIRMED, `the run sent ${JSON.stringify(sentIds)}, expected only ${NEWLY_CONFIRMED}`);
			const names = fakeClientify(sandbox).store.orders.map((o) => o.order_id);
			check(names.length === new Set(names).size, `Clientify holds an order twice: ${JSON.stringify(names)}`);
		},
	},
	{
		name: 'activated webhook template upserts Clientify companies, contacts and products into Odoo and skips records without a key',
		workflow: 'workflows/clientify-webhook-to-odoo.json',
		kind: 'active',
		async trigger({ sandbox, n8nUrl }) {
			const clientify = fakeClientify(sandbox);
			// The triggers register their webhook slots while n8n starts.
			await until(() => ['company', 'contact', 'product'].every((e) => clientify.store.webhooks.some((w) => w.entity === e && w.active && w.target.startsWith(n8nUrl))), 'webhook slots registered');
			clientify.emit('company.saved', { ...WEBHOOK_COMPANY, phones: [{ phone: '+34 910 000 001', type: 1 }] });
			clientify.emit('contact.saved', WEBHOOK_CONTACT);
			clientify.emit('contact.saved', { id: 9003, first_name: 'E2E', last_name: 'No Email', emails: [], phones: [] });
			for (const product of WEBHOOK_PRODUCTS) clientify.emit('product.saved', product);
			// The same company again, changed, once the first delivery landed: it must update, not duplicate.
			await until(() => searchRead(sandbox, 'res.partner', [['ref', '=', WEBHOOK_COMPANY.taxpayer_identification_number]], ['id']).length > 0, 'first company delivery in Odoo');
			clientify.emit('company.saved', WEBHOOK_COMPANY);
			await clientify.idle();
		},
		verify({ sandbox }) {
			const clientify = fakeClientify(sandbox);
			check(clientify.deliveries.length === 6 && clientify.deliveries.every((d) => d.status === 200), `deliveries: ${JSON.stringify(clientify.deliveries)}`);
			const [spain] = searchRead(sandbox, 'res.country', [['code', '=', 'ES']], ['id']);
			const companies = searchRead(sandbox, 'res.partner', [['ref', '=', WEBHOOK_COMPANY.taxpayer_identification_number]], ['name', 'is_company', 'phone', 'city', 'zip', 'country_id']);
			check(companies.length === 1, `expected 1 Odoo company with ref ${WEBHOOK_COMPANY.taxpayer_identification_number}, found ${companies.length}`);
			const company = companies[0];
			check(
				company.is_company === true && company.name === WEBHOOK_COMPANY.business_name && company.phone === WEBHOOK_COMPANY.phones[0].phone && company.city === 'Madrid' && company.zip === '28013',
				`Odoo company is ${JSON.stringify(company)}`,
			);
			check(Array.isArray(company.country_id) && company.country_id[0] === spain.id, `country of the company is ${JSON.stringify(company.country_id)}`);
			const contacts = searchRead(sandbox, 'res.partner', [['email', '=', WEBHOOK_CONTACT.emails[0].email]], ['name', 'phone']);
			check(contacts.length === 1 && contacts[0].name === 'Brandon Freeman' && contacts[0].phone === WEBHOOK_CONTACT.phones[0].phone, `Odoo contacts with that email: ${JSON.stringify(contacts)}`);
			check(searchRead(sandbox, 'res.partner', [['name', '=', 'E2E No Email']], ['id']).length === 0, 'a contact without email reached Odoo');
			for (const product of WEBHOOK_PRODUCTS) {
				const found = searchRead(sandbox, 'product.template', [['default_code', '=', product.sku]], ['name', 'list_price']);
				check(found.length === 1 && found[0].name === product.name && found[0].list_price === Number(product.price), `Odoo products with default_code ${product.sku}: ${JSON.stringify(found)}`);
			}
		},
	},
];

