import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { QobraError, type WaitOptions } from '../../../lib/qobra';

export const showFor = (...operation: string[]) => ({ show: { operation } });

export { csv, jsonParam } from '../../../lib/n8n/items';

export function requiredString(
	ctx: IExecuteFunctions,
	name: string,
	i: number,
	label: string,
): string {
	const value = String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	if (!value) throw new QobraError('input', `${label} is empty: fill it in`);
	return value;
}

/** The data table's API name: the push URL's `{data_table_key}`. */
export const tableProperty = (...operation: string[]): INodeProperties => ({
	displayName: 'Data Table Key',
	name: 'table',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'odoo_sale_orders',
	description:
		"The data table's API name in Qobra (Data tables › edit the table). Create the table once from a CSV first: Table Template gives its header.",
	displayOptions: showFor(...operation),
});

export const modeProperty = (...operation: string[]): INodeProperties => ({
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	options: [
		{
			name: 'Replace All',
			value: 'replace',
			description: 'Qobra empties the table, then imports these rows (all=true on the first call)',
		},
		{
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
	],
	default: 'replace',
	displayOptions: showFor(...operation),
});

/** How a push sends its rows and whether it waits for Qobra's import. */
export const pushOptionsProperty = (...operation: string[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: showFor(...operation),
	options: [
		{
			displayName: 'Rows per Call',
			name: 'chunkSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 5000,
		},
		{
			displayName: 'Debounce (Seconds)',
			name: 'debounce',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description:
				"Qobra waits this long after the last call before importing, so a push's calls become one import",
		},
		{
			displayName: 'Wait for Import',
			name: 'wait',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until Qobra finished the import and report its counts and per-line errors',
		},
		...waitOptions,
	],
});

const waitOptions: INodeProperties[] = [
	{
		displayName: 'Time Limit (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600,
		description: 'Stop waiting after this long (the import goes on in Qobra)',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'interval',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 2,
	},
];

export const waitOptionsProperty = (...operation: string[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: showFor(...operation),
	options: waitOptions,
});

export interface PushSettings {
	table: string;
	mode: 'replace' | 'upsert';
	chunkSize: number;
	debounce: number;
	wait: boolean;
	waitFor: WaitOptions;
}

/** Item i's push settings (table, mode, chunking, waiting). */
export function pushSettings(ctx: IExecuteFunctions, i: number): PushSettings {
	const o = ctx.getNodeParameter('options', i, {}) as IDataObject;
	return {
		table: requiredString(ctx, 'table', i, 'Data Table Key'),
		mode: ctx.getNodeParameter('mode', i, 'replace') as PushSettings['mode'],
		chunkSize: Math.max(1, Number(o.chunkSize ?? 5000)),
		debounce: Math.max(0, Math.round(Number(o.debounce ?? 5))),
		wait: o.wait !== false,
		waitFor: waitFor(o),
	};
}

export function waitFor(o: IDataObject): WaitOptions {
	return {
		timeoutMs: Number(o.timeout ?? 600) * 1000,
		intervalMs: Number(o.interval ?? 2) * 1000,
	};
}
