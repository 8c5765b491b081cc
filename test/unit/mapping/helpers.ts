import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	FetchBinary,
	FieldsGetResult,
	ItemResult,
	MapperDeps,
	RelationResolver,
} from '../../../lib/mapping';
import { createMapper, parseMappingSpec } from '../../../lib/mapping';

/** A binder over in-memory records that counts its calls, like one search_read per call would. */
export function memoryResolver(records: Record<string, Array<Record<string, unknown>>>) {
	const calls: Array<{
		model: string;
		keyField: string;
		values: string[];
		context?: Record<string, unknown>;
	}> = [];
	const resolver: RelationResolver = {
		async resolve(model, keyField, values, context) {
			calls.push({ model, keyField, values: [...values].sort(), context });
			const found = new Map<string, number>();
			for (const record of records[model] ?? []) {
				const key = String(record[keyField]);
				if (values.includes(key)) found.set(key, record.id as number);
			}
			return found;
		},
	};
	return { resolver, calls };
}

export function fieldsGetOf(models: Record<string, FieldsGetResult>) {
	const calls: string[] = [];
	return {
		calls,
		fieldsGet: async (model: string) => {
			calls.push(model);
			return models[model] ?? {};
		},
	};
}

/** Maps records with a one-field spec; the easiest way to exercise one transform end to end. */
export async function mapField(
	field: Record<string, unknown>,
	records: Record<string, unknown>[],
	deps: MapperDeps = {},
	spec: Record<string, unknown> = {},
): Promise<ItemResult[]> {
	const parsed = parseMappingSpec({ source: 'left', target: 'right', fields: [field], ...spec });
	return createMapper(parsed, deps).map(records);
}

/** The value written to `path`, or the error message of a failed item. */
export async function mapOne(
	field: Record<string, unknown>,
	value: unknown,
	deps: MapperDeps = {},
	spec: Record<string, unknown> = {},
): Promise<unknown> {
	const [result] = await mapField(field, [{ v: value }], deps, spec);
	if (result.status === 'failed') return `ERROR ${result.error.message}`;
	if (result.status === 'filtered') return `FILTERED ${result.reason}`;
	return result.values.out;
}

export function expectMapped(result: ItemResult): Record<string, unknown> {
	if (result.status !== 'mapped')
		throw new Error(
			`expected a mapped item, got ${JSON.stringify(result.status === 'failed' ? result.error.message : result)}`,
		);
	return result.values;
}

export const PNG_1x1 = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
	'base64',
);

/** A local HTTP server with a few files, and a FetchBinary over Node's fetch that counts requests. */
export async function startFileServer(
	files: Record<string, { type?: string; body: Buffer | string }>,
) {
	const requests: string[] = [];
	const server = http.createServer((req, res) => {
		requests.push(req.url ?? '');
		const file = files[(req.url ?? '').split('?')[0]];
		if (!file) {
			res.writeHead(404).end('not found');
			return;
		}
		res.writeHead(200, file.type ? { 'Content-Type': file.type } : {}).end(file.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const fetchBinary: FetchBinary = async (url) => {
		const res = await fetch(url);
		if (!res.ok) throw new Error(`HTTP ${res.status}`);
		return {
			body: new Uint8Array(await res.arrayBuffer()),
			contentType: res.headers.get('content-type') ?? undefined,
		};
	};
	return {
		base,
		requests,
		fetchBinary,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				// fetch keeps connections alive; close() alone would wait for them.
				server.closeAllConnections();
			}),
	};
}
