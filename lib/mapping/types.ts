/**
 * The seams between the mapper and the outside world. Everything that talks to
 * Odoo or the network is injected, so the mapper stays a pure function of its
 * inputs and can be tested without either.
 */

/**
 * The binder side of many2one resolution: turns external keys into Odoo ids.
 * Called once per (model, keyField, context) per batch with every distinct value;
 * a value missing from the returned map is unresolved.
 */
export interface RelationResolver {
	resolve(
		model: string,
		keyField: string,
		values: string[],
		context?: Record<string, unknown>,
	): Promise<Map<string, number>>;
}

/** One entry of Odoo's `fields_get` answer. */
export interface OdooFieldInfo {
	type: string;
	string: string;
	required?: boolean;
	relation?: string;
	selection?: [string, string][];
}

export type FieldsGetResult = Record<string, OdooFieldInfo>;
/** `names`: fields about to be used, so descriptions cached before they existed are fetched again. */
export type FieldsGet = (model: string, names?: string[]) => Promise<FieldsGetResult>;

/** A downloaded file. `contentType` is the response's Content-Type header, when there was one. */
export interface BinaryResponse {
	body: Uint8Array;
	contentType?: string;
}
export type FetchBinary = (url: string) => Promise<BinaryResponse>;

/** Lookup tables: table name → key → value (an Odoo id, a name, a state...). */
export type LookupTables = Record<string, Record<string, string | number | boolean | null>>;

/** What a mapper needs from its surroundings; each piece is only required by the features that use it. */
export interface MapperDeps {
	resolver?: RelationResolver;
	fieldsGet?: FieldsGet;
	fetchBinary?: FetchBinary;
	/** Tables supplied at run time; they override same-named tables of the spec. */
	tables?: LookupTables;
}

/** A failure of one item: names the field it happened on so the user can find the record and fix it. */
export class MappingError extends Error {
	constructor(
		message: string,
		readonly field?: string,
	) {
		super(message);
		this.name = 'MappingError';
	}
}

/** A configuration problem that concerns every item (e.g. a missing custom field). Raised before any item is mapped. */
export class MappingConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MappingConfigError';
	}
}
