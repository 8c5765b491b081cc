import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Qobra public API for tests and the sandbox: data table ingestion (background imports that stack while a
 * debounce runs, replace-all, per-line parsing errors), import status, bulk user upsert (all or nothing, ≤ 200) and
 * the v2 reporting reads (data structures, fields, records and statements paged by `start_id`).
 */

/** Qobra column types, as its Odoo integration documents them. */
export type ColumnType = 'string' | 'number' | 'amount' | 'bool' | 'picklist' | 'date' | 'user';

export interface FakeTable {
	key: string;
	name: string;
	/** Field API name → type. Fields a push sends that the table lacks are ignored, as Qobra does. */
	fields: Record<string, ColumnType>;
	idField: string;
	/** Records by the id field's value, in first-import order. */
	records: Map<string, FakeRow>;
}

export interface FakeRow {
	/** `standard.id`: a 24-hex id, increasing, so `start_id` paging follows insertion order. */
	qid: string;
	values: Record<string, unknown>;
	modifiedAt: string;
}

export interface FakeUser {
	id: string;
	email: string;
	[attribute: string]: unknown;
}

interface ImportPart {
	table: string;
	rows: unknown[];
	all: boolean;
}

interface FakeImport {
	id: string;
	status: 'scheduled' | 'started' | 'finished';
	parts: ImportPart[];
	created_at: string;
	launched_at: string | null;
	finished_at: string | null;
	processed: number;
	timer?: NodeJS.Timeout;
	details: Map<string, TableDetail>;
}

interface TableDetail {
	rows: number;
	processed: number;
	imported: number;
	errors: Array<{ line_number: number; row: unknown; details: string; description: string }>;
}

export interface FakeCall {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	/** Rows or users a write carried. */
	size?: number;
}

export interface FakeQobraOptions {
	port?: number;
	apiKey?: string;
	tables?: Array<{
		key: string;
		name?: string;
		fields: Record<string, ColumnType>;
		idField?: string;
	}>;
	/** Rows an import processes per step of the event loop (progress moves between polls). */
	rowsPerStep?: number;
}

export interface FakeQobra {
	/** Base URL for the credential's override, e.g. `http://127.0.0.1:1234/`. */
	url: string;
	apiKey: string;
	tables: Map<string, FakeTable>;
	users: FakeUser[];
	calls: FakeCall[];
	defineTable(key: string, fields: Record<string, ColumnType>, idField?: string): FakeTable;
	/** The table's rows as pushed (ignored fields dropped), in first-import order. */
	rows(table: string): Array<Record<string, unknown>>;
	/** The next `times` requests answer 429 with this `Retry-After`. */
	rateLimit(times: number, retryAfter?: string): void;
	/** Resolves once no import is scheduled or running. */
	idle(): Promise<void>;
	reset(): void;
	close(): Promise<void>;
}

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(String(status));
	}
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MAX_USERS = 200;
const hexId = (prefix: string, n: number) =>
	prefix + n.toString(16).padStart(24 - prefix.length, '0');

/** Qobra parses each cell by the column's type; a cell it cannot parse fails its line, as a Python ValueError. */
function parseCell(type: ColumnType, field: string, value: unknown): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const shown = typeof value === 'string' ? value : JSON.stringify(value);
	switch (type) {
		case 'number':
		case 'amount':
			if (typeof value === 'number' || (typeof value === 'string' && !isNaN(Number(value))))
				return undefined;
			return `ValueError: could not convert string to float: '${shown}'|Can't parse '${shown}' as float for attribute ${field}`;
		case 'bool':
			if (typeof value === 'boolean' || ['true', 'false'].includes(String(value).toLowerCase()))
				return undefined;
			return `ValueError: invalid truth value '${shown}'|Can't parse '${shown}' as bool for attribute ${field}`;
		case 'date':
			if (
				typeof value === 'string' &&
				/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
			)
				return undefined;
			return `ValueError: Invalid isoformat string: '${shown}'|Can't parse '${shown}' as date for attribute ${field}`;
		case 'user':
			// Users are referenced by email; whether Qobra also refuses an email it does not know is not documented.
			if (typeof value === 'string' && EMAIL_RE.test(value)) return undefined;
			return `ValueError: '${shown}' is not an email|Can't parse '${shown}' as user for attribute ${field}`;
		default:
			return typeof value === 'object'
				? `ValueError: expected a string, got '${shown}'|Can't parse '${shown}' as string for attribute ${field}`
				: undefined;
	}
}

export async function startFakeQobra(options: FakeQobraOptions = {}): Promise<FakeQobra> {
	const apiKey = options.apiKey ?? 'fake-qobra-key';
	const rowsPerStep = options.rowsPerStep ?? 2000;
	const tables = new Map<string, FakeTable>();
	const users: FakeUser[] = [];
	const calls: FakeCall[] = [];
	const imports = new Map<string, FakeImport>();
	let counters = { row: 0, import: 0, user: 0 };
	let rateLimited = { times: 0, retryAfter: '0' };
	let baseUrl = '';
	let running: Promise<void> = Promise.resolve();
	const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

	const defineTable: FakeQobra['defineTable'] = (key, fields, idField = 'id') => {
		const table: FakeTable = { key, name: key, fields, idField, records: new Map() };
		tables.set(key, table);
		return table;
	};
	for (const t of options.tables ?? []) defineTable(t.key, t.fields, t.idField);

	const seedUsers = () => {
		users.push(
			{
				id: hexId('u', ++counters.user),
				email: 'admin@yourcompany.example.com',
				first_name: 'Mitchell',
				last_name: 'Admin',
			},
			{
				id: hexId('u', ++counters.user),
				email: 'mark.demo@example.com',
				first_name: 'Marc',
				last_name: 'Demo',
			},
		);
	};
	seedUsers();

	/** The statements structure: one statement per user per month, as Qobra's commission results. */
	const STATEMENTS_ID = hexId('5', 1);
	const statements = () =>
		users.flatMap((u, n) =>
			['2024-01-01', '2024-02-01'].map((date, m) => ({
				'standard.id': hexId('6', n * 2 + m + 1),
				'standard.user': { id: u.id, email: u.email },
				'standard.date': date,
				'standard.total_commission': { value: 1000 * (n + 1) + 100 * m, currency: 'EUR' },
				'standard.status': m === 0 ? 'paid' : 'validated',
				_modified: `${date}T00:00:00Z`,
			})),
		);

	function launch(imp: FakeImport): void {
		imp.status = 'started';
		imp.launched_at = now();
		for (const part of imp.parts) {
			const d = imp.details.get(part.table) ?? { rows: 0, processed: 0, imported: 0, errors: [] };
			d.rows += part.rows.length;
			imp.details.set(part.table, d);
		}
		// Imports run one after another, in the order they launched, a step of rows at a time.
		running = running.then(async () => {
			const line = new Map<string, number>();
			for (const part of imp.parts) {
				const table = tables.get(part.table)!;
				const d = imp.details.get(part.table)!;
				if (part.all) table.records.clear();
				for (let i = 0; i < part.rows.length; i++) {
					const n = (line.get(part.table) ?? 0) + 1;
					line.set(part.table, n);
					importRow(table, part.rows[i], n, d);
					d.processed++;
					imp.processed++;
					if (imp.processed % rowsPerStep === 0) await new Promise((r) => setImmediate(r));
				}
			}
			imp.status = 'finished';
			imp.finished_at = now();
		});
	}

	function importRow(table: FakeTable, raw: unknown, line: number, d: TableDetail): void {
		const row =
			raw && typeof raw === 'object' && !Array.isArray(raw)
				? (raw as Record<string, unknown>)
				: undefined;
		const fail = (error: string) => {
			const [details, description] = error.split('|');
			d.errors.push({ line_number: line, row: raw, details, description });
		};
		if (!row) return fail(`ValueError: a record must be an object|Line ${line} is not an object`);
		const id = row[table.idField];
		if (id === null || id === undefined || id === '')
			return fail(`KeyError: '${table.idField}'|Missing id field ${table.idField}`);
		for (const [field, type] of Object.entries(table.fields)) {
			const error = parseCell(type, field, row[field]);
			if (error) return fail(error);
		}
		const values = Object.fromEntries(
			Object.keys(table.fields)
				.filter((f) => f in row)
				.map((f) => [f, row[f]]),
		);
		const existing = table.records.get(String(id));
		if (existing)
			Object.assign(existing, { values: { ...existing.values, ...values }, modifiedAt: now() });
		else
			table.records.set(String(id), { qid: hexId('7', ++counters.row), values, modifiedAt: now() });
		d.imported++;
	}

	function pushRecords(tableKey: string, query: URLSearchParams, body: unknown): unknown {
		const table = tables.get(tableKey);
		if (!table) throw new HttpError(404, { detail: `Data table '${tableKey}' not found` });
		const data = (body as { data?: unknown })?.data;
		if (!Array.isArray(data))
			throw new HttpError(400, { detail: "Body must be an object with a 'data' list of records" });
		const debounce = Number(query.get('debounce') ?? 0);
		if (!Number.isInteger(debounce) || debounce < 0)
			throw new HttpError(400, { detail: 'debounce must be an integer >= 0' });
		const part = { table: tableKey, rows: data, all: query.get('all') === 'true' };
		// A call within the debounce of a scheduled import stacks onto it and restarts its wait.
		let imp = [...imports.values()].find((i) => i.status === 'scheduled');
		if (!imp) {
			imp = {
				id: hexId('64', ++counters.import),
				status: 'scheduled',
				parts: [],
				created_at: now(),
				launched_at: null,
				finished_at: null,
				processed: 0,
				details: new Map(),
			};
			imports.set(imp.id, imp);
		}
		imp.parts.push(part);
		clearTimeout(imp.timer);
		const target = imp;
		imp.timer = setTimeout(() => launch(target), debounce * 1000);
		return { import_id: imp.id };
	}

	function importView(imp: FakeImport): unknown {
		const total = imp.parts.reduce((s, p) => s + p.rows.length, 0);
		const progress =
			imp.status === 'finished' ? 100 : total ? Math.floor((imp.processed / total) * 100) : 0;
		return {
			data_import: {
				id: imp.id,
				created_at: imp.created_at,
				launched_at: imp.launched_at,
				finished_at: imp.finished_at,
				status: imp.status,
				progress,
				data_tables_details: [...new Set(imp.parts.map((p) => p.table))].map((key) => {
					const d = imp.details.get(key);
					const done = imp.status === 'finished';
					return {
						type: 'api',
						status: imp.status,
						data_table_key: key,
						progress: done ? 100 : d && d.rows ? Math.floor((d.processed / d.rows) * 100) : 0,
						number_of_records: done ? (d?.imported ?? 0) : null,
						error:
							d && d.errors.length
								? {
										title: 'ParsingError',
										description: d.errors[0].description,
										parsing_error_details: d.errors.map(({ line_number, row, details }) => ({
											line_number,
											row,
											details,
										})),
									}
								: null,
					};
				}),
			},
		};
	}

	function upsertUsers(body: unknown): unknown {
		const data = (body as { data?: unknown })?.data;
		if (!Array.isArray(data))
			throw new HttpError(400, { detail: "Body must be an object with a 'data' list of users" });
		if (data.length > MAX_USERS)
			throw new HttpError(400, {
				detail: `You can't upsert more than ${MAX_USERS} users at a time`,
			});
		const seen = new Set<string>();
		data.forEach((u, n) => {
			const email = String((u as { email?: unknown })?.email ?? '').toLowerCase();
			if (!EMAIL_RE.test(email))
				throw new HttpError(400, {
					detail: `User ${n + 1}: '${(u as { email?: unknown })?.email ?? ''}' is not a valid email; nothing was imported`,
				});
			if (seen.has(email))
				throw new HttpError(400, {
					detail: `User ${n + 1}: email ${email} appears twice; nothing was imported`,
				});
			seen.add(email);
		});
		const out = data.map((u) => {
			const values = u as Record<string, unknown>;
			const email = String(values.email).toLowerCase();
			let user = users.find((x) => x.email === email);
			if (!user) users.push((user = { id: hexId('u', ++counters.user), email }));
			// Fields not sent are left alone; null empties one.
			Object.assign(user, values, { email, id: user.id });
			return { ...user };
		});
		return { count: out.length, data: out };
	}

	function structures(): Array<Record<string, unknown>> {
		const link = (id: string, kind: string) => ({
			fields: `${baseUrl}v2/data-structures/${id}/fields`,
			records: `${baseUrl}v2/reporting/${id}/${kind}`,
		});
		return [
			{
				id: STATEMENTS_ID,
				name: 'Commission Statements',
				type: 'statement_reporting',
				total_records: statements().length,
				links: link(STATEMENTS_ID, 'statements'),
			},
			...[...tables.values()].map((t) => ({
				id: t.key,
				name: t.name,
				type: 'record_reporting',
				total_records: t.records.size,
				links: link(t.key, 'records'),
			})),
		];
	}

	/** Reporting shape: `datatable.<field>`, amounts with their currency, users as {id, email}. */
	function reportingRow(table: FakeTable, row: FakeRow): Record<string, unknown> {
		const out: Record<string, unknown> = { 'standard.id': row.qid };
		for (const [field, type] of Object.entries(table.fields)) {
			if (field.endsWith('_currency') && table.fields[field.slice(0, -9)] === 'amount') continue;
			let value = row.values[field] ?? null;
			if (type === 'amount' && value !== null)
				value = { value: Number(value), currency: row.values[`${field}_currency`] ?? null };
			if (type === 'user' && value !== null) {
				const user = users.find((u) => u.email === String(value).toLowerCase());
				value = user ? { id: user.id, email: user.email } : null;
			}
			out[`datatable.${field}`] = value;
		}
		out._modified = row.modifiedAt;
		return out;
	}

	function reporting(id: string, kind: string, query: URLSearchParams): unknown {
		const limit = Number(query.get('limit') ?? 1000);
		if (!Number.isInteger(limit) || limit < 1 || limit > 2000)
			throw new HttpError(400, { detail: 'limit must be between 1 and 2000' });
		let rows: Array<Record<string, unknown>>;
		if (kind === 'statements' && id === STATEMENTS_ID) rows = statements();
		else if (kind === 'records' && tables.has(id)) {
			const table = tables.get(id)!;
			rows = [...table.records.values()].map((r) => reportingRow(table, r));
		} else throw new HttpError(404, { detail: `No ${kind} reporting structure '${id}'` });
		const after = query.get('last_modified_after');
		const before = query.get('last_modified_before');
		const start = query.get('start_id');
		rows = rows.filter(
			(r) =>
				(!after || String(r._modified) > after) &&
				(!before || String(r._modified) < before) &&
				(!start || String(r['standard.id']) > start),
		);
		const page = rows.slice(0, limit).map(({ _modified, ...r }) => r);
		const hasMore = rows.length > limit;
		const next = hasMore ? String(page[page.length - 1]['standard.id']) : null;
		return {
			data: page,
			meta: {
				next_start_id: next,
				has_more: hasMore,
				next_url: next
					? `${baseUrl}v2/reporting/${id}/${kind}?start_id=${next}&limit=${limit}`
					: null,
			},
		};
	}

	function fieldsOf(id: string): unknown {
		if (id === STATEMENTS_ID)
			return {
				data: [
					{ key: 'standard.id', name: 'ID', type: 'string' },
					{ key: 'standard.user', name: 'User', type: 'user' },
					{ key: 'standard.date', name: 'Date', type: 'date' },
					{ key: 'standard.total_commission', name: 'Total commission', type: 'amount' },
					{ key: 'standard.status', name: 'Status', type: 'picklist' },
				],
			};
		const table = tables.get(id);
		if (!table) throw new HttpError(404, { detail: `Data structure '${id}' not found` });
		return {
			data: [
				{ key: 'standard.id', name: 'ID', type: 'string' },
				...Object.entries(table.fields).map(([f, type]) => ({
					key: `datatable.${f}`,
					name: f,
					type,
				})),
			],
		};
	}

	function route(method: string, path: string, query: URLSearchParams, body: unknown): unknown {
		let m: RegExpMatchArray | null;
		if (method === 'POST' && (m = path.match(/^\/v1\/tables\/([^/]+)\/records\/bulk$/)))
			return pushRecords(decodeURIComponent(m[1]), query, body);
		if (method === 'GET' && (m = path.match(/^\/v1\/imports\/([^/]+)$/))) {
			const imp = imports.get(decodeURIComponent(m[1]));
			if (!imp) throw new HttpError(404, { detail: 'Import not found' });
			return importView(imp);
		}
		if (method === 'PUT' && path === '/v1/users/bulk') return upsertUsers(body);
		if (method === 'GET' && path === '/v2/data-structures') return { data: structures() };
		if (method === 'GET' && (m = path.match(/^\/v2\/data-structures\/([^/]+)\/fields$/)))
			return fieldsOf(decodeURIComponent(m[1]));
		if (method === 'GET' && (m = path.match(/^\/v2\/reporting\/([^/]+)\/(records|statements)$/)))
			return reporting(decodeURIComponent(m[1]), m[2], query);
		throw new HttpError(404, { detail: 'Not found' });
	}

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const raw = Buffer.concat(chunks).toString('utf8');
			let status = 200;
			let payload: unknown;
			const headers: Record<string, string> = {};
			let body: unknown;
			try {
				if (rateLimited.times > 0) {
					rateLimited.times--;
					headers['Retry-After'] = rateLimited.retryAfter;
					throw new HttpError(429, { detail: 'Too many requests' });
				}
				const key = req.headers['x-api-key'];
				if (!key) throw new HttpError(401, { detail: 'Missing X-API-Key header' });
				if (key !== apiKey) throw new HttpError(401, { detail: 'Invalid API key' });
				try {
					body = raw ? JSON.parse(raw) : undefined;
				} catch {
					throw new HttpError(400, { detail: 'Body is not valid JSON' });
				}
				payload = route(req.method ?? 'GET', url.pathname, url.searchParams, body);
			} catch (error) {
				if (!(error instanceof HttpError)) throw error;
				status = error.status;
				payload = error.body;
			}
			const data = (body as { data?: unknown })?.data;
			calls.push({
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				status,
				...(Array.isArray(data) ? { size: data.length } : {}),
			});
			const text = JSON.stringify(payload);
			res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
			res.end(text);
		});
	});

	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

	const busy = () => [...imports.values()].some((i) => i.status !== 'finished');

	return {
		url: baseUrl,
		apiKey,
		tables,
		users,
		calls,
		defineTable,
		rows(key) {
			return [...(tables.get(key)?.records.values() ?? [])].map((r) => r.values);
		},
		rateLimit(times, retryAfter = '0') {
			rateLimited = { times, retryAfter };
		},
		async idle() {
			while (busy()) await new Promise((r) => setTimeout(r, 10));
			await running;
		},
		reset() {
			for (const imp of imports.values()) clearTimeout(imp.timer);
			imports.clear();
			for (const t of tables.values()) t.records.clear();
			users.length = 0;
			calls.length = 0;
			counters = { row: 0, import: 0, user: 0 };
			rateLimited = { times: 0, retryAfter: '0' };
			seedUsers();
		},
		async close() {
			for (const imp of imports.values()) clearTimeout(imp.timer);
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) =>
				server.close((e) => (e ? reject(e) : resolve())),
			);
		},
	};
}
