/**
 * Harness checks that need only n8n's core nodes: the sandbox URL reaches
 * workflows through $env, a manual run executes, a production webhook is
 * served by `n8n start`, and the records land in the fake Odoo.
 */
import { check, unique, type E2eCase } from '../case';
import { partnersNamed } from '../fake-odoo';

export const coreCases: E2eCase[] = [
	{
		name: 'manual HTTP Request workflow creates one partner in the fake Odoo',
		workflow: 'test/e2e/workflows/core-manual-create-partner.json',
		kind: 'execute',
		verify({ sandbox }, outputs) {
			const partners = partnersNamed(sandbox, 'E2E core partner');
			check(partners.length === 1, `expected 1 partner "E2E core partner", found ${partners.length}`);
			const answer = outputs['Create partner']?.[0];
			check(answer?.result === partners[0].id, `node output ${JSON.stringify(answer)} does not name partner ${partners[0].id}`);
		},
	},
	{
		name: 'webhook POST creates the partner it names and answers with its id',
		workflow: 'test/e2e/workflows/core-webhook-create-partner.json',
		kind: 'active',
		async trigger(ctx) {
			const name = unique('E2E webhook partner');
			const response = await ctx.postWebhook('e2e-core-partner', { name });
			check(response.status === 200, `webhook answered HTTP ${response.status}: ${JSON.stringify(response.body)}`);
			return { name, response: response.body };
		},
		verify({ sandbox }, triggered) {
			const { name, response } = triggered as { name: string; response: { result?: number } };
			const partners = partnersNamed(sandbox, name);
			check(partners.length === 1, `expected 1 partner "${name}", found ${partners.length}`);
			check(response.result === partners[0].id, `webhook answered ${JSON.stringify(response)}, partner id is ${partners[0].id}`);
		},
	},
];
