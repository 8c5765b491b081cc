import {
	defaultSleep,
	sendJson,
	type HttpRequest,
	type JsonService,
	type RequestFn,
} from '../http';
import { QobraError, errorFromResponse } from './errors';

const QOBRA: JsonService = {
	name: 'Qobra',
	error: (kind, message, extra) => new QobraError(kind, message, extra),
	errorFromResponse,
};

export const DEFAULT_BASE_URL = 'https://api.qobra.co/';

/** One data table row, keyed by the table's field API names; users are referenced by email. */
export type QobraRow = Record<string, unknown>;

export interface QobraClientOptions {
	apiKey: string;
	request: RequestFn;
	/** Overrides https://api.qobra.co/ (sandbox, tests, proxies); `/v1/…` and `/v2/…` go below it. */
	baseUrl?: string;
	/** How many times a 429 is retried before giving up. */
	maxRetries?: number;
	/** Injected so tests can count waits instead of sleeping. */
	sleep?: (ms: number) => Promise<void>;
}

export type ImportStatus = 'scheduled' | 'started' | 'finished';

export interface ParsingErrorDetail {
	line_number: number;
	row: Record<string, unknown>;
	details: string;
}

export interface TableImportDetail {
	type: string;
	status: ImportStatus;
	data_table_key: string;
	progress: number;
	number_of_records: number | null;
	error: {
		title: string;
		description: string;
		parsing_error_details?: ParsingErrorDetail[];
	} | null;
}

/** `GET /v1/imports/{id}`'s `data_import`: imports stack, so one import may cover several tables. */
export interface DataImport {
	id: string;
	status: ImportStatus;
	progress: number;
	created_at?: string;
	launched_at?: string | null;
	finished_at?: string | null;
	data_tables_details: TableImportDetail[];
}

export interface PushOptions {
	/** `all=true`: Qobra deletes the table's content before this import. */
	replaceAll?: boolean;
	/** Seconds Qobra waits before launching the import, so several calls stack into one import. */
	debounce?: number;
}

export interface WaitOptions {
	/** Give up after this long (the import goes on in Qobra). */
	timeoutMs?: number;
	intervalMs?: number;
	onProgress?: (dataImport: DataImport) => void;
}

/** The outcome of one `PUT /v1/users/bulk` call: Qobra upserts all of its users or none. */
export interface UserBatchResult {
	batch: number;
	/** Positions of the batch's first and last user in the input list (0-based). */
	first: number;
	last: number;
	status: 'upserted' | 'failed';
	count: number;
	emails: string[];
	error?: string;
}

export type ReportingKind = 'records' | 'statements';

export interface ReportingOptions {
	/** Records per page, 1–2000 (Qobra's maximum is the fastest). */
	pageSize?: number;
	/** ISO 8601: only records modified after / before this date. */
	modifiedAfter?: string;
	modifiedBefore?: string;
	/** Stop after this many records (all pages when omitted). */
	limit?: number;
}

interface ReportingPage {
	data?: QobraRow[];
	meta?: { next_start_id?: string | null; has_more?: boolean };
}

/** At most this many users per call (Qobra's documented limit). */
export const MAX_USERS_PER_CALL = 200;

/** A small typed client for Qobra's public API (v1 writes, v2 reporting). Throws only QobraError. */
export class QobraClient {
	readonly baseUrl: string;

	constructor(private readonly options: QobraClientOptions) {
		if (!options.apiKey)
			throw new QobraError('auth', 'Qobra API key is empty: set it in the Qobra API credential');
		const base = options.baseUrl?.trim() || DEFAULT_BASE_URL;
		this.baseUrl = base.endsWith('/') ? base : `${base}/`;
	}

	/** Sends rows to a data table; Qobra imports them in the background and answers the import's id. */
	async pushRecords(table: string, rows: QobraRow[], o: PushOptions = {}): Promise<string> {
		const res = (await this.send(
			'POST',
			`v1/tables/${encodeURIComponent(table)}/records/bulk`,
			`push ${rows.length} records to data table "${table}"`,
			{ all: o.replaceAll ? 'true' : 'false', debounce: o.debounce ?? 0 },
			{ data: rows },
		)) as { import_id?: string };
		if (!res?.import_id)
			throw new QobraError('server', `Qobra answered the push to "${table}" without an import_id`);
		return res.import_id;
	}

	async getImport(importId: string): Promise<DataImport> {
		const res = (await this.send(
			'GET',
			`v1/imports/${encodeURIComponent(importId)}`,
			`fetch import ${importId}`,
		)) as { data_import: DataImport };
		return res.data_import;
	}

	/** Polls the import until it is finished; a time-out is an error that names the last progress. */
	async waitForImport(importId: string, o: WaitOptions = {}): Promise<DataImport> {
		const sleep = this.options.sleep ?? defaultSleep;
		const deadline = Date.now() + (o.timeoutMs ?? 600_000);
		for (;;) {
			const dataImport = await this.getImport(importId);
			o.onProgress?.(dataImport);
			if (dataImport.status === 'finished') return dataImport;
			if (Date.now() >= deadline)
				throw new QobraError(
					'timeout',
					`Qobra import ${importId} is still ${dataImport.status} (${dataImport.progress}%) after the time limit: it goes on in Qobra; check it later with Import Status`,
				);
			await sleep(o.intervalMs ?? 2000);
		}
	}

	/**
	 * Upserts users by email, at most 200 per call. Qobra takes a call's users all or none, so a rejected call is
	 * reported as one failed batch naming its emails, and the other calls still go. Auth and network errors stop.
	 */
	async upsertUsers(users: QobraRow[]): Promise<UserBatchResult[]> {
		const results: UserBatchResult[] = [];
		for (let first = 0; first < users.length; first += MAX_USERS_PER_CALL) {
			const batch = users.slice(first, first + MAX_USERS_PER_CALL);
			const base = {
				batch: results.length + 1,
				first,
				last: first + batch.length - 1,
				emails: batch.map((u) => String(u.email ?? '')),
			};
			try {
				const res = (await this.send(
					'PUT',
					'v1/users/bulk',
					`upsert users ${first + 1}–${first + batch.length}`,
					{},
					{ data: batch },
				)) as { count?: number };
				results.push({ ...base, status: 'upserted', count: res?.count ?? batch.length });
			} catch (error) {
				if (!(error instanceof QobraError) || error.kind !== 'validation') throw error;
				results.push({ ...base, status: 'failed', count: 0, error: error.message });
			}
		}
		return results;
	}

	async listDataStructures(): Promise<QobraRow[]> {
		return this.data('v2/data-structures', 'list data structures');
	}

	async listFields(structureId: string): Promise<QobraRow[]> {
		return this.data(
			`v2/data-structures/${encodeURIComponent(structureId)}/fields`,
			`list the fields of data structure ${structureId}`,
		);
	}

	/** Pages of a reporting structure's records or statements, following `start_id` until `has_more` is false. */
	async *reportingPages(
		structureId: string,
		kind: ReportingKind,
		o: ReportingOptions = {},
	): AsyncGenerator<QobraRow[]> {
		let remaining = o.limit ?? Infinity;
		let startId: string | undefined;
		while (remaining > 0) {
			const page = (await this.send(
				'GET',
				`v2/reporting/${encodeURIComponent(structureId)}/${kind}`,
				`fetch the ${kind} of ${structureId}`,
				{
					limit: Math.min(o.pageSize ?? 2000, remaining),
					start_id: startId,
					last_modified_after: o.modifiedAfter,
					last_modified_before: o.modifiedBefore,
				},
			)) as ReportingPage;
			const rows = (page?.data ?? []).slice(0, remaining);
			if (rows.length) yield rows;
			remaining -= rows.length;
			startId = page?.meta?.next_start_id ?? undefined;
			if (!page?.meta?.has_more || !startId) return;
		}
	}

	async reporting(
		structureId: string,
		kind: ReportingKind,
		o: ReportingOptions = {},
	): Promise<QobraRow[]> {
		const out: QobraRow[] = [];
		for await (const page of this.reportingPages(structureId, kind, o)) out.push(...page);
		return out;
	}

	private async data(path: string, what: string): Promise<QobraRow[]> {
		const res = (await this.send('GET', path, what)) as { data?: QobraRow[] };
		return res?.data ?? [];
	}

	private async send(
		method: HttpRequest['method'],
		path: string,
		what: string,
		query: Record<string, string | number | undefined> = {},
		body?: unknown,
	): Promise<unknown> {
		const url = new URL(path, this.baseUrl);
		for (const [k, v] of Object.entries(query))
			if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
		return sendJson(
			QOBRA,
			this.options.request,
			{ method, url: url.toString(), headers: { 'X-API-Key': this.options.apiKey }, body },
			what,
			this.options,
		);
	}
}
