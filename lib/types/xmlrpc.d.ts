declare module 'xmlrpc/lib/serializer' {
	export function serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
	export function serializeMethodResponse(result: unknown): string;
}
declare module 'xmlrpc/lib/deserializer' {
	import type { Readable } from 'node:stream';
	export default class Deserializer {
		constructor(encoding?: string);
		deserializeMethodResponse(
			stream: Readable,
			callback: (error: Error | null, result: unknown) => void,
		): void;
	}
}
