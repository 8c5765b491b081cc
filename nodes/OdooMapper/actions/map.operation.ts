import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import {
	MappingSpecError,
	PRESETS,
	createMapper,
	getPreset,
	parseMappingSpec,
	parseTables,
	presetSpec,
	reverseSpec,
	tablesFromRows,
	type FetchBinary,
	type FieldsGetResult,
	type IrreversibleField,
	type LookupTables,
	type MapperDeps,
	type MappingSpec,
} from '../../../lib/mapping';
import type { ItemOutcome } from '../../../lib/n8n/items';
import { connectOdoo } from '../../../lib/n8n/odoo';
import { createRelationResolver } from '../../../lib/sync/relations';
import { odooAuth } from '../shared/descriptions';
import type { MapperBatch } from '../shared/operation';

const mapOnly = { show: { operation: ['map'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Mapping',
		name: 'mappingSource',
		type: 'options',
		noDataExpression: true,
		displayOptions: mapOnly,
		options: [
			{
				name: 'Preset',
				value: 'preset',
				description: 'A ready-made mapping from the documented integrations',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'Your own mapping (start from a preset: its JSON is in the docs)',
			},
		],
		default: 'preset',
	},
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: ['map'], mappingSource: ['preset'] } },
		options: PRESETS.map((p) => ({ name: p.label, value: p.name, description: p.description })),
		default: 'catalog-product',
	},
	{
		displayName: 'Mapping JSON',
		name: 'mappingJson',
		type: 'json',
		displayOptions: { show: { operation: ['map'], mappingSource: ['json'] } },
		default: JSON.stringify(getPreset('catalog-product').spec, null, 2),
		description: 'The mapping: source, target, model, key, fields, tables, bidirectional',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		noDataExpression: true,
		displayOptions: mapOnly,
		options: [
			{ name: 'Source → Target (as Written)', value: 'forward' },
			{
				name: 'Target → Source (Reversed)',
				value: 'reverse',
				description: 'Only for bidirectional mappings; fields that cannot be reversed are left out',
			},
		],
		default: 'forward',
	},
	{
		displayName: 'Lookup Tables',
		name: 'tablesInput',
		type: 'options',
		noDataExpression: true,
		displayOptions: mapOnly,
		options: [
			{ name: 'From the Mapping', value: 'none' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Rows', value: 'rows' },
		],
		default: 'none',
		description:
			'Tables given here replace same-named tables of the mapping (e.g. your category IDs)',
	},
	{
		displayName: 'Tables JSON',
		name: 'tablesJson',
		type: 'json',
		displayOptions: { show: { operation: ['map'], tablesInput: ['json'] } },
		default: '{\n  "categories": { "Electronics": 5 }\n}',
		description: 'Table name → key → value',
	},
	{
		displayName: 'Table Rows',
		name: 'tableRows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: { show: { operation: ['map'], tablesInput: ['rows'] } },
		default: {},
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{ displayName: 'Table', name: 'table', type: 'string', default: '' },
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Whole numbers are stored as numbers (Odoo IDs)',
					},
				],
			},
		],
	},
	{
		displayName: 'Use Odoo',
		name: 'useOdoo',
		type: 'boolean',
		noDataExpression: true,
		displayOptions: mapOnly,
		default: false,
		description:
			'Whether to connect to Odoo to resolve many2one/many2many values and check custom fields',
	},
	odooAuth.authentication,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: mapOnly,
		default: {},
		options: [
			{
				displayName: 'Keep Source',
				name: 'keepSource',
				type: 'boolean',
				default: false,
				description: 'Whether to keep the input item under _source',
			},
			{
				displayName: 'Add Mapping Metadata',
				name: 'includeMetadata',
				type: 'boolean',
				default: false,
				description:
					'Whether to add _mapping: fields set, skipped and defaulted, key, model, irreversible fields',
			},
		],
	},
];

type TableRow = { table: string; key: string; value: string };

/** The mapping and its tables as given for item i (parsed once per batch). */
interface Settings {
	preset?: string;
	mappingJson?: unknown;
	reverse: boolean;
	tablesJson?: unknown;
	tableRows?: TableRow[];
}

/**
 * The mapping is read per item, but one mapper maps a whole batch so relations resolve in bulk: items with another
 * mapping form another batch.
 */
export function settings(ctx: IExecuteFunctions, i: number): Settings {
	const tablesInput = ctx.getNodeParameter('tablesInput', i, 'none') as string;
	return {
		...(ctx.getNodeParameter('mappingSource', i) === 'preset'
			? { preset: ctx.getNodeParameter('preset', i) as string }
			: { mappingJson: ctx.getNodeParameter('mappingJson', i) }),
		reverse: ctx.getNodeParameter('direction', i, 'forward') === 'reverse',
		...(tablesInput === 'json' ? { tablesJson: ctx.getNodeParameter('tablesJson', i) } : {}),
		...(tablesInput === 'rows'
			? { tableRows: ctx.getNodeParameter('tableRows.row', i, []) as TableRow[] }
			: {}),
	};
}

function specFrom(
	ctx: IExecuteFunctions,
	s: Settings,
): { spec: MappingSpec; irreversible: IrreversibleField[] } {
	try {
		const tables: LookupTables | undefined =
			s.tablesJson !== undefined
				? parseTables(s.tablesJson)
				: s.tableRows
					? tablesFromRows(s.tableRows)
					: undefined;
		const spec =
			s.preset !== undefined
				? presetSpec(s.preset, tables)
				: parseMappingSpec(s.mappingJson, { tables });
		return s.reverse ? reverseSpec(spec) : { spec, irreversible: [] };
	} catch (error) {
		const description =
			error instanceof MappingSpecError
				? 'Fix the mapping at the path shown; see the mapping reference in the README.'
				: undefined;
		throw new NodeOperationError(ctx.getNode(), `Invalid mapping: ${(error as Error).message}`, {
			description,
		});
	}
}

/** Downloads through n8n's HTTP helper, so the instance's proxy and TLS settings apply. */
function n8nFetchBinary(ctx: IExecuteFunctions): FetchBinary {
	return async (url) => {
		const response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as {
			statusCode: number;
			headers: Record<string, string | undefined>;
			body: ArrayBuffer | Buffer;
		};
		if (response.statusCode >= 400)
			throw new NodeOperationError(ctx.getNode(), `HTTP ${response.statusCode}`);
		return {
			body: new Uint8Array(response.body as ArrayBuffer),
			contentType: response.headers['content-type'],
		};
	};
}

/** Maps the batch with one mapper: a mapping problem fails the batch before any item, an item's problem only that item. */
export async function execute({
	ctx,
	items,
	settings: s,
}: MapperBatch<Settings>): Promise<ItemOutcome[]> {
	const { spec, irreversible } = specFrom(ctx, s);
	const deps: MapperDeps = { fetchBinary: n8nFetchBinary(ctx) };
	if (ctx.getNodeParameter('useOdoo', 0)) {
		const client = await connectOdoo(ctx);
		deps.resolver = createRelationResolver(client);
		deps.fieldsGet = async (model, names) =>
			(await client.fieldsGet(model, names)) as FieldsGetResult;
	}
	const input = ctx.getInputData();
	const results = await createMapper(spec, deps).map(items.map((i) => input[i].json));
	return results.map((result, n): ItemOutcome => {
		const i = items[n];
		if (result.status === 'filtered') return { json: [] };
		if (result.status === 'failed') return { error: result.error };
		const options = ctx.getNodeParameter('options', i, {}) as {
			keepSource?: boolean;
			includeMetadata?: boolean;
		};
		const json: IDataObject = { ...(result.values as IDataObject) };
		if (options.keepSource) json._source = input[i].json;
		if (options.includeMetadata)
			json._mapping = {
				...result.meta,
				model: spec.model ?? null,
				key: spec.key ?? [],
				irreversible,
			} as unknown as IDataObject;
		return { json };
	});
}
