/**
 * Runs a webhook trigger the way an activated n8n workflow does: webhookMethods in n8n-core's
 * HookContext, deliveries through a real HTTP listener into n8n-core's WebhookContext.
 * The listener stands in for n8n's webhook server (routing, response sending, starting executions).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

export interface TriggerHarness {
	/** The URL the trigger registers (as n8n's getNodeWebhookUrl computes it). */
	webhookUrl: string;
	/** Items of every execution the trigger started. */
	executions: IDataObject[][];
	staticData: () => IDataObject;
	hook(method: 'checkExists' | 'create' | 'delete'): Promise<boolean>;
	close(): Promise<void>;
}

type Res = http.ServerResponse & { status(code: number): Res; json(body: unknown): Res };

/** Adds the two express methods webhook nodes call on n8n's response object. */
function expressLike(res: http.ServerResponse): Res {
	const r = res as Res;
	r.status = (code) => ((r.statusCode = code), r);
	r.json = (body) => (
		r.setHeader('Content-Type', 'application/json'),
		r.end(JSON.stringify(body)),
		r
	);
	return r;
}

export async function startTriggerHarness(
	nodeType: INodeType,
	parameters: INodeParameters,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<TriggerHarness> {
	const executions: IDataObject[][] = [];
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const node: INode = {
		id: 'trigger-under-test',
		name: nodeType.description.defaults.name ?? 'Trigger',
		type: `n8n-nodes-odoo-sync.${nodeType.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: `${nodeType.description.name}-test`,
		parameters,
		credentials: Object.fromEntries(Object.keys(credentials).map((k) => [k, { id: k, name: k }])),
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({
		id: 'wf',
		name: 'trigger test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: {},
	});
	const additionalData = {
		credentialsHelper: {
			getDecrypted: async (_a: unknown, _c: unknown, type: string) => credentials[type] ?? {},
			getCredentialsProperties: () => [],
		},
		webhookBaseUrl: `${base}/webhook`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		instanceBaseUrl: base,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const webhookDescription = nodeType.description.webhooks![0];

	server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			Object.assign(req, {
				body: raw ? JSON.parse(raw) : {},
				query: Object.fromEntries(new URL(req.url!, base).searchParams),
			});
			const webhookData: IWebhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: String(webhookDescription.path),
				webhookDescription,
				workflowId: 'wf',
				workflowExecuteAdditionalData: additionalData,
				isTest: false,
			};
			const ctx = new WebhookContext(
				workflow,
				node,
				{
					...additionalData,
					httpRequest: req,
					httpResponse: expressLike(res),
				} as unknown as IWorkflowExecuteAdditionalData,
				'trigger',
				webhookData,
				[],
				null,
			);
			const result = await nodeType.webhook!.call(ctx);
			if (result.noWebhookResponse) return;
			if (result.workflowData) executions.push(result.workflowData[0].map((item) => item.json));
			expressLike(res)
				.status(200)
				.json(result.webhookResponse ?? { message: 'Workflow was started' });
		});
	});

	const hookContext = () => new HookContext(workflow, node, additionalData, 'trigger', 'activate');
	return {
		webhookUrl: hookContext().getNodeWebhookUrl('default')!,
		executions,
		staticData: () => workflow.getStaticData('node', node),
		hook: (method) => nodeType.webhookMethods!.default[method].call(hookContext()),
		close: () => {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

export { stopN8nCoreTimers } from '../../helpers/n8n-context';
