import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import {
	SECRET_HEADER,
	eventsFor,
	newSecret,
	normalizeDelivery,
	secretMatches,
	wantsEvent,
} from '../../lib/clientify';
import { CLIENTIFY_CREDENTIAL, connectClientify } from '../../lib/n8n/clientify';
import { atBoundary } from '../../lib/n8n/errors';

interface TriggerState {
	secret?: string;
	entity?: string;
	target?: string;
}

export class ClientifyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clientify Trigger',
		name: 'clientifyTrigger',
		icon: { light: 'file:clientify.svg', dark: 'file:clientify.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["entity"]}}',
		description: 'Starts the workflow when Clientify saves a contact, company, product or deal',
		defaults: { name: 'Clientify Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CLIENTIFY_CREDENTIAL, required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Entity',
				name: 'entity',
				type: 'options',
				options: [
					{ name: 'Company', value: 'company' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Deal', value: 'deal' },
					{ name: 'Product', value: 'product' },
				],
				default: 'contact',
				description:
					'Clientify keeps one webhook slot per entity; activating this trigger takes it over',
			},
			{
				displayName: 'Include Deletes',
				name: 'includeDeletes',
				type: 'boolean',
				default: false,
				description:
					'Whether deleted records also start the workflow (syncs never delete, so this is off by default)',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				// Without the secret we could not verify deliveries, so the slot must be registered again.
				if (!state.secret) return false;
				return atBoundary(this, async () => {
					const client = await connectClientify(this);
					const target = this.getNodeWebhookUrl('default');
					const slots = await client.listWebhooks(this.getNodeParameter('entity') as string);
					return slots.some((slot) => slot.target === target);
				});
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const entity = this.getNodeParameter('entity') as string;
				const target = this.getNodeWebhookUrl('default')!;
				const secret = newSecret();
				await atBoundary(this, async () =>
					(await connectClientify(this)).registerWebhook({
						entity,
						target,
						events: eventsFor(entity, this.getNodeParameter('includeDeletes') as boolean),
						headers: { [SECRET_HEADER]: secret },
					}),
				);
				Object.assign(state, { secret, entity, target });
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const entity = state.entity ?? (this.getNodeParameter('entity') as string);
				const target = state.target ?? this.getNodeWebhookUrl('default');
				const client = await connectClientify(this);
				try {
					// The slot may have been taken over since; only empty it when it still points at us.
					const slots = await client.listWebhooks(entity);
					if (slots.some((slot) => slot.target === target)) await client.deleteWebhook(entity);
				} catch (error) {
					this.logger.warn(
						`Clientify Trigger could not remove the ${entity} webhook: ${(error as Error).message}`,
					);
					return false;
				}
				delete state.secret;
				delete state.entity;
				delete state.target;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const received = this.getHeaderData()[SECRET_HEADER.toLowerCase()];
		if (!secretMatches(state.secret, received)) {
			this.getResponseObject()
				.status(401)
				.json({ detail: `Missing or wrong ${SECRET_HEADER} header.` });
			return { noWebhookResponse: true };
		}
		const delivery = normalizeDelivery(this.getBodyData());
		const entity = this.getNodeParameter('entity') as string;
		if (
			!delivery ||
			!wantsEvent(delivery.event, entity, this.getNodeParameter('includeDeletes') as boolean)
		) {
			// Acknowledge so Clientify does not retry, but start nothing.
			return { webhookResponse: { received: true, ignored: true } };
		}
		return { workflowData: [[{ json: { ...delivery } }]] };
	}
}
