import type { Environment, SevenTargetsConfig } from './client';

/** The client's settings from the `sevenTargetsApi` credential's fields. */
export function sevenTargetsConfig(c: Record<string, unknown>): SevenTargetsConfig {
	return {
		clientId: String(c.clientId ?? ''),
		clientSecret: String(c.clientSecret ?? ''),
		userIdentifier: String(c.userIdentifier ?? ''),
		environment: (c.environment as Environment | undefined) ?? 'production',
		loginUrl: c.loginUrl ? String(c.loginUrl) : undefined,
		apiUrl: c.apiUrl ? String(c.apiUrl) : undefined,
	};
}
