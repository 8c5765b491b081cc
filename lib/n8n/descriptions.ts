import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The Resource parameter of a resource/operation node: `[name, value]` pairs, in the order shown. */
export const resourceProperty = (
	resources: Array<[string, string]>,
	def: string,
): INodeProperties => ({
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources.map(([name, value]) => ({ name, value })),
	default: def,
});

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
