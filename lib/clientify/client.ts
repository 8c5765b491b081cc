import { sendJson, type HttpRequest, type JsonService, type RequestFn } from '../http';
import { ClientifyError, errorFromResponse } from './errors';

const CLIENTIFY: JsonService = {
	name: 'Clientify',
	error: (kind, message, extra) => new ClientifyError(kind, message, extra),
	errorFromResponse,
};
import {
	ME_FIELDS,
	RESOURCES,
	WEBHOOK_FIELDS,
	type ResourceName,
	type WebhookEntity,
} from './resources';

export type ApiVersion = 'v1' | 'v2';
export type ClientifyRecord = Record<string, unknown>;

export const DEFAULT_BASE_URLS: Record<ApiVersion, string> = {
	v1: 'https://api.clientify.net/v1/',
	v2: 'https://api-plus.clientify.com/v2/',
};

export interface ClientifyClientOptions {
	apiKey: string;
	request: RequestFn;
	version?: ApiVersion;
	/** Overrides the version's default base URL (sandbox, tests, proxies). */
	baseUrl?: string;
	/** v2 `fields=` per resource; defaults to `RESOURCES[r].defaultFields`. */
	fields?: Partial<Record<ResourceName, string[]>>;
	pageSize?: number;
	/** How many times a 429 is retried before giving up. */
	maxRetries?: number;
	/** Partial update verb; Clientify accepts PUT and PATCH on contacts, PATCH keeps the other fields. */
	updateMethod?: 'PATCH' | 'PUT';
	/** Injected so tests can count waits instead of sleeping. */
	sleep?: (ms: number) => Promise<void>;
}

export interface ListOptions {
	/** Query filters such as `email`, `query`, `modified[gte]`, `created[gt]`. */
	filters?: Record<string, string | number | undefined>;
	/** Stop after this many records (all pages when omitted). */
	limit?: number;
	/** v2 only: fields to ask for instead of the resource's defaults. */
	fields?: string[];
}

export interface WebhookRegistration {
	entity: string;
	target: string;
	events?: string[];
	headers?: Record<string, string>;
}

interface Page {
	count?: number;
	next?: string | null;
	results?: ClientifyRecord[];
}

/** A small typed client for Clientify's REST API (v1 and v2). Throws only ClientifyError. */
export class ClientifyClient {
	readonly version: ApiVersion;
	readonly baseUrl: string;
	private readonly options: ClientifyClientOptions;

	constructor(options: ClientifyClientOptions) {
		if (!options.apiKey)
			throw new ClientifyError(
				'auth',
				'Clientify API key is empty: set it in the Clientify API credential',
			);
		this.options = options;
		this.version = options.version ?? 'v1';
		const base = options.baseUrl?.trim() || DEFAULT_BASE_URLS[this.version];
		this.baseUrl = base.endsWith('/') ? base : `${base}/`;
	}

	/** Full resource URL, the form deals use for `contact` and `company`. */
	resourceUrl(resource: ResourceName, id: string | number): string {
		return `${this.baseUrl}${RESOURCES[resource].path}/${id}/`;
	}

	me(): Promise<ClientifyRecord> {
		return this.call('GET', 'me/', {
			what: 'the API key check (GET /me/)',
			fields: ME_FIELDS,
		}) as Promise<ClientifyRecord>;
	}

	get(resource: ResourceName, id: string | number, fields?: string[]): Promise<ClientifyRecord> {
		return this.call('GET', `${RESOURCES[resource].path}/${encodeURIComponent(String(id))}/`, {
			what: `get ${resource} ${id}`,
			fields: fields ?? this.fieldsFor(resource),
		}) as Promise<ClientifyRecord>;
	}

	/** Lists records, following `next` across pages until done or `limit` is reached. */
	async getMany(resource: ResourceName, options: ListOptions = {}): Promise<ClientifyRecord[]> {
		return this.listPath(
			RESOURCES[resource].path + '/',
			`list ${resource}s`,
			options,
			options.fields ?? this.fieldsFor(resource),
		);
	}

	create(resource: ResourceName, record: ClientifyRecord): Promise<ClientifyRecord> {
		return this.call('POST', `${RESOURCES[resource].path}/`, {
			what: `create ${resource}`,
			body: this.withUrlRefs(resource, record),
		}) as Promise<ClientifyRecord>;
	}

	update(
		resource: ResourceName,
		id: string | number,
		changes: ClientifyRecord,
	): Promise<ClientifyRecord> {
		return this.call(
			this.options.updateMethod ?? 'PATCH',
			`${RESOURCES[resource].path}/${encodeURIComponent(String(id))}/`,
			{
				what: `update ${resource} ${id}`,
				body: this.withUrlRefs(resource, changes),
			},
		) as Promise<ClientifyRecord>;
	}

	/** Makes a contact an employee of a company. */
	async linkContactToCompany(
		companyId: string | number,
		contactId: string | number,
	): Promise<ClientifyRecord> {
		const res = await this.call(
			'PUT',
			`companies/${encodeURIComponent(String(companyId))}/employees/${encodeURIComponent(String(contactId))}/`,
			{
				what: `link contact ${contactId} to company ${companyId}`,
			},
		);
		return (res as ClientifyRecord | undefined) ?? { company: companyId, contact: contactId };
	}

	/** Webhook registrations, of one entity's slot or of all entities. */
	async listWebhooks(entity?: WebhookEntity | string): Promise<ClientifyRecord[]> {
		const path = entity ? `webhooks/${entity}/` : 'webhooks/';
		try {
			return await this.listPath(
				path,
				`list webhooks${entity ? ` of ${entity}` : ''}`,
				{},
				WEBHOOK_FIELDS,
			);
		} catch (error) {
			if (error instanceof ClientifyError && error.kind === 'notFound') return [];
			throw error;
		}
	}

	/** Fills the entity's webhook slot with `target` and activates it. */
	async registerWebhook(registration: WebhookRegistration): Promise<ClientifyRecord> {
		const { entity, ...body } = registration;
		const created = (await this.call('POST', `webhooks/${entity}/`, {
			what: `register the ${entity} webhook`,
			body,
		})) as ClientifyRecord;
		await this.call('POST', `webhooks/${entity}/activate/`, {
			what: `activate the ${entity} webhook`,
		});
		return { ...created, active: true };
	}

	async deleteWebhook(entity: WebhookEntity | string): Promise<void> {
		await this.call('DELETE', `webhooks/${entity}/`, { what: `delete the ${entity} webhook` });
	}

	private fieldsFor(resource: ResourceName): string[] {
		return this.options.fields?.[resource] ?? RESOURCES[resource].defaultFields;
	}

	/** Deals reference contacts and companies by full resource URL; a bare id is turned into one. */
	private withUrlRefs(resource: ResourceName, record: ClientifyRecord): ClientifyRecord {
		const refs = RESOURCES[resource].urlRefs;
		if (!refs) return record;
		const out = { ...record };
		for (const [field, target] of Object.entries(refs)) {
			const value = out[field];
			if ((typeof value === 'number' || typeof value === 'string') && /^\d+$/.test(String(value))) {
				out[field] = this.resourceUrl(target === 'contacts' ? 'contact' : 'company', value);
			}
		}
		return out;
	}

	private async listPath(
		path: string,
		what: string,
		options: ListOptions,
		fields: string[],
	): Promise<ClientifyRecord[]> {
		const limit = options.limit;
		const pageSize = Math.min(this.options.pageSize ?? 100, limit ?? Infinity);
		const out: ClientifyRecord[] = [];
		let url: string | undefined = this.url(
			path,
			{ ...options.filters, page_size: pageSize },
			fields,
		);
		while (url) {
			const page = (await this.send('GET', url, what)) as
				| Page
				| ClientifyRecord[]
				| ClientifyRecord;
			// A single-slot endpoint may answer with a bare list or one object instead of a page.
			const results = Array.isArray(page)
				? page
				: Array.isArray(page?.results)
					? page.results
					: page && typeof page === 'object' && Object.keys(page).length
						? [page]
						: [];
			out.push(...results);
			if (limit !== undefined && out.length >= limit) return out.slice(0, limit);
			const next =
				!Array.isArray(page) && typeof (page as Page)?.next === 'string'
					? (page as Page).next!
					: undefined;
			url = next ? this.followNext(next, fields) : undefined;
		}
		return out;
	}

	/**
	 * `next` is a full URL built by the server; behind a proxy its scheme or host may differ
	 * from ours, so keep only its path and query and send them to our base URL (the key never leaves it).
	 */
	private followNext(next: string, fields: string[]): string {
		const parsed = new URL(next, this.baseUrl);
		const url = new URL(parsed.pathname + parsed.search, this.baseUrl);
		if (this.version === 'v2' && !url.searchParams.has('fields'))
			url.searchParams.set('fields', fields.join(','));
		return url.toString();
	}

	private url(
		path: string,
		query: Record<string, string | number | undefined> = {},
		fields?: string[],
	): string {
		const url = new URL(path.replace(/^\/+/, ''), this.baseUrl);
		for (const [k, v] of Object.entries(query))
			if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
		if (this.version === 'v2' && fields) url.searchParams.set('fields', fields.join(','));
		return url.toString();
	}

	private call(
		method: HttpRequest['method'],
		path: string,
		opts: { what: string; body?: unknown; fields?: string[] },
	): Promise<unknown> {
		return this.send(
			method,
			this.url(path, {}, method === 'GET' ? opts.fields : undefined),
			opts.what,
			opts.body,
		);
	}

	private async send(
		method: HttpRequest['method'],
		url: string,
		what: string,
		body?: unknown,
	): Promise<unknown> {
		return sendJson(
			CLIENTIFY,
			this.options.request,
			{ method, url, headers: { Authorization: `Token ${this.options.apiKey}` }, body },
			what,
			this.options,
		);
	}
}
