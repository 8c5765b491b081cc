import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
	FieldType,
} from 'n8n-workflow';
import { connectOdoo, EDITOR_RETRY } from '../../../lib/n8n/odoo';

function currentModel(ctx: ILoadOptionsFunctions): string {
	const model = ctx.getCurrentNodeParameter('model') as { value?: string } | string | undefined;
	return String((typeof model === 'object' ? model?.value : model) ?? '').trim();
}

const FIELD_TYPES: Record<string, FieldType> = {
	boolean: 'boolean',
	integer: 'number',
	float: 'number',
	monetary: 'number',
	date: 'dateTime',
	datetime: 'dateTime',
	selection: 'options',
	many2many: 'array',
	one2many: 'array',
};

export const listSearch = {
	async searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const client = await connectOdoo(this, EDITOR_RETRY);
		const domain = filter ? ['|', ['model', 'ilike', filter], ['name', 'ilike', filter]] : [];
		const models = await client.searchRead('ir.model', [['transient', '=', false], ...domain], {
			fields: ['model', 'name'],
			order: 'model',
			limit: 200,
		});
		return {
			results: models.map((m) => ({ name: `${m.name} (${m.model})`, value: String(m.model) })),
		};
	},
};

export const loadOptions = {
	async getFieldNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const model = currentModel(this);
		if (!model) return [];
		const fields = await (await connectOdoo(this, EDITOR_RETRY)).fieldsGet(model);
		return Object.entries(fields)
			.map(([name, f]) => ({ name: `${f.string} (${name})`, value: name, description: f.type }))
			.sort((a, b) => a.name.localeCompare(b.name));
	},
};

export const resourceMapping = {
	/** The model's writable fields, typed, with Odoo's required marks. */
	async getMappingColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const model = currentModel(this);
		if (!model) return { fields: [], emptyFieldsNotice: 'Choose a model first' };
		const fields = await (await connectOdoo(this, EDITOR_RETRY)).fieldsGet(model);
		const columns: ResourceMapperField[] = Object.entries(fields)
			.filter(
				([name, f]) =>
					!f.readonly &&
					f.store !== false &&
					!['id', '__last_update', 'display_name'].includes(name),
			)
			.map(([name, f]) => ({
				id: name,
				displayName: `${f.string} (${name})`,
				required: !!f.required,
				defaultMatch: false,
				canBeUsedToMatch: true,
				display: true,
				type: FIELD_TYPES[f.type] ?? 'string',
				options: f.selection?.map(([value, label]) => ({ name: label, value })),
			}))
			.sort((a, b) => Number(b.required) - Number(a.required) || a.id.localeCompare(b.id));
		return { fields: columns };
	},
};
