import { OdooError, type OdooClient, type OdooRecord } from '../odoo';
import { Upserter, type UpsertAction } from '../sync';
import { SEVEN_TARGETS_STAGE_TABLE, sevenTargetsState } from '../mapping/presets/seventargets';
import type { SevenTargetsRecord } from './client';
import { SevenTargetsError } from './errors';

/**
 * What the vendor's Odoo module adds, as custom fields on existing models (no module, no custom
 * model, so no access rules to keep): assistants are partners carrying their 7Targets id, the
 * stage↔state table lives on the stages, and the lead carries assistant, sequence, connection
 * status, 7Targets lead id, original owner and what was last sent.
 */
export interface FieldSpec {
	model: string;
	name: string;
	ttype: 'char' | 'text' | 'integer' | 'many2one';
	label: string;
	relation?: string;
	domain?: string;
}

export const SEVEN_TARGETS_FIELDS: FieldSpec[] = [
	{
		model: 'res.partner',
		name: 'x_7t_assistant_ref',
		ttype: 'integer',
		label: '7Targets Assistant ID',
	},
	{ model: 'crm.stage', name: 'x_7t_states', ttype: 'char', label: '7Targets States' },
	{ model: 'crm.stage', name: 'x_7t_sequence', ttype: 'char', label: '7Targets Sequence' },
	{
		model: 'crm.lead',
		name: 'x_7t_assistant_id',
		ttype: 'many2one',
		relation: 'res.partner',
		domain: "[('x_7t_assistant_ref', '!=', 0)]",
		label: '7Targets Assistant',
	},
	{ model: 'crm.lead', name: 'x_7t_sequence', ttype: 'char', label: '7Targets Sequence' },
	{ model: 'crm.lead', name: 'x_7t_status', ttype: 'char', label: '7Targets Connection Status' },
	{ model: 'crm.lead', name: 'x_7t_lead_ref', ttype: 'integer', label: '7Targets Lead ID' },
	{
		model: 'crm.lead',
		name: 'x_7t_owner_id',
		ttype: 'many2one',
		relation: 'res.users',
		label: 'Owner Before 7Targets',
	},
	// The Update template's memory: the body last sent, so unchanged leads are not sent again.
	{ model: 'crm.lead', name: 'x_7t_sent', ttype: 'text', label: '7Targets Last Sent' },
];

export interface PrepareResult {
	created: string[];
	existing: string[];
	/** Stages given their states by this run (stages that had states keep them). */
	stages: { id: number; name: string; states: string }[];
}

/** `{state: stage}` → `{stage: "state, state"}`, in the table's order. */
export function statesByStage(table: Record<string, string>): Map<string, string> {
	const out = new Map<string, string[]>();
	for (const [state, stage] of Object.entries(table))
		out.set(stage, [...(out.get(stage) ?? []), state]);
	return new Map([...out].map(([stage, states]) => [stage, states.join(', ')]));
}

/**
 * Creates the fields that are missing and gives stages without states those of `table`
 * (state → stage name). A second run finds everything and writes nothing.
 */
export async function prepareOdoo(
	client: OdooClient,
	table: Record<string, string> = SEVEN_TARGETS_STAGE_TABLE,
): Promise<PrepareResult> {
	refuseReadOnly(client);
	const models = [...new Set(SEVEN_TARGETS_FIELDS.map((f) => f.model))];
	const [irModels, existing] = await Promise.all([
		client.searchRead('ir.model', [['model', 'in', models]], { fields: ['model'] }),
		client.searchRead(
			'ir.model.fields',
			[
				['model', 'in', models],
				['name', 'in', SEVEN_TARGETS_FIELDS.map((f) => f.name)],
			],
			{ fields: ['model', 'name'] },
		),
	]);
	const modelId = new Map(irModels.map((m) => [m.model as string, m.id]));
	const absent = models.filter((m) => !modelId.has(m));
	if (absent.length)
		throw new OdooError(
			'validation',
			`Odoo has no ${absent.join(', ')}: install the CRM app before preparing Odoo for 7Targets`,
		);
	const have = new Set(existing.map((f) => `${f.model}.${f.name}`));
	const missing = SEVEN_TARGETS_FIELDS.filter((f) => !have.has(`${f.model}.${f.name}`));
	if (missing.length)
		await client.create(
			'ir.model.fields',
			missing.map((f) => ({
				model_id: modelId.get(f.model),
				name: f.name,
				field_description: f.label,
				ttype: f.ttype,
				state: 'manual',
				...(f.relation ? { relation: f.relation, on_delete: 'set null' } : {}),
				...(f.domain ? { domain: f.domain } : {}),
			})),
		);
	const stages = await fillStages(client, statesByStage(table));
	return {
		created: missing.map((f) => `${f.model}.${f.name}`),
		existing: SEVEN_TARGETS_FIELDS.filter((f) => have.has(`${f.model}.${f.name}`)).map(
			(f) => `${f.model}.${f.name}`,
		),
		stages,
	};
}

async function fillStages(
	client: OdooClient,
	wanted: Map<string, string>,
): Promise<PrepareResult['stages']> {
	const stages = await client.searchRead(
		'crm.stage',
		[
			['name', 'in', [...wanted.keys()]],
			['x_7t_states', '=', false],
		],
		{ fields: ['name'] },
	);
	// Stages may share a name (one per team): each gets the states of its name.
	const byStates = new Map<string, OdooRecord[]>();
	for (const s of stages) {
		const states = wanted.get(s.name as string)!;
		byStates.set(states, [...(byStates.get(states) ?? []), s]);
	}
	for (const [states, records] of byStates)
		await client.write(
			'crm.stage',
			records.map((r) => r.id),
			{ x_7t_states: states },
		);
	return stages.map((s) => ({
		id: s.id,
		name: s.name as string,
		states: wanted.get(s.name as string)!,
	}));
}

/** Assistants become partners keyed by email, carrying their 7Targets id; unchanged ones are not written. */
export async function syncAssistants(
	client: OdooClient,
	assistants: SevenTargetsRecord[],
): Promise<{ id?: number; email: string; action: UpsertAction; error?: string }[]> {
	const items = assistants.map((a) => ({
		vals: {
			email: String(a.emailid ?? a.email ?? ''),
			name: String(a.name ?? a.emailid),
			x_7t_assistant_ref: Number(a.id),
		},
	}));
	refuseReadOnly(client);
	const results = await new Upserter(client, 'res.partner').upsert(items, {
		binding: { fields: ['email'] },
	});
	return results.map((r, n) => ({
		id: r.id,
		email: items[n].vals.email,
		action: r.action,
		...(r.error ? { error: r.error.message } : {}),
	}));
}

/** Refused up front, even when there would be nothing to write: the user asked for a setup. */
function refuseReadOnly(client: OdooClient): void {
	if (client.readOnly)
		throw new OdooError(
			'access',
			"Preparing Odoo for 7Targets writes custom fields and records, and the Odoo credential is read-only: turn off 'Read-only' in it (nothing was changed)",
		);
}

/** States after which the assistant is done and the lead goes back to its owner, with why. */
export const FINAL_STATES: Record<string, string> = {
	Hot: 'the lead accepted to meet',
	Processed: 'the sequence finished without an answer from the lead',
	Unsubscribed: 'the lead unsubscribed: 7Targets will not write to it again',
	Deactivated: 'the lead asked to stop, or its email is invalid or bounced',
};

export interface StatusResult {
	id: number;
	name: string;
	status: string;
	action: 'updated' | 'unchanged';
	stage?: string;
	handedBackTo?: number;
	activityId?: number;
}

const loose = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** `s` as an (i)like pattern that matches only itself: `_` and `%` are wildcards in Odoo's like. */
function likeLiteral(s: string): string {
	return s.replace(/[\\%_]/g, '\\$&');
}

/**
 * A 7Targets state back into Odoo for the leads of `email` sent to 7Targets: the connection
 * status, the stage whose 7Targets States list it, and on a final state the lead back to its
 * original owner with an activity saying why. A state the lead already has changes nothing.
 */
export async function applyStatus(
	client: OdooClient,
	email: string,
	rawState: string,
): Promise<StatusResult[]> {
	const state = sevenTargetsState(rawState) ?? rawState.trim();
	if (!email.trim() || !state)
		throw new SevenTargetsError('input', 'Status back needs the lead email and its 7Targets state');
	refuseReadOnly(client);
	const [leads, stages] = await Promise.all([
		client.searchRead(
			'crm.lead',
			[
				['email_from', '=ilike', likeLiteral(email.trim())],
				['x_7t_lead_ref', '>', 0],
			],
			{ fields: ['name', 'stage_id', 'x_7t_status', 'x_7t_owner_id'] },
		),
		client.searchRead('crm.stage', [['x_7t_states', '!=', false]], {
			fields: ['name', 'x_7t_states'],
		}),
	]);
	const stage = stages.find((s) =>
		String(s.x_7t_states).split(',').map(loose).includes(loose(state)),
	);
	const reason = FINAL_STATES[state];
	const out: StatusResult[] = [];
	for (const lead of leads) {
		const base = { id: lead.id, name: String(lead.name), status: state };
		if (lead.x_7t_status === state) {
			out.push({ ...base, action: 'unchanged' });
			continue;
		}
		const owner = many2oneId(lead.x_7t_owner_id);
		const vals: Record<string, unknown> = { x_7t_status: state };
		if (stage && many2oneId(lead.stage_id) !== stage.id) vals.stage_id = stage.id;
		if (reason && owner) vals.user_id = owner;
		await client.write('crm.lead', [lead.id], vals);
		const result: StatusResult = { ...base, action: 'updated', stage: stage?.name as string };
		if (reason && owner) {
			const [activityId] = await client.create('mail.activity', [
				{
					res_model_id: await crmLeadModelId(client),
					res_id: lead.id,
					user_id: owner,
					summary: `7Targets: ${state}`,
					note: `7Targets handed this lead back to you: ${reason}.`,
				},
			]);
			Object.assign(result, { handedBackTo: owner, activityId });
		}
		out.push(result);
	}
	return out;
}

const many2oneId = (value: unknown): number | undefined =>
	Array.isArray(value) ? Number(value[0]) : typeof value === 'number' ? value : undefined;

async function crmLeadModelId(client: OdooClient): Promise<number> {
	const [id] = await client.search('ir.model', [['model', '=', 'crm.lead']], { limit: 1 });
	return id;
}
