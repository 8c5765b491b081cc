import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { atBoundary } from '../../lib/n8n/errors';
import { connectOdoo, credentialTest, odooCredentialDescriptions } from '../../lib/n8n/odoo';
import { newSecret, secretMatches } from '../../lib/secret';
import {
	DeliveryWindow,
	deliveryUrl,
	findRules,
	installRules,
	parseDelivery,
	removeRules,
	shapeDelivery,
	type InstantEvent,
} from '../../lib/sync';
import { listSearch, loadOptions } from './methods';
import { fieldsProperty, modelProperty, triggerDomainProperty } from './shared/descriptions';
import { parseDomain } from './shared/parameters';

interface TriggerState {
	secret?: string;
	/** The webhook URL the rules point at (without query), to find them again on deactivation. */
	url?: string;
}

interface Options {
	watch?: string[];
	dedupeSeconds?: number;
}

const auth = odooCredentialDescriptions();
/** Deliveries already turned into executions, per trigger node, in this n8n process. */
const delivered = new DeliveryWindow();

function model(ctx: IHookFunctions | IWebhookFunctions): string {
	return String(ctx.getNodeParameter('model', '', { extractValue: true })).trim();
}

export class OdooInstantTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo Instant Trigger',
		name: 'odooInstantTrigger',
		icon: { light: 'file:odoo.svg', dark: 'file:odoo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["events"].join(", ") + ": " + ($parameter["model"].value || $parameter["model"])}}',
		description:
			'Starts the workflow the moment Odoo (17+) creates, updates, archives or deletes a record: registers an automation rule with a webhook in Odoo',
		defaults: { name: 'Odoo Instant Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: auth.credentials,
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'Needs Odoo 17 or later with the Automation Rules module (base_automation), and a user with the Settings right. On activation it creates automation rules in Odoo; on deactivation it removes them. Otherwise use the polling Odoo Trigger.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			auth.authentication,
			modelProperty('res.partner'),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Created', value: 'created' },
					{ name: 'Updated', value: 'updated' },
					{ name: 'Archived', value: 'archived' },
					{ name: 'Deleted', value: 'deleted' },
				],
				default: ['created', 'updated'],
				required: true,
			},
			{
				...fieldsProperty(),
				displayName: 'Fields to Send',
				hint: "Leave empty to send the record's name only (display_name); id, create_date and write_date always come",
			},
			triggerDomainProperty('[["is_company", "=", true]]'),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						...fieldsProperty(),
						displayName: 'Watch Fields (Updated)',
						name: 'watch',
						hint: 'An update starts the workflow only when it changes one of these fields; leave empty for any change',
					},
					{
						displayName: 'De-Duplication Window (Seconds)',
						name: 'dedupeSeconds',
						type: 'number',
						default: 600,
						description:
							'A change (record ID and write date) delivered again within this time starts nothing',
					},
				],
			},
		],
	};

	methods = { listSearch, loadOptions, credentialTest };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const url = this.getNodeWebhookUrl('default')!;
				// Without the secret we could not verify deliveries, so the rules must be made again.
				if (!state.secret || state.url !== url) return false;
				const events = this.getNodeParameter('events', []) as InstantEvent[];
				const expected = events.map((e) => deliveryUrl(url, state.secret!, e)).sort();
				return atBoundary(this, async () => {
					const { urls } = await findRules(await connectOdoo(this), url);
					// The same rules with the secret we check; anything else is made again.
					return JSON.stringify(urls.sort()) === JSON.stringify(expected);
				});
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const url = this.getNodeWebhookUrl('default')!;
				const secret = newSecret();
				const options = this.getNodeParameter('options', {}) as Options;
				await atBoundary(this, async () => {
					const client = await connectOdoo(this);
					// The webhook URL changed (another WEBHOOK_URL, path or host): the old URL's rules go too.
					if (state.url && state.url !== url) await removeRules(client, state.url);
					return installRules(client, {
						model: model(this),
						events: this.getNodeParameter('events', []) as InstantEvent[],
						url,
						secret,
						send: this.getNodeParameter('fields', []) as string[],
						watch: options.watch,
						domain: parseDomain(this.getNodeParameter('domain', '[]')),
						label: `${this.getWorkflow().name ?? this.getWorkflow().id} / ${this.getNode().name}`,
					});
				});
				Object.assign(state, { secret, url });
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const url = state.url ?? this.getNodeWebhookUrl('default')!;
				try {
					await removeRules(await connectOdoo(this), url);
				} catch (error) {
					this.logger.warn(
						`Odoo Instant Trigger could not remove its automation rules from Odoo: ${(error as Error).message}`,
					);
					return false;
				}
				delete state.secret;
				delete state.url;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const query = this.getQueryData() as IDataObject;
		if (!secretMatches(state.secret, query.secret)) {
			this.getResponseObject().status(401).json({ detail: 'Missing or wrong secret.' });
			return { noWebhookResponse: true };
		}
		const delivery = parseDelivery(this.getBodyData(), query.event, model(this));
		const events = this.getNodeParameter('events', []) as InstantEvent[];
		const windowMs =
			((this.getNodeParameter('options', {}) as Options).dedupeSeconds ?? 600) * 1000;
		const key = `${this.getWorkflow().id}/${this.getNode().id}/${delivery?.key}`;
		if (!delivery || !events.includes(delivery.event) || !delivered.first(key, windowMs)) {
			// Acknowledged, so Odoo logs no failure, but nothing starts.
			return { webhookResponse: { received: true, ignored: true } };
		}
		return atBoundary(this, async () => {
			const client = await connectOdoo(this);
			const json = await shapeDelivery(
				client,
				await client.fieldsGet(model(this)),
				delivery.values,
			);
			return { workflowData: [[{ json: { ...json, _event: delivery.event } as IDataObject }]] };
		});
	}
}
