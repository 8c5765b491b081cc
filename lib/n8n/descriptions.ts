import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** One entry of an Operation list. */
export const operationOption = (
	name: string,
	value: string,
	action: string,
	description: string,
): INodePropertyOptions => ({ name, value, action, description });

/** The Operation parameter of one resource of a resource/operation node. */
export const operationProperty = (
	resource: string,
	options: INodePropertyOptions[],
	def: string,
): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: [resource] } },
	options,
	default: def,
});
