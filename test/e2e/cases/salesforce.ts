/**
 * The Salesforce → Odoo templates in real n8n, against the fake Salesforce org of the sandbox (its names,
 * codes and ids carry the run's tag) and the Odoo of the sandbox (the fake or a real one). Each template runs
 * twice: the second run must create nothing (every upsert answers unchanged).
 */
import type { Sandbox } from '../../../scripts/sandbox';
import type { FakeSalesforce } from '../../fakes/salesforce';
import type { OdooRecord } from '../../../lib';
import { check, few, type E2eCase, type NodeOutputs } from '../case';
import { odoo } from '../odoo';

function fakeSalesforce(sandbox: Sandbox): FakeSalesforce {
	const fake = sandbox.salesforce.fake;
	if (!fake) throw new Error('this case needs the fake Salesforce');
	return fake;
}

/** The last run's upserts all found their records unchanged: nothing new, nothing written. */
function nothingNew(outputs: NodeOutputs, ...nodes: string[]): void {
	for (const name of nodes) {
		const items = outputs[name] ?? [];
		const acted = items.filter((i) => i.action !== 'unchanged');
		check(items.length > 0, `${name} output nothing on the re-run`);
		check(acted.length === 0, `the re-run's ${name} still wrote: ${few(acted)}`);
	}
}

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
			'title',
		],
	});
	const byRef = new Map<string, OdooRecord>();
	for (const r of records) {
		check(!byRef.has(String(r.ref)), `two Odoo partners have ref ${r.ref}`);
		byRef.set(String(r.ref), r);
	}
	return byRef;
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
			nothingNew(outputs, 'Upsert companies', 'Upsert delivery addresses', 'Upsert people');
		},
	},
];
