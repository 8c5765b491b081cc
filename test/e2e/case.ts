/**
 * What an e2e case is: a workflow file, an optional setup on the sandbox,
 * how n8n starts the workflow, and assertions on the records that end up in
 * Odoo (the fake or a real one, read over RPC: see odoo.ts) and the fake
 * Clientify. The runner (run.ts) does the n8n part.
 *
 * Layering, one way only: lib <- test/fakes <- scripts (sandbox, n8n runtime) <- test/e2e (cases and runner).
 */
import type { Major, RestCall, Workflow } from '../../scripts/n8n-runtime';
import type { Sandbox } from '../../scripts/sandbox';

export interface CaseContext {
	sandbox: Sandbox;
	major: Major;
	workflowId: string;
	/** What the case could not check on this backend (e.g. call counts on a real Odoo); the runner prints them. */
	notes: string[];
}

/** One node's output items (`json` only) per node name, from `n8n execute --rawOutput`. */
export type NodeOutputs = Record<string, Array<Record<string, unknown>>>;

interface BaseCase {
	/** The behaviour under test, e.g. "webhook creates a partner in Odoo". */
	name: string;
	/** Repository-relative path of the workflow JSON (a template in `workflows/` or a file in `test/e2e/workflows/`). */
	workflow: string;
	/** Edits the workflow before it is imported, as a user would (e.g. a template's master side); the case then gets a workflow of its own. */
	edit?(workflow: Workflow, sandbox: Sandbox): void;
	/** Runs before the workflow: seed the fakes or Odoo, take marks. */
	setup?(ctx: CaseContext): Promise<void> | void;
	/** Why the case cannot run with this sandbox and n8n (e.g. no PostgreSQL); the runner then skips it with that line. */
	unavailable?(sandbox: Sandbox, major: Major): string | undefined;
}

/** Executed once with `n8n execute --id` (the workflow starts at its Manual Trigger). */
export interface ExecuteCase extends BaseCase {
	kind: 'execute';
	/** Executions in a row (e.g. 2 to check that a re-run changes nothing); verify sees the last one's output. */
	runs?: number;
	/** The run is meant to stop before the workflow's end (nothing to import): skip the every-branch-ends check. */
	stopsEarly?: boolean;
	verify(ctx: CaseContext, outputs: NodeOutputs): Promise<void> | void;
}

export interface ServerContext extends CaseContext {
	/** n8n's base URL, e.g. http://127.0.0.1:5678. */
	n8nUrl: string;
	/** POSTs JSON to /webhook/<path>, retrying while n8n is still starting or the webhook is not registered yet. */
	postWebhook(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
	/** n8n's REST API as the owner. */
	rest: RestCall;
	/** Runs a workflow from its Manual Trigger in the server, as the editor does (Data Tables work only there); throws on a failed run. */
	runManually(workflowId: string, trigger?: string): Promise<NodeOutputs>;
}

/**
 * Activated, then served by `n8n start`: `trigger` drives it (e.g. a webhook
 * POST; omit it for polling triggers, which poll on activation and then on
 * schedule). `verify` is retried until it passes or the case times out.
 */
export interface ActiveCase extends BaseCase {
	kind: 'active';
	trigger?(ctx: ServerContext): Promise<unknown>;
	verify(ctx: ServerContext, triggered: unknown): Promise<void> | void;
	/** How long verify may keep failing; default 30 s. A poll on an every-minute schedule needs ~90 s. */
	timeoutMs?: number;
}

/** A check on the running n8n server itself (its REST API, as the editor uses it), with no workflow. */
export interface ServerCase {
	kind: 'server';
	name: string;
	verify(ctx: Omit<ServerContext, 'workflowId'>): Promise<void> | void;
}

export type E2eCase = ExecuteCase | ActiveCase | ServerCase;
export type WorkflowCase = ExecuteCase | ActiveCase;

/** Throws with `message` unless `condition` holds; cases assert with this (no jest here). */
export function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

/** A list for a failure message: the first few entries and how many more there are. */
export function few(values: unknown[], shown = 5): string {
	const more = values.length > shown ? ` and ${values.length - shown} more` : '';
	return `${JSON.stringify(values.slice(0, shown))}${more}`;
}
