/**
 * Harness checks that need only n8n's core nodes: the sandbox URL reaches
 * workflows through $env, a manual run executes, a production webhook is
 * served by `n8n start`, and the records land in Odoo.
 */
import { check, type E2eCase } from '../case';
import { searchRead } from '../odoo';

export const coreCases: E2eCase[] = [
	{
		name: 'manual HTTP Request workflow creates one partner in Odoo',
		workflow: 'test/e2e/workflows/core-manual-create-partner.json',
		kind: 'execute',
		async verify({ sandbox }, outputs) {
			const answer = outputs['Create partner']?.[0];
			const partners = await searchRead(
				sandbox,
				'res.partner',
				[['id', '=', answer?.result ?? 0]],
				['name'],
			);
			check(
				partners[0]?.name === `E2E core partner ${sandbox.run}`,
				`node output ${JSON.stringify(answer)} names no partner "E2E core partner ${sandbox.run}": ${JSON.stringify(partners)}`,
			);
		},
	},
	{
		name: 'webhook POST creates the partner it names and answers with its id',
		workflow: 'test/e2e/workflows/core-webhook-create-partner.json',
		kind: 'active',
		async trigger(ctx) {
			const name = `E2E webhook partner ${ctx.sandbox.run}`;
			const response = await ctx.postWebhook('e2e-core-partner', { name });
			check(
				response.status === 200,
				`webhook answered HTTP ${response.status}: ${JSON.stringify(response.body)}`,
			);
			return { name, response: response.body };
		},
		async verify({ sandbox }, triggered) {
			const { name, response } = triggered as { name: string; response: { result?: number } };
			const partners = await searchRead(sandbox, 'res.partner', [['name', '=', name]], ['id']);
			check(partners.length === 1, `expected 1 partner "${name}", found ${partners.length}`);
			check(
				response.result === partners[0].id,
				`webhook answered ${JSON.stringify(response)}, partner id is ${partners[0].id}`,
			);
		},
	},
];
