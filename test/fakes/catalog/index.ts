import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';

/**
 * A local product catalogue REST API (the "Products Manager" side of seed 003) for tests, the
 * sandbox and the benchmark: products with the seed's fields, filters (supplier, has EAN,
 * modified since), paging, get one, create and update with timestamps, and product images
 * served over HTTP. Requests need the `X-API-Key` header.
 */

export interface CatalogProduct {
	id: number;
	title: string;
	ean: string | null;
	description: string | null;
	price: number | null;
	weight: number | null;
	brand_name: string | null;
	category: string | null;
	/** VAT rate in percent, e.g. 21; the templates' tax map turns it into Odoo taxes. */
	tax_rate: number | null;
	image_url: string | null;
	supplier_id: number | null;
	supplier_reference: string | null;
	active: boolean;
	created_at: string;
	updated_at: string;
}

export type ProductInput = Partial<Omit<CatalogProduct, 'id' | 'created_at' | 'updated_at'>>;

export interface CatalogCall {
	method: string;
	/** Path below /api/v1, e.g. `/products`. */
	path: string;
	query: Record<string, string>;
	status: number;
}

export interface FakeCatalogOptions {
	port?: number;
	apiKey?: string;
	/** Products to create at start (`seedProducts`), e.g. 10,000 for the benchmark. */
	products?: number;
	/** Page size when `page_size` is absent (max 1,000). */
	pageSize?: number;
}

export interface FakeCatalog {
	/** Base URL of the API, e.g. http://127.0.0.1:4020/api/v1 (no trailing slash). */
	url: string;
	apiKey: string;
	products: CatalogProduct[];
	calls: CatalogCall[];
	/** Image downloads, by path (e.g. `/images/p1-v1.png`). */
	imageGets: string[];
	/** Creates a product as the API does (timestamps, ean uniqueness); returns it. */
	create(input: ProductInput): CatalogProduct;
	/** Updates a product as the API does (updated_at moves forward). */
	update(id: number, changes: ProductInput): CatalogProduct;
	imageUrl(name: string): string;
	close(): Promise<void>;
}

const FIELDS: Array<keyof ProductInput> = [
	'title',
	'ean',
	'description',
	'price',
	'weight',
	'brand_name',
	'category',
	'tax_rate',
	'image_url',
	'supplier_id',
	'supplier_reference',
	'active',
];

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
	) {
		super(String(body.detail));
	}
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(bytes: Buffer): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const out = Buffer.alloc(body.length + 8);
	out.writeUInt32BE(data.length, 0);
	body.copy(out, 4);
	out.writeUInt32BE(crc32(body), body.length + 4);
	return out;
}

/** An 8x8 PNG whose colour depends on the name, so each image (and each version of one) has its own bytes. */
export function pngFor(name: string): Buffer {
	const seed = crc32(Buffer.from(name));
	const header = Buffer.alloc(13);
	header.writeUInt32BE(8, 0);
	header.writeUInt32BE(8, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	const row = Buffer.from([
		0,
		...Array.from({ length: 8 }, () => [
			seed & 0xff,
			(seed >> 8) & 0xff,
			(seed >> 16) & 0xff,
		]).flat(),
	]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.concat(Array(8).fill(row)))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

const CATEGORIES = ['Electronics', 'Clothing', 'Accessories'];

/** The n-th generated product: deterministic, so a seeded catalogue is the same on every start. */
export function sampleProduct(n: number, tag = 'CAT'): ProductInput {
	return {
		title: `${tag} Product ${n}`,
		ean: String(2000000000000 + n),
		description: `Sample product ${n}`,
		price: 10 + (n % 90) + 0.5,
		weight: ((n % 20) + 1) / 10,
		brand_name: `Brand ${n % 7}`,
		category: CATEGORIES[n % CATEGORIES.length],
		tax_rate: n % 2 ? 21 : 10,
		supplier_id: (n % 5) + 1,
		supplier_reference: `${tag}-${n}`,
		active: true,
	};
}

export async function startFakeCatalog(options: FakeCatalogOptions = {}): Promise<FakeCatalog> {
	const apiKey = options.apiKey ?? 'sandbox-catalog-key';
	const defaultPageSize = options.pageSize ?? 100;
	const products: CatalogProduct[] = [];
	const calls: CatalogCall[] = [];
	const imageGets: string[] = [];
	let nextId = 1;
	let lastStamp = 0;
	let baseUrl = '';

	/** Strictly increasing timestamps, so a cursor on updated_at never splits two writes. */
	const stamp = () => new Date((lastStamp = Math.max(Date.now(), lastStamp + 1))).toISOString();

	function validate(input: Record<string, unknown>, self?: number): ProductInput {
		const unknown = Object.keys(input).filter((k) => !FIELDS.includes(k as keyof ProductInput));
		if (unknown.length)
			throw new HttpError(400, { detail: `unknown fields: ${unknown.join(', ')}` });
		if ('title' in input && !String(input.title ?? '').trim())
			throw new HttpError(400, { detail: 'title is required', field: 'title' });
		for (const f of ['price', 'weight', 'tax_rate', 'supplier_id'] as const)
			if (input[f] != null && typeof input[f] !== 'number')
				throw new HttpError(400, { detail: `${f} must be a number`, field: f });
		const ean = input.ean;
		if (ean != null && ean !== '') {
			if (!/^\d{8,14}$/.test(String(ean)))
				throw new HttpError(400, { detail: 'ean must be 8 to 14 digits', field: 'ean' });
			const other = products.find((p) => p.ean === String(ean) && p.id !== self);
			if (other)
				throw new HttpError(409, {
					detail: `ean ${String(ean)} belongs to product ${other.id}`,
					field: 'ean',
				});
		}
		return input as ProductInput;
	}

	function create(input: ProductInput): CatalogProduct {
		if (!('title' in input))
			throw new HttpError(400, { detail: 'title is required', field: 'title' });
		validate(input as Record<string, unknown>);
		const now = stamp();
		const product: CatalogProduct = {
			id: nextId++,
			title: '',
			ean: null,
			description: null,
			price: null,
			weight: null,
			brand_name: null,
			category: null,
			tax_rate: null,
			image_url: null,
			supplier_id: null,
			supplier_reference: null,
			active: true,
			...input,
			created_at: now,
			updated_at: now,
		};
		product.image_url ??= imageUrl(`p${product.id}-v1`);
		products.push(product);
		return product;
	}

	function find(id: number): CatalogProduct {
		const product = products.find((p) => p.id === id);
		if (!product) throw new HttpError(404, { detail: 'Not found.' });
		return product;
	}

	function update(id: number, changes: ProductInput): CatalogProduct {
		const product = find(id);
		validate(changes as Record<string, unknown>, id);
		Object.assign(product, changes, { updated_at: stamp() });
		return product;
	}

	const imageUrl = (name: string) => `${baseUrl}/images/${name}.png`;

	function list(q: URLSearchParams): Record<string, unknown> {
		let found = products;
		const supplier = q.get('supplier_id');
		if (supplier) found = found.filter((p) => String(p.supplier_id) === supplier);
		const hasEan = q.get('has_ean');
		if (hasEan === 'true' || hasEan === 'false')
			found = found.filter((p) => Boolean(p.ean) === (hasEan === 'true'));
		const since = q.get('modified_since');
		if (since) {
			const t = Date.parse(since);
			if (Number.isNaN(t))
				throw new HttpError(400, {
					detail: 'modified_since must be an ISO date',
					field: 'modified_since',
				});
			found = found.filter((p) => Date.parse(p.updated_at) >= t);
		}
		for (const [param, field] of [
			['ids', 'id'],
			['ean', 'ean'],
		] as const) {
			const wanted = q.get(param);
			if (wanted) {
				const set = new Set(wanted.split(',').map((s) => s.trim()));
				found = found.filter((p) => set.has(String(p[field])));
			}
		}
		const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
		const size = Math.min(1000, Math.max(1, Number(q.get('page_size') ?? defaultPageSize) || 1));
		const items = found.slice((page - 1) * size, page * size);
		const more = page * size < found.length;
		const next = new URLSearchParams(q);
		next.set('page', String(page + 1));
		next.set('page_size', String(size));
		return {
			items,
			page,
			page_size: size,
			total: found.length,
			next: more ? `${baseUrl}/products?${next}` : null,
		};
	}

	function route(
		method: string,
		path: string,
		q: URLSearchParams,
		body: unknown,
	): [number, unknown] {
		const one = /^\/products\/(\d+)$/.exec(path);
		if (path === '/products' && method === 'GET') return [200, list(q)];
		if (path === '/products' && method === 'POST') return [201, create(asObject(body))];
		if (one && method === 'GET') return [200, find(Number(one[1]))];
		if (one && (method === 'PATCH' || method === 'PUT'))
			return [200, update(Number(one[1]), asObject(body))];
		throw new HttpError(404, { detail: 'Not found.' });
	}

	const asObject = (body: unknown): ProductInput => {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, { detail: 'the body must be a JSON object' });
		return body as ProductInput;
	};

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			const image = /^\/api\/v1\/images\/([\w.-]+)\.png$/.exec(url.pathname);
			if (image && req.method === 'GET') {
				// Images are public, as CDN URLs usually are.
				imageGets.push(url.pathname.slice('/api/v1'.length));
				const png = pngFor(image[1]);
				res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
				res.end(png);
				return;
			}
			let status: number;
			let payload: unknown;
			try {
				if (!url.pathname.startsWith('/api/v1/'))
					throw new HttpError(404, { detail: 'Not found.' });
				if (req.headers['x-api-key'] !== apiKey)
					throw new HttpError(401, { detail: 'Invalid or missing X-API-Key.' });
				const raw = Buffer.concat(chunks).toString('utf8');
				let body: unknown;
				try {
					body = raw ? JSON.parse(raw) : undefined;
				} catch {
					throw new HttpError(400, { detail: 'the body is not JSON' });
				}
				[status, payload] = route(
					req.method ?? 'GET',
					url.pathname.slice(7),
					url.searchParams,
					body,
				);
			} catch (error) {
				if (!(error instanceof HttpError)) throw error;
				[status, payload] = [error.status, error.body];
			}
			calls.push({
				method: req.method ?? 'GET',
				path: url.pathname.replace(/^\/api\/v1/, ''),
				query: Object.fromEntries(url.searchParams),
				status,
			});
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(payload));
		});
	});

	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
	for (let n = 1; n <= (options.products ?? 0); n++) create(sampleProduct(n));

	return {
		url: baseUrl,
		apiKey,
		products,
		calls,
		imageGets,
		create,
		update,
		imageUrl,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) =>
				server.close((e) => (e ? reject(e) : resolve())),
			);
		},
	};
}
