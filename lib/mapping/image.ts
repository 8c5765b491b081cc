import type { FetchBinary } from './types';
import { MappingError } from './types';

/** File signatures of the raster formats Odoo's image fields accept. */
const SIGNATURES: Array<[string, (b: Uint8Array) => boolean]> = [
	['png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
	['jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
	['gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
	['webp', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP'],
	['bmp', (b) => b[0] === 0x42 && b[1] === 0x4d],
	[
		'tiff',
		(b) =>
			(b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) ||
			(b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a),
	],
];

function ascii(bytes: Uint8Array, start: number, end: number): string {
	return String.fromCharCode(...bytes.subarray(start, end));
}

export function imageFormat(bytes: Uint8Array): string | undefined {
	return SIGNATURES.find(([, test]) => bytes.length >= 4 && test(bytes))?.[0];
}

/** The URL without its query and fragment: signed URLs carry tokens that must not reach error messages. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		return `${u.origin}${u.pathname}`;
	} catch {
		return '(invalid URL)';
	}
}

function formatBytes(n: number): string {
	return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} kB`;
}

/** Downloads an image and returns it base64-encoded, as Odoo's `image_1920` expects. */
export async function downloadImage(
	fetchBinary: FetchBinary,
	url: string,
	maxBytes: number,
): Promise<string> {
	const shown = redactUrl(url);
	const { body, contentType } = await fetchBinary(url).catch((error: Error) => {
		throw new MappingError(`image ${shown} could not be downloaded: ${error.message}`);
	});
	if (body.length > maxBytes)
		throw new MappingError(
			`image ${shown} is ${formatBytes(body.length)}, over the ${formatBytes(maxBytes)} limit`,
		);
	const type = contentType?.split(';')[0].trim().toLowerCase();
	if (type && !type.startsWith('image/') && type !== 'application/octet-stream') {
		throw new MappingError(`${shown} is not an image (content type ${type})`);
	}
	if (!imageFormat(body))
		throw new MappingError(
			`${shown} is not an image Odoo accepts (unrecognised file signature; PNG, JPEG, GIF, WebP, BMP or TIFF expected)`,
		);
	return Buffer.from(body).toString('base64');
}
