/**
 * The pack's Odoo credential next to n8n's built-in one, as the editor sees them: two types,
 * each with a working credential test, and a node of the pack that runs with the built-in one;
 * the service credentials' tests, with the right secret and a wrong one.
 */
import type { N8nCredential } from '../../../scripts/n8n-runtime';
import { BUILT_IN_ODOO_CREDENTIAL, ODOO_CREDENTIAL } from '../../../lib/n8n/odoo';
import { QOBRA_CREDENTIAL } from '../../../lib/n8n/qobra';
import { SALESFORCE_CREDENTIAL } from '../../../lib/n8n/salesforce';
import { check, type E2eCase, type ServerContext } from '../case';

type CredentialTypes = Array<{ name: string; displayName: string }>;

async function testCredential(
	rest: ServerContext['rest'],
	credential: N8nCredential,
	data = credential.data,
) {
	const { id, name, type } = credential;
	return (await rest('POST', 'rest/credentials/test', {
		credentials: { id, name, type, data },
	})) as { status: string; message: string };
}

export const credentialCases: E2eCase[] = [
	{
		name: "the pack's Odoo credential and n8n's built-in Odoo credential are two types, and each credential test logs in (or refuses a wrong password)",
		kind: 'server',
		async verify({ sandbox, rest }) {
			const types = (await rest('GET', 'types/credentials.json')) as CredentialTypes;
			for (const type of [ODOO_CREDENTIAL, BUILT_IN_ODOO_CREDENTIAL]) {
				const entries = types.filter((t) => t.name === type);
				check(
					entries.length === 1,
					`n8n serves ${entries.length} credential types named ${type}: ${JSON.stringify(entries)}`,
				);
			}
			const names = types
				.filter((t) => t.name === ODOO_CREDENTIAL || t.name === BUILT_IN_ODOO_CREDENTIAL)
				.map((t) => t.displayName);
			check(
				new Set(names).size === 2,
				`the two Odoo credential types share a display name: ${JSON.stringify(names)}`,
			);

			for (const type of [ODOO_CREDENTIAL, BUILT_IN_ODOO_CREDENTIAL]) {
				const credential = sandbox.credentials.find((c) => c.type === type);
				check(credential, `the sandbox has no ${type} credential`);
				const good = await testCredential(rest, credential);
				check(good.status === 'OK', `credential test of ${type}: ${JSON.stringify(good)}`);
				const bad = await testCredential(rest, credential, {
					...credential.data,
					password: 'wrong-password',
				});
				check(
					bad.status === 'Error',
					`credential test of ${type} with a wrong password: ${JSON.stringify(bad)}`,
				);
				check(
					!bad.message.includes('wrong-password'),
					`the failed test of ${type} shows the password: ${bad.message}`,
				);
			}
		},
	},
	{
		name: "each service credential's test passes with the sandbox's secret and fails, without showing it, with a wrong one",
		kind: 'server',
		async verify({ sandbox, rest }) {
			const secrets: Record<string, string> = {
				clientifyApi: 'apiKey',
				sevenTargetsApi: 'clientSecret',
				[QOBRA_CREDENTIAL]: 'apiKey',
				[SALESFORCE_CREDENTIAL]: 'clientSecret',
			};
			for (const [type, field] of Object.entries(secrets)) {
				const credential = sandbox.credentials.find((c) => c.type === type);
				check(credential, `the sandbox has no ${type} credential`);
				const good = await testCredential(rest, credential);
				check(good.status === 'OK', `credential test of ${type}: ${JSON.stringify(good)}`);
				const wrong = `wrong-${field}-0123456789`;
				const bad = await testCredential(rest, credential, { ...credential.data, [field]: wrong });
				check(
					bad.status === 'Error' && !bad.message.includes(wrong),
					`credential test of ${type} with a wrong ${field}: ${JSON.stringify(bad)}`,
				);
			}
		},
	},
	{
		name: "the Odoo node runs with n8n's built-in Odoo credential",
		workflow: 'test/e2e/workflows/pack-odoo-builtin-credential.json',
		kind: 'execute',
		verify(_ctx, outputs) {
			const found = outputs['Search countries'] ?? [];
			check(
				found.length === 1 && found[0].name === 'Belgium',
				`the search put out ${JSON.stringify(found)}`,
			);
		},
	},
];
