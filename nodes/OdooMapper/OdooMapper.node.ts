import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	MappingSpecError,
	createMapper,
	parseMappingSpec,
	parseTables,
	presetSpec,
	qobraColumnTypes,
	reverseSpec,
	tablesFromRows,
	type FetchBinary,
	type FieldsGetResult,
	type IrreversibleField,
	type LookupTables,
	type MapperDeps,
	type MappingSpec,
} from '../../lib/mapping';
import { connectOdoo, credentialTest } from '../../lib/n8n/odoo';
import { createRelationResolver } from '../../lib/sync/relations';
import { odooAuth, properties } from './description';

type TableRow = { table: string; key: string; value: string };

function tablesFrom(ctx: IExecuteFunctions): LookupTables | undefined {
	const mode = ctx.getNodeParameter('tablesInput', 0, 'none') as string;
	if (mode === 'json') return parseTables(ctx.getNodeParameter('tablesJson', 0));
	if (mode === 'rows') return tablesFromRows(ctx.getNodeParameter('tableRows.row', 0, []) as TableRow[]);
	return undefined;
}

/** Downloads through n8n's HTTP helper, so the instance's proxy and TLS settings apply. */
function n8nFetchBinary(ctx: IExecuteFunctions): FetchBinary {
	return async (url) => {
		const response = (await ctx.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer', returnFullResponse: true, ignoreHttpStatusErrors: true })) as {
			statusCode: number;
			headers: Record<string, string | undefined>;
			body: ArrayBuffer | Buffer;
		};
		if (response.statusCode >= 400) throw new NodeOperationError(ctx.getNode(), `HTTP ${response.statusCode}`);
		return { body: new Uint8Array(response.body as ArrayBuffer), contentType: response.headers['content-type'] };
	};
}

export class OdooMapper implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo Field Mapper',
		name: 'odooMapper',
		icon: { light: 'file:odooMapper.svg', dark: 'file:odooMapper.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["mappingSource"] === "preset" ? $parameter["preset"] : "custom mapping"}}',
		description: 'Map items between Odoo and other systems with a declarative mapping: lookups, many2one by name, dates, money, images, presets',
		defaults: { name: 'Odoo Field Mapper' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: odooAuth.credentials,
		properties,
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getNodeParameter('operation', 0) === 'qobraTypes') {
			return [items.map((item, i) => ({ json: qobraColumnTypes((item.json.fields ?? item.json) as FieldsGetResult) as unknown as IDataObject, pairedItem: { item: i } }))];
		}

		// The mapping is one per run, not per item: every item goes through the same mapper so relations resolve in bulk.
		let spec: MappingSpec;
		let irreversible: IrreversibleField[] = [];
		try {
			const tables = tablesFrom(this);
			spec =
				this.getNodeParameter('mappingSource', 0) === 'preset'
					? presetSpec(this.getNodeParameter('preset', 0) as string, tables)
					: parseMappingSpec(this.getNodeParameter('mappingJson', 0), { tables });
			if (this.getNodeParameter('direction', 0) === 'reverse') ({ spec, irreversible } = reverseSpec(spec));
		} catch (error) {
			const description = error instanceof MappingSpecError ? 'Fix the mapping at the path shown; see the mapping reference in the README.' : undefined;
			throw new NodeOperationError(this.getNode(), `Invalid mapping: ${(error as Error).message}`, { description });
		}

		const deps: MapperDeps = { fetchBinary: n8nFetchBinary(this) };
		if (this.getNodeParameter('useOdoo', 0)) {
			const client = await connectOdoo(this);
			deps.resolver = createRelationResolver(client);
			deps.fieldsGet = async (model, names) => (await client.fieldsGet(model, names)) as FieldsGetResult;
		}
		const options = this.getNodeParameter('options', 0, {}) as { keepSource?: boolean; includeMetadata?: boolean };

		let results;
		try {
			results = await createMapper(spec, deps).map(items.map((item) => item.json));
		} catch (error) {
			// A configuration problem (missing custom field, no Odoo connection) or an Odoo failure: it concerns every item.
			throw new NodeOperationError(this.getNode(), error as Error);
		}

		const out: INodeExecutionData[] = [];
		results.forEach((result, i) => {
			if (result.status === 'filtered') return;
			if (result.status === 'failed') {
				if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), `Item ${i}: ${result.error.message}`, { itemIndex: i });
				out.push({ json: { error: result.error.message, field: result.error.field ?? null }, pairedItem: { item: i } });
				return;
			}
			const json: IDataObject = { ...(result.values as IDataObject) };
			if (options.keepSource) json._source = items[i].json;
			if (options.includeMetadata) json._mapping = { ...result.meta, model: spec.model ?? null, key: spec.key ?? [], irreversible } as unknown as IDataObject;
			out.push({ json, pairedItem: { item: i } });
		});
		return [out];
	}
}
