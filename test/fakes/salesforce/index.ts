import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedData } from './seed';
import { matches, parse, SoqlError, type Row } from './soql';

/**
 * A local Salesforce org for tests and the sandbox, over HTTP in Salesforce's wire format: the OAuth2 token endpoint
 * (client credentials, authorization code, refresh token, username-password), SOQL with paging by nextRecordsUrl,
 * sObject rows, get updated / deleted, sObject Collections with per-record errors, upsert by external id, describe,
 * and the Sforce-Limit-Info header on every API answer.
 */

export type FakeRecord = Row & { Id: string };

export interface FakeCall {
	method: string;
	/** Path below /services/data/vXX.X, e.g. `/query`, or `/services/oauth2/token`. */
	path: string;
	status: number;
	/** Records sent in a collection call. */
	records?: number;
}

export interface FakeSalesforceOptions {
	port?: number;
	/** Put in every seeded name and code, and in the ids (default: random). */
	tag?: string;
	/** Rows per query page (Salesforce: 2000). */
	pageSize?: number;
	/** The org's daily API limit shown in Sforce-Limit-Info. */
	apiLimit?: number;
	seed?: boolean;
}

export interface FakeSalesforce {
	url: string;
	clientId: string;
	clientSecret: string;
	username: string;
	password: string;
	securityToken: string;
	/** A refresh token, as the authorization code flow would have given. */
	refreshToken: string;
	redirectUri: string;
	tag: string;
	calls: FakeCall[];
	/** API calls counted so far (the `n` of api-usage=n/limit). */
	apiUsed(): number;
	records(type: string): FakeRecord[];
	/** Seeded record id by type and seed key, e.g. id('Account', 'edge'). */
	id(type: string, key: string): string;
	insert(type: string, values: Row): FakeRecord;
	update(type: string, id: string, values: Row): FakeRecord;
	remove(type: string, id: string): void;
	/** An authorization code, as Salesforce's authorize page would redirect with (to `redirectUri`). */
	authorizationCode(redirectUri?: string): string;
	/** Invalidates every access token, as a session timeout does: the next API call gets 401. */
	expireTokens(): void;
	/** Refuses every new token too (a revoked connected app). */
	refuseTokens(refuse: boolean): void;
	close(): Promise<void>;
}

const PREFIX: Record<string, string> = {
	Account: '001',
	Contact: '003',
	Opportunity: '006',
	OpportunityLineItem: '00k',
	Pricebook2: '01s',
	Product2: '01t',
	PricebookEntry: '01u',
};
const SYSTEM = ['Id', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'];
const ADDRESS = (p: string) =>
	['Street', 'City', 'PostalCode', 'State', 'Country'].map((f) => p + f);
/** Each type's writable fields; External_Id__c is a custom external id field, as orgs add for upserts. */
const FIELDS: Record<string, string[]> = {
	Account: [
		'Name',
		'Phone',
		'Fax',
		'Website',
		'Description',
		'External_Id__c',
		...ADDRESS('Billing'),
		...ADDRESS('Shipping'),
	],
	Contact: [
		'AccountId',
		'Salutation',
		'FirstName',
		'LastName',
		'Title',
		'Email',
		'Phone',
		'MobilePhone',
		'External_Id__c',
		...ADDRESS('Mailing'),
	],
	Product2: ['Name', 'ProductCode', 'Family', 'Description', 'IsActive', 'External_Id__c'],
	Pricebook2: ['Name', 'IsStandard', 'IsActive'],
	PricebookEntry: [
		'Pricebook2Id',
		'Product2Id',
		'ProductCode',
		'CurrencyIsoCode',
		'UnitPrice',
		'IsActive',
	],
	Opportunity: [
		'AccountId',
		'ContactId',
		'Name',
		'StageName',
		'IsWon',
		'IsClosed',
		'CloseDate',
		'CurrencyIsoCode',
		'Description',
		'Amount',
	],
	OpportunityLineItem: [
		'OpportunityId',
		'PricebookEntryId',
		'Product2Id',
		'ProductCode',
		'Quantity',
		'UnitPrice',
		'ListPrice',
		'Discount',
		'Description',
		'CurrencyIsoCode',
	],
};
const REQUIRED: Record<string, string[]> = {
	Account: ['Name'],
	Contact: ['LastName'],
	Product2: ['Name'],
	PricebookEntry: ['Pricebook2Id', 'Product2Id', 'UnitPrice'],
	Opportunity: ['Name', 'StageName', 'CloseDate'],
	OpportunityLineItem: ['OpportunityId', 'Quantity'],
};
const EXTERNAL_IDS = ['Id', 'External_Id__c'];

interface ApiError {
	status: number;
	errors: Array<{ message: string; errorCode: string; fields?: string[] }>;
}
const apiError = (
	status: number,
	errorCode: string,
	message: string,
	fields?: string[],
): ApiError => ({
	status,
	errors: [{ message, errorCode, ...(fields ? { fields } : {}) }],
});
const isApiError = (x: unknown): x is ApiError =>
	!!x && typeof x === 'object' && 'errors' in x && 'status' in x;

/** Salesforce's datetime form, 2026-11-27T21:00:00.000+0000. */
const sfDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

export async function startFakeSalesforce(
	options: FakeSalesforceOptions = {},
): Promise<FakeSalesforce> {
	const tag = options.tag ?? randomBytes(6).toString('hex');
	const secret = () => randomBytes(16).toString('hex');
	const creds = {
		clientId: `3MVG9fake${secret()}`,
		clientSecret: secret(),
		username: `integration@${tag}.example.com`,
		password: secret(),
		securityToken: secret().slice(0, 24),
		redirectUri: 'http://127.0.0.1/oauth2-callback',
	};
	const pageSize = options.pageSize ?? 2000;
	const apiLimit = options.apiLimit ?? 15000;
	const store = new Map<string, Map<string, FakeRecord>>(
		Object.keys(FIELDS).map((t) => [t, new Map()]),
	);
	const deletions: Array<{ type: string; id: string; at: number }> = [];
	const seedIds = new Map<string, string>();
	const accessTokens = new Set<string>();
	const refreshTokens = new Set<string>([secret()]);
	/** Authorization codes and the redirect URI each was issued for, which the exchange must repeat. */
	const codes = new Map<string, string>();
	const cursors = new Map<string, Row[]>();
	const calls: FakeCall[] = [];
	let refuse = false;
	let used = 0;
	let counter = 0;
	// Salesforce keeps datetimes to the second (every stamp ends in .000), so writes of one second share a stamp.
	const now = () => Math.floor(Date.now() / 1000) * 1000;
	const idTag = tag
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 12)
		.padEnd(12, '0');
	const newId = (type: string) =>
		`${PREFIX[type]}${idTag}${(++counter).toString(36).padStart(3, '0')}`;

	const table = (type: string) => {
		const t = store.get(type);
		if (!t)
			throw apiError(
				404,
				'NOT_FOUND',
				`The requested resource does not exist: sObject type '${type}' is not supported.`,
			);
		return t;
	};
	const check = (type: string, values: Row, creating: boolean) => {
		for (const f of Object.keys(values))
			if (!FIELDS[type].includes(f) && f !== 'Id')
				throw apiError(400, 'INVALID_FIELD', `No such column '${f}' on sobject of type ${type}`, [
					f,
				]);
		const all = creating ? values : {};
		for (const f of creating
			? (REQUIRED[type] ?? [])
			: Object.keys(values).filter((f) => REQUIRED[type]?.includes(f)))
			if (all[f] === undefined && creating)
				throw apiError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${f}]`, [f]);
			else if (values[f] === null || values[f] === '')
				throw apiError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${f}]`, [f]);
		const email = values.Email;
		if (typeof email === 'string' && email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
			throw apiError(400, 'INVALID_EMAIL_ADDRESS', `Email: invalid email address: ${email}`, [
				'Email',
			]);
	};
	const insert = (type: string, values: Row): FakeRecord => {
		check(type, values, true);
		const at = sfDate(now());
		const record: FakeRecord = {
			...Object.fromEntries(FIELDS[type].map((f) => [f, null])),
			...values,
			Id: newId(type),
			IsDeleted: false,
			CreatedDate: at,
			LastModifiedDate: at,
			SystemModstamp: at,
		};
		table(type).set(record.Id, record);
		return record;
	};
	const update = (type: string, id: string, values: Row): FakeRecord => {
		const record = table(type).get(id);
		if (!record) throw apiError(404, 'NOT_FOUND', 'The requested resource does not exist');
		const { Id: _id, ...changes } = values;
		check(type, changes, false);
		const at = sfDate(now());
		Object.assign(record, changes, { LastModifiedDate: at, SystemModstamp: at });
		return record;
	};
	const remove = (type: string, id: string) => {
		if (!table(type).delete(id)) throw apiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
		deletions.push({ type, id, at: now() });
	};
	/** Upsert by external id: 0 matches creates, 1 updates, several is an error. */
	const upsert = (
		type: string,
		field: string,
		value: string,
		values: Row,
	): { record: FakeRecord; created: boolean } => {
		if (!EXTERNAL_IDS.includes(field))
			throw apiError(
				400,
				'INVALID_FIELD',
				`Provided external ID field does not exist or is not accessible: ${field}`,
			);
		const found = [...table(type).values()].filter((r) => String(r[field]) === value);
		if (found.length > 1)
			throw apiError(300, 'MULTIPLE_CHOICES', `${found.length} records share ${field} = ${value}`);
		if (found.length) return { record: update(type, found[0].Id, values), created: false };
		return {
			record: insert(type, field === 'Id' ? values : { ...values, [field]: value }),
			created: true,
		};
	};

	if (options.seed !== false) {
		for (const [type, rows] of Object.entries(seedData(tag))) {
			for (const { key, ...row } of rows) {
				const values = Object.fromEntries(
					Object.entries(row).map(([f, v]) => [
						f,
						typeof v === 'string' && v.startsWith('@') ? seedIds.get(v.slice(1)) : v,
					]),
				);
				seedIds.set(`${type}.${key}`, insert(type, values).Id);
			}
		}
	}

	const version = (path: string) => /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/.exec(path);
	const attributes = (type: string, id: string, v: string) => ({
		type,
		url: `/services/data/v${v}/sobjects/${type}/${id}`,
	});
	/** A path like Account.Name follows AccountId (relationship name = the lookup field without Id). */
	const resolvePath = (record: Row, type: string, path: string): unknown => {
		const [head, ...rest] = path.split('.');
		if (!rest.length) return record[head];
		const target = store.has(head) ? head : undefined;
		const related = target ? store.get(target)?.get(String(record[`${head}Id`])) : undefined;
		return related ? resolvePath(related, target!, rest.join('.')) : null;
	};
	const project = (record: FakeRecord, type: string, fields: string[], v: string): Row => {
		const out: Row = { attributes: attributes(type, record.Id, v) };
		for (const f of fields) {
			const parts = f.split('.');
			if (parts.length === 1) {
				if (!(f in record) && !SYSTEM.includes(f))
					throw apiError(400, 'INVALID_FIELD', `No such column '${f}' on entity '${type}'`);
				out[f] = record[f] ?? null;
				continue;
			}
			// Nested object per relationship, as Salesforce answers.
			let node = out;
			let current: Row | undefined = record;
			for (let n = 0; n < parts.length - 1; n++) {
				const rel = parts[n];
				const next: Row | undefined = current
					? (store.get(rel)?.get(String(current[`${rel}Id`])) as Row | undefined)
					: undefined;
				if (!next) {
					node[rel] = null;
					current = undefined;
					break;
				}
				node[rel] ??= { attributes: attributes(rel, String(next.Id), v) };
				node = node[rel] as Row;
				current = next;
			}
			if (current) node[parts[parts.length - 1]] = current[parts[parts.length - 1]] ?? null;
		}
		return out;
	};
	const page = (rows: Row[], v: string, cursor?: string, offset = 0) => {
		const chunk = rows.slice(offset, offset + pageSize);
		const done = offset + pageSize >= rows.length;
		let id = cursor;
		if (!done && !id) {
			id = `01g${idTag}${(++counter).toString(36)}`;
			cursors.set(id, rows);
		}
		return {
			totalSize: rows.length,
			done,
			...(done ? {} : { nextRecordsUrl: `/services/data/v${v}/query/${id}-${offset + pageSize}` }),
			records: chunk,
		};
	};
	const runQuery = (soql: string, v: string) => {
		let q;
		try {
			q = parse(soql);
		} catch (error) {
			throw apiError(400, 'MALFORMED_QUERY', (error as SoqlError).message);
		}
		const type = q.type;
		let rows = [...table(type).values()].filter((r) =>
			matches(q.where, (p) => resolvePath(r, type, p)),
		);
		if (q.orderBy) {
			const { field, desc } = q.orderBy;
			rows.sort(
				(a, b) =>
					(String(a[field] ?? '') < String(b[field] ?? '')
						? -1
						: String(a[field] ?? '') > String(b[field] ?? '')
							? 1
							: 0) * (desc ? -1 : 1),
			);
		}
		if (q.limit !== undefined) rows = rows.slice(0, q.limit);
		return page(
			rows.map((r) => project(r, type, q.fields, v)),
			v,
		);
	};
	const window = (query: URLSearchParams) => {
		const start = Date.parse(query.get('start') ?? '');
		const end = Date.parse(query.get('end') ?? '');
		if (Number.isNaN(start) || Number.isNaN(end) || end < start)
			throw apiError(
				400,
				'INVALID_REPLICATION_DATE',
				'start and end must be dates, start before end',
			);
		if (Date.now() - start > 30 * 86_400_000)
			throw apiError(400, 'INVALID_REPLICATION_DATE', 'start date cannot be more than 30 days ago');
		// Salesforce covers whole minutes up to end.
		const covered = Math.floor(Math.min(end, now()) / 60_000) * 60_000;
		return { start, end, latestDateCovered: sfDate(covered) };
	};
	/** The one record of a collection call: its result, or its errors. */
	const collectionResult = (fn: () => { id: string; created?: boolean }) => {
		try {
			const r = fn();
			return {
				id: r.id,
				success: true,
				errors: [],
				...(r.created !== undefined ? { created: r.created } : {}),
			};
		} catch (error) {
			if (!isApiError(error)) throw error;
			return {
				success: false,
				errors: error.errors.map((e) => ({
					statusCode: e.errorCode,
					message: e.message,
					fields: e.fields ?? [],
				})),
			};
		}
	};
	const collection = (method: string, body: Row, type?: string, field?: string) => {
		const records = (body.records ?? []) as Row[];
		if (records.length > 200)
			throw apiError(
				400,
				'EXCEEDED_ID_LIMIT',
				'record limit reached. cannot submit more than 200 records into this call',
			);
		const work = (r: Row) => {
			const { attributes: attrs, ...values } = r;
			const t = type ?? (attrs as { type?: string } | undefined)?.type;
			if (!t) throw apiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
			if (field) {
				const { record, created } = upsert(t, field, String(values[field] ?? ''), values);
				return { id: record.Id, created };
			}
			if (method === 'POST') return { id: insert(t, values).Id };
			return { id: update(t, String(values.Id), values).Id };
		};
		if (!body.allOrNone) return records.map((r) => collectionResult(() => work(r)));
		// allOrNone: roll back on the first failure, and report the others as not processed.
		const snapshot = new Map(
			[...store].map(([t, m]) => [t, new Map([...m].map(([id, r]) => [id, { ...r }]))]),
		);
		const results = records.map((r) => collectionResult(() => work(r)));
		if (results.every((r) => r.success)) return results;
		for (const [t, m] of snapshot) store.set(t, m);
		return results.map((r) =>
			r.success
				? {
						success: false,
						errors: [
							{
								statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
								message:
									'Record rolled back because not all records were valid and the request was using AllOrNone header',
								fields: [],
							},
						],
					}
				: r,
		);
	};

	const route = (
		method: string,
		rest: string,
		query: URLSearchParams,
		body: Row,
		v: string,
	): { status: number; body?: unknown } => {
		let m: RegExpExecArray | null;
		if (method === 'GET' && (rest === '/query' || rest === '/queryAll'))
			return { status: 200, body: runQuery(query.get('q') ?? '', v) };
		if (method === 'GET' && (m = /^\/query\/(\w+)-(\d+)$/.exec(rest))) {
			const rows = cursors.get(m[1]);
			if (!rows) throw apiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
			return { status: 200, body: page(rows, v, m[1], Number(m[2])) };
		}
		if (method === 'GET' && rest === '/limits')
			return {
				status: 200,
				body: { DailyApiRequests: { Max: apiLimit, Remaining: apiLimit - used } },
			};
		if (rest === '/composite/sobjects' && (method === 'POST' || method === 'PATCH'))
			return { status: 200, body: collection(method, body) };
		if (method === 'PATCH' && (m = /^\/composite\/sobjects\/(\w+)\/(\w+)$/.exec(rest)))
			return { status: 200, body: collection(method, body, m[1], m[2]) };
		if (method === 'GET' && (m = /^\/sobjects\/(\w+)\/describe$/.exec(rest))) {
			const type = m[1];
			table(type);
			return {
				status: 200,
				body: {
					name: type,
					label: type,
					createable: true,
					updateable: true,
					fields: [...SYSTEM, ...FIELDS[type]].map((name) => ({
						name,
						label: name,
						type: name === 'Id' ? 'id' : name.endsWith('Id') ? 'reference' : 'string',
						externalId: name === 'External_Id__c',
						nillable: !(REQUIRED[type] ?? []).includes(name) && name !== 'Id',
						createable: !SYSTEM.includes(name),
						updateable: !SYSTEM.includes(name),
					})),
				},
			};
		}
		if (method === 'GET' && (m = /^\/sobjects\/(\w+)\/updated\/?$/.exec(rest))) {
			const type = m[1];
			const w = window(query);
			const ids = [...table(type).values()].filter((r) => {
				const at = Date.parse(String(r.SystemModstamp));
				return at >= w.start && at < Date.parse(w.latestDateCovered);
			});
			return {
				status: 200,
				body: { ids: ids.map((r) => r.Id), latestDateCovered: w.latestDateCovered },
			};
		}
		if (method === 'GET' && (m = /^\/sobjects\/(\w+)\/deleted\/?$/.exec(rest))) {
			const type = m[1];
			table(type);
			const w = window(query);
			return {
				status: 200,
				body: {
					deletedRecords: deletions
						.filter((d) => d.type === type && d.at >= w.start && d.at <= w.end)
						.map((d) => ({ id: d.id, deletedDate: sfDate(d.at) })),
					earliestDateAvailable: sfDate(deletions[0]?.at ?? now()),
					latestDateCovered: w.latestDateCovered,
				},
			};
		}
		if (method === 'POST' && (m = /^\/sobjects\/(\w+)$/.exec(rest)))
			return { status: 201, body: { id: insert(m[1], body).Id, success: true, errors: [] } };
		if (method === 'PATCH' && (m = /^\/sobjects\/(\w+)\/(\w+)\/([^/]+)$/.exec(rest))) {
			const { record, created } = upsert(m[1], m[2], decodeURIComponent(m[3]), body);
			return {
				status: created ? 201 : 200,
				body: { id: record.Id, success: true, errors: [], created },
			};
		}
		if ((m = /^\/sobjects\/(\w+)\/(\w+)$/.exec(rest))) {
			const [, type, id] = m;
			if (method === 'GET') {
				const record = table(type).get(id);
				if (!record) throw apiError(404, 'NOT_FOUND', 'The requested resource does not exist');
				const fields =
					query
						.get('fields')
						?.split(',')
						.map((f) => f.trim()) ?? Object.keys(record);
				return { status: 200, body: project(record, type, fields, v) };
			}
			if (method === 'PATCH') return update(type, id, body) && { status: 204 };
			if (method === 'DELETE') return (remove(type, id), { status: 204 });
		}
		throw apiError(404, 'NOT_FOUND', 'The requested resource does not exist');
	};

	const token = (form: URLSearchParams): { status: number; body: unknown } => {
		const bad = (error: string, description: string) => ({
			status: 400,
			body: { error, error_description: description },
		});
		const grant = form.get('grant_type');
		const clientOk =
			form.get('client_id') === creds.clientId && form.get('client_secret') === creds.clientSecret;
		if (!clientOk) return bad('invalid_client', 'invalid client credentials');
		if (refuse) return bad('invalid_grant', 'expired access/refresh token');
		let refresh: string | undefined;
		if (grant === 'authorization_code') {
			const code = form.get('code') ?? '';
			const issuedFor = codes.get(code);
			codes.delete(code);
			if (!issuedFor || form.get('redirect_uri') !== issuedFor)
				return bad('invalid_grant', 'invalid authorization code');
			refresh = secret();
			refreshTokens.add(refresh);
		} else if (grant === 'refresh_token') {
			if (!refreshTokens.has(form.get('refresh_token') ?? ''))
				return bad('invalid_grant', 'expired access/refresh token');
		} else if (grant === 'password') {
			if (
				form.get('username') !== creds.username ||
				form.get('password') !== creds.password + creds.securityToken
			)
				return bad('invalid_grant', 'authentication failure');
		} else if (grant !== 'client_credentials')
			return bad('unsupported_grant_type', 'grant type not supported');
		const access = `00D${idTag}!${secret()}`;
		accessTokens.add(access);
		return {
			status: 200,
			body: {
				access_token: access,
				...(refresh ? { refresh_token: refresh } : {}),
				instance_url: url,
				id: `${url}/id/00D${idTag}/005${idTag}`,
				token_type: 'Bearer',
				issued_at: String(Date.now()),
				signature: secret(),
			},
		};
	};

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const parsedUrl = new URL(req.url ?? '/', 'http://x');
			const path = parsedUrl.pathname;
			const method = req.method ?? 'GET';
			const text = Buffer.concat(chunks).toString('utf8');
			const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
				res.writeHead(status, {
					...(body === undefined ? {} : { 'Content-Type': 'application/json;charset=UTF-8' }),
					...headers,
				});
				res.end(body === undefined ? undefined : JSON.stringify(body));
			};
			if (path === '/services/oauth2/token' && method === 'POST') {
				const r = token(new URLSearchParams(text));
				calls.push({ method, path, status: r.status });
				return send(r.status, r.body);
			}
			if (path === '/services/oauth2/authorize' && method === 'GET') {
				const redirectUri = parsedUrl.searchParams.get('redirect_uri') ?? creds.redirectUri;
				const target = new URL(redirectUri);
				if (parsedUrl.searchParams.get('client_id') !== creds.clientId)
					return send(400, {
						error: 'invalid_client_id',
						error_description: 'client identifier invalid',
					});
				target.searchParams.set('code', fake.authorizationCode(redirectUri));
				const state = parsedUrl.searchParams.get('state');
				if (state) target.searchParams.set('state', state);
				calls.push({ method, path, status: 302 });
				return send(302, undefined, { Location: target.toString() });
			}
			const v = version(path);
			if (!v)
				return send(404, [
					{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
				]);
			const rest = v[2] ?? '';
			const authHeader = req.headers.authorization ?? '';
			if (!authHeader.startsWith('Bearer ') || !accessTokens.has(authHeader.slice(7))) {
				calls.push({ method, path: rest, status: 401 });
				return send(401, [
					{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
				]);
			}
			used++;
			const limit = { 'Sforce-Limit-Info': `api-usage=${used}/${apiLimit}` };
			let body: Row = {};
			try {
				body = text ? (JSON.parse(text) as Row) : {};
			} catch {
				calls.push({ method, path: rest, status: 400 });
				return send(
					400,
					[{ errorCode: 'JSON_PARSER_ERROR', message: 'The request body is not JSON' }],
					limit,
				);
			}
			const records = Array.isArray(body.records) ? body.records.length : undefined;
			try {
				const r = route(method, rest, parsedUrl.searchParams, body, v[1]);
				calls.push({ method, path: rest, status: r.status, records });
				send(r.status, r.body, limit);
			} catch (error) {
				if (!isApiError(error)) {
					calls.push({ method, path: rest, status: 500 });
					return send(
						500,
						[{ errorCode: 'UNKNOWN_EXCEPTION', message: (error as Error).message }],
						limit,
					);
				}
				calls.push({ method, path: rest, status: error.status, records });
				send(error.status, error.errors, limit);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const fake: FakeSalesforce = {
		url,
		...creds,
		refreshToken: [...refreshTokens][0],
		tag,
		calls,
		apiUsed: () => used,
		records: (type) => [...table(type).values()],
		id(type, key) {
			const id = seedIds.get(`${type}.${key}`);
			if (!id) throw new Error(`no seeded ${type} "${key}"`);
			return id;
		},
		insert,
		update,
		remove,
		authorizationCode(redirectUri = creds.redirectUri) {
			const code = `aPrx${secret()}`;
			codes.set(code, redirectUri);
			return code;
		},
		expireTokens: () => accessTokens.clear(),
		refuseTokens: (r) => void (refuse = r),
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) =>
				server.close((e) => (e ? reject(e) : resolve())),
			);
		},
	};
	return fake;
}
