import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { credentialTest, odooCredentialDescriptions } from '../../lib/n8n/odoo';
import { operationOption, operationProperty, resourceProperty } from '../../lib/n8n/descriptions';
import { SEVEN_TARGETS_CREDENTIAL } from '../../lib/n8n/seventargets';
import { resources, router } from './actions/router';

const odooAuth = odooCredentialDescriptions({ resource: ['odooSetup'] });

/** 7Targets for its own operations; Odoo for the Odoo resource (Sync Assistants needs both). */
const credentials = [
	{
		name: SEVEN_TARGETS_CREDENTIAL,
		required: true,
		displayOptions: {
			show: { operation: ['assign', 'update', 'stopFollowup', 'list', 'syncAssistants'] },
		},
	},
	...odooAuth.credentials,
];

const op = operationOption;
const operation = operationProperty;

export class SevenTargets implements INodeType {
	description: INodeTypeDescription = {
		displayName: '7Targets',
		name: 'sevenTargets',
		icon: { light: 'file:seventargets.svg', dark: 'file:seventargets.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Assign Odoo leads to 7Targets AI sales assistants, update them, stop their follow-up, and prepare Odoo for it',
		defaults: { name: '7Targets' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties: [
			resourceProperty(
				[
					['Assistant', 'assistant'],
					['Lead', 'lead'],
					['Odoo', 'odooSetup'],
				],
				'lead',
			),
			operation(
				'lead',
				[
					op('Assign', 'assign', 'Assign a lead', 'Give a lead to an assistant (POST /leads)'),
					op(
						'Stop Follow-Up',
						'stopFollowup',
						'Stop the follow-up of a lead',
						'The assistant stops writing to the lead',
					),
					op('Update', 'update', 'Update a lead', 'Change a lead found by its email (PUT /leads)'),
				],
				'assign',
			),
			operation(
				'assistant',
				[op('List', 'list', 'List assistants', 'Every assistant, following every page')],
				'list',
			),
			operation(
				'odooSetup',
				[
					op(
						'Prepare Odoo',
						'prepare',
						'Prepare Odoo for 7Targets',
						'Create the 7Targets fields on leads, stages and partners and fill the state → stage table; running it again changes nothing',
					),
					op(
						'Status Back to Odoo',
						'statusBack',
						'Write a 7Targets state back to Odoo',
						'Set the connection status and stage of the leads of an email; on a final state hand the lead back to its owner with an activity',
					),
					op(
						'Sync Assistants',
						'syncAssistants',
						'Sync assistants to Odoo',
						'Create or update one Odoo partner per 7Targets assistant',
					),
				],
				'prepare',
			),
			odooAuth.authentication,
			...Object.values(resources).flatMap((r) => r.description),
		],
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
