import type { Domain, FieldsInfo, OdooRecord } from '../odoo';
import type { DataImport, ParsingErrorDetail, QobraClient, QobraRow, WaitOptions } from './client';
import { QobraConverter, tableTemplate } from './convert';

/** The part of OdooClient an export uses: reads only, so a read-only credential is enough. */
export interface OdooSource {
	fieldsGet(model: string, names?: string[]): Promise<FieldsInfo>;
	searchReadPages(
		model: string,
		domain: Domain,
		o: { fields?: string[]; pageSize?: number },
	): AsyncIterable<OdooRecord[]>;
	read(model: string, ids: number[], fields: string[]): Promise<Array<Record<string, unknown>>>;
}

export interface ExportOptions {
	model: string;
	/** The data table's API name in Qobra. */
	table: string;
	/** Odoo fields to export (the table's columns); empty: every stored field Qobra can hold. */
	fields?: string[];
	domain?: Domain;
	/** `replace`: the first call carries `all=true`, so Qobra empties the table before importing; `upsert`: add/update by id. */
	mode?: 'replace' | 'upsert';
	/** Odoo records per page (keyset paging): memory holds one page at a time, whatever the table's size. */
	pageSize?: number;
	/** Rows per push call. */
	chunkSize?: number;
	/** Seconds Qobra waits before launching, so the calls of one export stack into one import. */
	debounce?: number;
	/** Called after each push, e.g. to log progress. */
	onChunk?: (pushed: number) => void;
}

export interface ExportResult {
	model: string;
	table: string;
	mode: 'replace' | 'upsert';
	records: number;
	calls: number;
	pages: number;
	/** Distinct import ids in the order Qobra gave them (stacked calls share one). */
	importIds: string[];
	/** Users named by the records who have no email, so Qobra cannot reference them: their cells are empty. */
	usersWithoutEmail: Array<{ id: number; login: string }>;
}

/**
 * Streams an Odoo model into a Qobra data table: each page read from Odoo is converted and pushed before the next
 * one is read, so memory does not grow with the table. Nothing is written to Odoo.
 */
export async function exportOdooTable(
	odoo: OdooSource,
	qobra: QobraClient,
	o: ExportOptions,
): Promise<ExportResult> {
	const mode = o.mode ?? 'replace';
	const fields = await odoo.fieldsGet(o.model, o.fields);
	const converter = new QobraConverter(tableTemplate(o.model, fields, o.fields), fields, odoo);
	const result: ExportResult = {
		model: o.model,
		table: o.table,
		mode,
		records: 0,
		calls: 0,
		pages: 0,
		importIds: [],
		usersWithoutEmail: converter.usersWithoutEmail,
	};
	const chunkSize = o.chunkSize ?? 5000;
	const push = async (rows: QobraRow[]) => {
		const id = await qobra.pushRecords(o.table, rows, {
			replaceAll: mode === 'replace' && result.calls === 0,
			debounce: o.debounce,
		});
		result.calls++;
		result.records += rows.length;
		if (!result.importIds.includes(id)) result.importIds.push(id);
		o.onChunk?.(result.records);
	};
	const pages = odoo.searchReadPages(o.model, o.domain ?? [], {
		fields: converter.readFields,
		pageSize: o.pageSize ?? 5000,
	});
	for await (const page of pages) {
		result.pages++;
		const rows = await converter.convert(page);
		for (let i = 0; i < rows.length; i += chunkSize) await push(rows.slice(i, i + chunkSize));
	}
	// An empty model still empties the table on a full refresh.
	if (result.calls === 0 && mode === 'replace') await push([]);
	return result;
}

/** One line of an import that Qobra could not take. */
export interface ImportLineError {
	table: string;
	line: number | null;
	error: string;
	details?: string;
	row?: Record<string, unknown>;
}

export interface ImportSummary {
	importId: string;
	status: DataImport['status'];
	progress: number;
	/** Records Qobra imported, summed over the import's tables (null when Qobra does not say). */
	imported: number | null;
	errors: ImportLineError[];
}

/** The import's status, counts and per-line errors, flattened for an n8n item. */
export function summarizeImport(dataImport: DataImport, table?: string): ImportSummary {
	const tables = dataImport.data_tables_details.filter(
		(t) => table === undefined || t.data_table_key === table,
	);
	const counts = tables.map((t) => t.number_of_records);
	const errors: ImportLineError[] = [];
	for (const t of tables) {
		if (!t.error) continue;
		const lines: ParsingErrorDetail[] = t.error.parsing_error_details ?? [];
		if (!lines.length)
			errors.push({
				table: t.data_table_key,
				line: null,
				error: `${t.error.title}: ${t.error.description}`,
			});
		for (const l of lines)
			errors.push({
				table: t.data_table_key,
				line: l.line_number,
				error: t.error.description,
				details: l.details,
				row: l.row,
			});
	}
	return {
		importId: dataImport.id,
		status: dataImport.status,
		progress: dataImport.progress,
		imported: counts.some((c) => typeof c === 'number')
			? counts.reduce<number>((sum, c) => sum + (c ?? 0), 0)
			: null,
		errors,
	};
}

/** What became of a push or an export once its imports finished: counts and every line Qobra refused. */
export interface ImportsOutcome {
	importIds: string[];
	status: DataImport['status'];
	imported: number | null;
	errors: Array<ImportLineError & { importId: string }>;
}

/** Waits for each import in turn (they run in order in Qobra) and adds up what they did to `table`. */
export async function waitForImports(
	qobra: QobraClient,
	importIds: string[],
	table: string,
	o: WaitOptions = {},
): Promise<ImportsOutcome> {
	const outcome: ImportsOutcome = { importIds, status: 'finished', imported: null, errors: [] };
	for (const id of importIds) {
		const summary = summarizeImport(await qobra.waitForImport(id, o), table);
		if (summary.imported !== null) outcome.imported = (outcome.imported ?? 0) + summary.imported;
		outcome.errors.push(...summary.errors.map((e) => ({ importId: id, ...e })));
	}
	return outcome;
}
