import type { HttpRequest, RequestFn } from '../http';
import { fetchToken, sharedTokens, tokenKey, type SalesforceAuth, type Token } from './auth';
import { errorFromEntries, errorFromResponse, SalesforceError, type ApiErrorEntry } from './errors';

export type SalesforceRecord = Record<string, unknown>;

export const DEFAULT_API_VERSION = '62.0';
/** Salesforce takes at most 200 records per sObject Collections call. */
export const COLLECTION_LIMIT = 200;

export interface SalesforceClientOptions {
	auth: SalesforceAuth;
	request: RequestFn;
	apiVersion?: string;
	/** Keep tokens across clients of the same credential (n8n executions). */
	shareTokens?: boolean;
}

/** API requests used and allowed in the org's rolling 24 hours, from the Sforce-Limit-Info header. */
export interface ApiUsage {
	used: number;
	max: number;
}

export interface ChangedIds {
	ids: string[];
	latestDateCovered: string;
}

export interface DeletedRecords {
	deletedRecords: Array<{ id: string; deletedDate: string }>;
	latestDateCovered: string;
	earliestDateAvailable?: string;
}

export type CollectionAction = 'create' | 'update' | 'upsert';

export interface CollectionOptions {
	allOrNone?: boolean;
	/** upsert: the external id field the records are matched on. */
	externalIdField?: string;
}

/** The outcome of one record of a collection call, in input order. */
export interface RecordResult {
	id?: string;
	success: boolean;
	created?: boolean;
	error?: SalesforceError;
}

interface QueryPage {
	totalSize: number;
	done: boolean;
	nextRecordsUrl?: string;
	records: SalesforceRecord[];
}

/** Salesforce's `attributes` ({type, url}) on every record and relationship, dropped so records map cleanly. */
export function stripAttributes(record: SalesforceRecord): SalesforceRecord {
	const out: SalesforceRecord = {};
	for (const [k, v] of Object.entries(record)) {
		if (k === 'attributes') continue;
		out[k] =
			v && typeof v === 'object' && !Array.isArray(v) ? stripAttributes(v as SalesforceRecord) : v;
	}
	return out;
}

/** SOQL datetime literal (UTC, no quotes). */
export function soqlDateTime(value: string | Date): string {
	const date = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(date.getTime()))
		throw new SalesforceError('input', `"${String(value)}" is not a date and time`);
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A SOQL string literal. */
export const soqlString = (value: string) =>
	`'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const encode = encodeURIComponent;

/** A small typed client for Salesforce's REST API. Throws only SalesforceError. */
export class SalesforceClient {
	/** The last Sforce-Limit-Info seen. */
	usage?: ApiUsage;
	/** Token requests made (first login and refreshes). */
	tokenRequests = 0;
	private token?: Token;
	private readonly key: string;
	private readonly version: string;

	constructor(private readonly options: SalesforceClientOptions) {
		const { auth } = options;
		this.key = tokenKey(auth);
		const given =
			auth.flow === 'accessToken' && auth.accessToken && auth.instanceUrl
				? {
						accessToken: auth.accessToken,
						instanceUrl: auth.instanceUrl,
						refreshToken: auth.refreshToken,
					}
				: undefined;
		// n8n cannot be told of a token refreshed here, so it keeps handing out the expired one: a token this
		// process got in its place comes first (the key holds the given token, so a reconnect starts afresh).
		this.token = (options.shareTokens ? sharedTokens.get(this.key) : undefined) ?? given;
		this.version = (options.apiVersion ?? DEFAULT_API_VERSION).replace(/^v/, '');
	}

	/** The instance URL once logged in. */
	async instanceUrl(): Promise<string> {
		return (await this.currentToken()).instanceUrl;
	}

	/** Every record of a SOQL query, following `nextRecordsUrl`; `all` includes deleted and archived rows (queryAll). */
	async query(
		soql: string,
		options: { all?: boolean; limit?: number } = {},
	): Promise<SalesforceRecord[]> {
		const out: SalesforceRecord[] = [];
		let path: string | undefined =
			`${this.base()}/${options.all ? 'queryAll' : 'query'}?q=${encode(soql)}`;
		while (path) {
			const page = (await this.send('GET', path, 'the SOQL query')) as QueryPage;
			out.push(...page.records);
			if (options.limit !== undefined && out.length >= options.limit)
				return out.slice(0, options.limit);
			path = page.done ? undefined : page.nextRecordsUrl;
		}
		return out;
	}

	/** Ids of the records created or changed between start and end (at most 30 days back), and the cursor for next time. */
	updated(
		type: string,
		start: string,
		end: string = new Date().toISOString(),
	): Promise<ChangedIds> {
		return this.send(
			'GET',
			`${this.base()}/sobjects/${encode(type)}/updated/?start=${encode(soqlDateTime(start))}&end=${encode(soqlDateTime(end))}`,
			`the ${type} changes`,
		) as Promise<ChangedIds>;
	}

	deleted(
		type: string,
		start: string,
		end: string = new Date().toISOString(),
	): Promise<DeletedRecords> {
		return this.send(
			'GET',
			`${this.base()}/sobjects/${encode(type)}/deleted/?start=${encode(soqlDateTime(start))}&end=${encode(soqlDateTime(end))}`,
			`the ${type} deletions`,
		) as Promise<DeletedRecords>;
	}

	get(type: string, id: string, fields?: string[]): Promise<SalesforceRecord> {
		const query = fields?.length ? `?fields=${encode(fields.join(','))}` : '';
		return this.send(
			'GET',
			`${this.base()}/sobjects/${encode(type)}/${encode(id)}${query}`,
			`get ${type} ${id}`,
		) as Promise<SalesforceRecord>;
	}

	async create(type: string, record: SalesforceRecord): Promise<{ id: string; success: boolean }> {
		return (await this.send(
			'POST',
			`${this.base()}/sobjects/${encode(type)}`,
			`create ${type}`,
			record,
		)) as { id: string; success: boolean };
	}

	async update(
		type: string,
		id: string,
		record: SalesforceRecord,
	): Promise<{ id: string; success: boolean }> {
		await this.send(
			'PATCH',
			`${this.base()}/sobjects/${encode(type)}/${encode(id)}`,
			`update ${type} ${id}`,
			withoutId(record),
		);
		return { id, success: true };
	}

	/** Creates or updates the record whose external id field holds `value`. */
	async upsert(
		type: string,
		externalIdField: string,
		value: string,
		record: SalesforceRecord,
	): Promise<{ id: string; success: boolean; created: boolean }> {
		const body = { ...withoutId(record) };
		delete body[externalIdField];
		const res = (await this.send(
			'PATCH',
			`${this.base()}/sobjects/${encode(type)}/${encode(externalIdField)}/${encode(value)}`,
			`upsert ${type} ${externalIdField}=${value}`,
			body,
		)) as { id: string; created: boolean } | undefined;
		return { id: res?.id ?? '', success: true, created: res?.created ?? false };
	}

	describe(type: string): Promise<SalesforceRecord> {
		return this.send(
			'GET',
			`${this.base()}/sobjects/${encode(type)}/describe`,
			`describe ${type}`,
		) as Promise<SalesforceRecord>;
	}

	/** The org's limits; the call also refreshes `usage`. */
	limits(): Promise<SalesforceRecord> {
		return this.send('GET', `${this.base()}/limits`, 'the org limits') as Promise<SalesforceRecord>;
	}

	/**
	 * Creates, updates or upserts many records through sObject Collections, 200 per call. One result per record, in
	 * order: a record Salesforce refuses gets its error, the others land (unless allOrNone, which Salesforce applies
	 * per call of 200).
	 */
	async collection(
		action: CollectionAction,
		type: string,
		records: SalesforceRecord[],
		options: CollectionOptions = {},
	): Promise<RecordResult[]> {
		if (action === 'upsert' && !options.externalIdField)
			throw new SalesforceError('input', 'Upsert needs the external id field to match records on');
		const results: RecordResult[] = [];
		for (let start = 0; start < records.length; start += COLLECTION_LIMIT) {
			const chunk = records.slice(start, start + COLLECTION_LIMIT);
			const body = {
				allOrNone: options.allOrNone ?? false,
				records: chunk.map((r) => ({
					attributes: { type },
					...(action === 'create' ? withoutId(r) : r),
				})),
			};
			const path =
				action === 'upsert'
					? `${this.base()}/composite/sobjects/${encode(type)}/${encode(options.externalIdField!)}`
					: `${this.base()}/composite/sobjects`;
			const method = action === 'create' ? 'POST' : 'PATCH';
			const what = `${action} ${type} records ${start + 1}-${start + chunk.length}`;
			const answer = (await this.send(method, path, what, body)) as Array<{
				id?: string;
				success: boolean;
				created?: boolean;
				errors?: ApiErrorEntry[];
			}>;
			answer.forEach((r, n) =>
				results.push({
					id: r.id ?? undefined,
					success: r.success,
					...(r.created !== undefined ? { created: r.created } : {}),
					...(r.success
						? {}
						: { error: errorFromEntries(r.errors ?? [], `${type} record ${start + n + 1}`) }),
				}),
			);
		}
		return results;
	}

	private base(): string {
		return `/services/data/v${this.version}`;
	}

	private async currentToken(): Promise<Token> {
		if (!this.token) await this.refresh();
		return this.token!;
	}

	private async refresh(): Promise<void> {
		this.tokenRequests++;
		this.token = await fetchToken(this.options.request, {
			...this.options.auth,
			refreshToken: this.token?.refreshToken ?? this.options.auth.refreshToken,
		});
		if (this.options.shareTokens) sharedTokens.set(this.key, this.token);
	}

	/** One call; a 401 gets one new token and one retry, then fails with an auth error. */
	private async send(
		method: HttpRequest['method'],
		path: string,
		what: string,
		body?: unknown,
	): Promise<unknown> {
		for (let attempt = 0; ; attempt++) {
			const token = await this.currentToken();
			// nextRecordsUrl is a path on the instance; anything else is built from base().
			const url = `${token.instanceUrl}${path}`;
			let res;
			try {
				res = await this.options.request({
					method,
					url,
					headers: {
						Authorization: `Bearer ${token.accessToken}`,
						Accept: 'application/json',
						...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
					},
					body: body === undefined ? undefined : JSON.stringify(body),
				});
			} catch (error) {
				const code = (error as { code?: string }).code;
				throw new SalesforceError(
					'network',
					`Salesforce could not be reached for ${what} (${code ?? (error as Error).message}): check the instance URL and the network`,
				);
			}
			this.noteUsage(res.headers['sforce-limit-info']);
			if (res.status === 401) {
				if (attempt === 0) {
					this.token = undefined;
					if (this.options.shareTokens) sharedTokens.delete(this.key);
					await this.refresh();
					continue;
				}
				throw new SalesforceError(
					'auth',
					`Salesforce rejected the new access token too on ${what} (401 after one refresh): check the connected app's policies and the user's API access`,
					{ status: 401 },
				);
			}
			if (res.status < 200 || res.status >= 300)
				throw errorFromResponse(res.status, res.body, what);
			if (!res.body.trim()) return undefined;
			try {
				return JSON.parse(res.body);
			} catch {
				throw new SalesforceError(
					'server',
					`Salesforce answered ${what} with a body that is not JSON (HTTP ${res.status})`,
					{
						status: res.status,
						details: res.body.slice(0, 500),
					},
				);
			}
		}
	}

	private noteUsage(header: string | undefined): void {
		const match = header && /api-usage=(\d+)\/(\d+)/.exec(header);
		if (match) this.usage = { used: Number(match[1]), max: Number(match[2]) };
	}
}

/** The record without its id and attributes, for the calls that name the record elsewhere. */
function withoutId(record: SalesforceRecord): SalesforceRecord {
	const out = { ...record };
	for (const key of ['Id', 'id', 'attributes']) delete out[key];
	return out;
}
