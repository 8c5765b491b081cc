declare module 'xmlrpc/lib/serializer' {
	export function serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
	export function serializeMethodResponse(result: unknown): string;
}
