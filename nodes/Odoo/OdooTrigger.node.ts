import {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	NodeConnectionTypes,
	UserError,
} from 'n8n-workflow';
import { atBoundary } from '../../lib/n8n/errors';
import {
	connectOdoo,
	credentialTest,
	odooCredentialDescriptions,
	retryForOption,
} from '../../lib/n8n/odoo';
import { initialCursor, poll, PollCursor, PollEvent, shapeRecord } from '../../lib/sync';
import { listSearch, loadOptions } from './methods';
import {
	fieldsProperty,
	modelProperty,
	retryForProperty,
	triggerDomainProperty,
} from './shared/descriptions';
import { parseDomain } from './shared/parameters';

interface Options {
	fields?: string[];
	maxItems?: number;
	overlapSeconds?: number;
	retryFor?: number;
	sampleSize?: number;
}

const auth = odooCredentialDescriptions();

export class OdooTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo Trigger',
		name: 'odooTrigger',
		icon: { light: 'file:odoo.svg', dark: 'file:odoo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] + ": " + ($parameter["model"].value || $parameter["model"])}}',
		description: 'Starts the workflow when Odoo records are created or updated (polling)',
		defaults: { name: 'Odoo Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: auth.credentials,
		properties: [
			auth.authentication,
			modelProperty('crm.lead'),
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Created or Updated', value: 'both' },
					{ name: 'Created', value: 'created' },
					{ name: 'Updated', value: 'updated' },
				],
				default: 'both',
			},
			triggerDomainProperty('[["type", "=", "opportunity"]]'),
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{ name: 'Now (Emit Nothing Old)', value: 'now' },
					{ name: 'A Date', value: 'date' },
					{ name: 'All Existing Records', value: 'all' },
				],
				default: 'now',
				description: 'Where the first poll after activation starts',
			},
			{
				displayName: 'Start Date (UTC)',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				displayOptions: { show: { startFrom: ['date'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					fieldsProperty(),
					{
						displayName: 'Max Records per Poll',
						name: 'maxItems',
						type: 'number',
						default: 100,
						typeOptions: { minValue: 1 },
						description: 'The rest come on the next poll',
					},
					{
						displayName: 'Overlap Window (Seconds)',
						name: 'overlapSeconds',
						type: 'number',
						default: 60,
						description:
							'How far behind the last change each poll looks again, for changes committed late (Odoo stamps write_date at transaction start)',
					},
					retryForProperty,
					{
						displayName: 'Sample Size (Manual Run)',
						name: 'sampleSize',
						type: 'number',
						default: 5,
						typeOptions: { minValue: 1 },
					},
				],
			},
		],
	};

	methods = { listSearch, loadOptions, credentialTest };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const model = String(this.getNodeParameter('model', '', { extractValue: true })).trim();
		const event = this.getNodeParameter('event', 'both') as PollEvent;
		const options = this.getNodeParameter('options', {}) as Options;
		const state = this.getWorkflowStaticData('node') as { cursor?: PollCursor; model?: string };
		return atBoundary(this, async () => {
			const client = await connectOdoo(this, retryForOption(options.retryFor));
			const domain = parseDomain(this.getNodeParameter('domain', '[]'));
			const fieldsInfo = await client.fieldsGet(model);
			const toItem = (r: Record<string, unknown>): INodeExecutionData => ({
				json: shapeRecord(fieldsInfo, r) as IDataObject,
			});
			if (this.getMode() === 'manual') {
				const sample = await client.searchRead(model, domain, {
					fields: options.fields,
					order: 'write_date desc, id desc',
					limit: options.sampleSize ?? 5,
				});
				return sample.length ? [sample.map(toItem)] : null;
			}
			if (!state.cursor || state.model !== model) {
				const startFrom = this.getNodeParameter('startFrom', 'now') as string;
				const from =
					startFrom === 'date'
						? utcStamp(String(this.getNodeParameter('startDate', '')))
						: (startFrom as 'now' | 'all');
				state.cursor = await initialCursor(client, model, event, from, { fields: options.fields });
				state.model = model;
				if (startFrom === 'now') return null;
			}
			const result = await poll(client, model, state.cursor, {
				event,
				domain,
				fields: options.fields,
				maxItems: options.maxItems,
				overlapSeconds: options.overlapSeconds,
			});
			state.cursor = result.cursor;
			return result.records.length ? [result.records.map(toItem)] : null;
		});
	}
}

/** n8n hands dates as ISO strings; Odoo compares UTC `YYYY-MM-DD HH:MM:SS`. */
function utcStamp(iso: string): string {
	const t = Date.parse(iso);
	if (Number.isNaN(t)) throw new UserError(`Start Date '${iso}' is not a date`);
	return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}
