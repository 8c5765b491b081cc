/**
 * Odoo as the cases see it: the library's client over RPC, the same against the fake Odoo and a real
 * server. RPC call counts exist only on the fake: `onFake` runs those checks there and, on a real
 * server, notes on the case's line what was not checked.
 */
import { OdooClient, or, type Domain, type OdooRecord } from '../../lib';
import type { FakeOdoo } from '../fakes/odoo';
import { DEMO_ADDITIONS } from '../fakes/odoo/seed';
import type { Sandbox } from '../../scripts/sandbox';
import type { CaseContext } from './case';

const clients = new WeakMap<Sandbox, Promise<OdooClient>>();

/** One connection per sandbox, logged in as the sandbox's Odoo credential. */
export function odoo(sandbox: Sandbox): Promise<OdooClient> {
	let client = clients.get(sandbox);
	if (!client) {
		const {
			SANDBOX_ODOO_URL: url,
			SANDBOX_ODOO_DB: db,
			SANDBOX_ODOO_USER: username,
			SANDBOX_ODOO_PASSWORD: password,
		} = sandbox.env;
		client = OdooClient.connect({ url, db, username, password });
		clients.set(sandbox, client);
	}
	return client;
}

export async function searchRead(
	sandbox: Sandbox,
	model: string,
	domain: Domain,
	fields: string[],
): Promise<OdooRecord[]> {
	return (await odoo(sandbox)).searchRead(model, domain, { fields });
}

/** Runs `checks` on the fake Odoo; on a real one records that `what` went unchecked. */
export function onFake(ctx: CaseContext, what: string, checks: (fake: FakeOdoo) => void): void {
	const fake = ctx.sandbox.odoo.fake;
	if (fake) checks(fake);
	else ctx.notes.push(`${what}: fake Odoo only`);
}

/**
 * What the fake's seed adds to Odoo's demo data (refs on four companies, a barcode on Office Lamp),
 * written over RPC where a value differs, so a second run writes nothing. The ids are those of
 * Odoo 16's demo data, which the fake's recording keeps.
 */
export async function applyDemoAdditions(client: OdooClient): Promise<void> {
	for (const [model, records] of Object.entries(DEMO_ADDITIONS)) {
		for (const [id, values] of Object.entries(records)) {
			const [current] = await client.read(model, [Number(id)], Object.keys(values));
			const changed = Object.fromEntries(
				Object.entries(values).filter(([field, value]) => current?.[field] !== value),
			);
			if (current && Object.keys(changed).length > 0)
				await client.write(model, [current.id], changed);
		}
	}
}

/** Deletes what a run left on a shared real Odoo: records whose name, ref, email or code carries the run's tag. */
const UNLINK_CHUNK = 500;

export async function cleanUpRun(client: OdooClient, run: string): Promise<void> {
	const orders = await client.search('sale.order', [['client_order_ref', 'ilike', run]]);
	if (orders.length > 0) {
		// Without this flag Odoo answers a confirmed order's cancel with its cancel wizard.
		await client.call(
			'sale.order',
			'action_cancel',
			[orders],
			{},
			{ context: { disable_cancel_warning: true } },
		);
		await client.unlink('sale.order', orders);
	}
	for (const [model, fields] of [
		['res.partner', ['name', 'ref', 'email']],
		['product.template', ['name', 'default_code']],
	] as const) {
		const ids = await client.search(model, or(fields.map((f) => [[f, 'ilike', run]])), {
			context: { active_test: false },
		});
		// In chunks: one unlink of the benchmark's 10,000 products (with images) outlasts Odoo's
		// limit_time_real, and a threaded Odoo then reloads itself.
		for (let i = 0; i < ids.length; i += UNLINK_CHUNK) {
			const chunk = ids.slice(i, i + UNLINK_CHUNK);
			// A product a confirmed order moved stock for stays referenced by its (cancelled) stock moves: archive it.
			await client.unlink(model, chunk).catch(async (error: unknown) => {
				if (model !== 'product.template') throw error;
				await client.write(model, chunk, { active: false });
			});
		}
	}
}
