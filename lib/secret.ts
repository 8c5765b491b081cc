import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A secret for a webhook URL or header, for services that sign nothing (Clientify, Odoo). */
export function newSecret(): string {
	return randomBytes(32).toString('hex');
}

/** Constant-time comparison; hashing first makes the lengths equal so nothing leaks through timing. */
export function secretMatches(expected: string | undefined, received: unknown): boolean {
	if (!expected || typeof received !== 'string' || !received) return false;
	const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
	return timingSafeEqual(digest(expected), digest(received));
}
