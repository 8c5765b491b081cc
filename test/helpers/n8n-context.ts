/**
 * Runs a node's execute() or poll() inside n8n-core's own execution contexts (the classes n8n
 * itself uses), so parameters, expressions, credentials, continueOnFail and httpRequest behave as
 * in a running n8n. Only the credential store is ours.
 */
import { ExecuteContext, PollContext } from 'n8n-core';
import {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

/** n8n-core's SSH tunnel manager keeps a timer that would stop jest from exiting. */
export function stopN8nCoreTimers(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require(
		require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }),
	);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager).onShutdown();
}
afterAll(stopN8nCoreTimers);

export interface NodeRun {
	node: INodeType;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	staticData?: IDataObject;
}

function setup(run: NodeRun) {
	const type = `n8n-nodes-odoo-sync.${run.node.description.name}`;
	const nodeTypes: INodeTypes = {
		getByName: () => run.node,
		getByNameAndVersion: () => run.node,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const node: INode = {
		id: 'node-under-test',
		name: run.node.description.defaults.name ?? 'Node',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: run.parameters,
		credentials: Object.fromEntries(
			Object.keys(run.credentials ?? {}).map((k) => [k, { id: k, name: k }]),
		),
		...(run.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const staticData = run.staticData ?? {};
	const workflow = new Workflow({
		id: 'wf',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData,
	});
	const additionalData = {
		credentialsHelper: {
			getDecrypted: async (_a: unknown, _c: unknown, credType: string) =>
				run.credentials?.[credType] ?? {},
			getCredentialsProperties: () => [],
		},
		currentNodeParameters: undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		executionId: 'test',
	} as unknown as IWorkflowExecuteAdditionalData;
	return { node, workflow, additionalData, staticData };
}

/** Runs execute() on the given input items; returns the node's outputs. */
export async function executeNode(
	run: NodeRun,
	input: IDataObject[],
): Promise<INodeExecutionData[][]> {
	const { node, workflow, additionalData } = setup(run);
	const items: INodeExecutionData[] = input.map((json) => ({ json }));
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			nodeExecutionStack: [],
			waitingExecution: {},
			waitingExecutionSource: {},
			metadata: {},
		},
	} as unknown as IRunExecutionData;
	const executeData = { node, data: { main: [items] }, source: null };
	const ctx = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	);
	return (await run.node.execute!.call(ctx)) as INodeExecutionData[][];
}

/** Runs poll() as an activated workflow would ('trigger') or as the editor's test run ('manual'). */
export async function pollNode(run: NodeRun, mode: 'trigger' | 'manual' = 'trigger') {
	const { node, workflow, additionalData, staticData } = setup(run);
	const ctx = new PollContext(workflow, node, additionalData, mode, 'activate');
	const result = await run.node.poll!.call(ctx);
	return { result, staticData: (workflow.staticData as IDataObject) ?? staticData };
}

/**
 * A runner for one node: parameters and input items in, its first output out. `credentials` builds
 * the credentials from the call's extras (a wrong secret, say), so each test names only what differs.
 */
export function firstOutputOf<E extends { continueOnFail?: boolean }>(
	node: INodeType,
	credentials: (extra: E) => Record<string, ICredentialDataDecryptedObject>,
) {
	return (parameters: INodeParameters, input: IDataObject[] = [{}], extra = {} as E) =>
		executeNode(
			{ node, parameters, continueOnFail: extra.continueOnFail, credentials: credentials(extra) },
			input,
		).then(([items]) => items);
}
