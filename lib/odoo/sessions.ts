import { createHash } from 'node:crypto';
import type { FieldsInfo, VersionInfo } from './client';
import type { Protocol } from './transports';

/** A map that forgets entries after `ttlMs`, and its least recently used entry beyond `max`. */
export class Lru<V> {
	private readonly entries = new Map<string, { value: V; expires: number }>();

	constructor(
		private readonly max: number,
		private readonly ttlMs: number,
	) {}

	get(key: string): V | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		this.entries.delete(key);
		if (entry.expires <= Date.now()) return undefined;
		this.entries.set(key, entry);
		return entry.value;
	}

	set(key: string, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
		if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
	}

	/** Forgets the key; with `value`, only while the key still holds that value (a newer one stays). */
	delete(key: string, value?: V): void {
		if (value === undefined || this.entries.get(key)?.value === value) this.entries.delete(key);
	}

	get size(): number {
		return this.entries.size;
	}
}

/** What connecting to one database as one user yields. It holds no secret, so clients of one process may share it. */
export interface Session {
	version: VersionInfo;
	protocol: Protocol;
	db: string;
	uid: number;
	/** fields_get per model. */
	fields: Lru<Promise<FieldsInfo>>;
}

const MINUTE = 60_000;
export const newFieldsCache = () => new Lru<Promise<FieldsInfo>>(50, 15 * MINUTE);

/**
 * Sessions by credential and database, so that an n8n process logs in once per credential rather
 * than once per execution. Entries expire after 15 minutes (a changed user or schema is seen by then)
 * and are dropped at once on an authentication error.
 */
export class SessionCache extends Lru<Promise<Session>> {
	constructor(max = 100, ttlMs = 15 * MINUTE) {
		super(max, ttlMs);
	}

	/** The key: a hash, so the cache never holds a password or API key in clear. */
	static key(...parts: string[]): string {
		return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
	}
}

/** The sessions of this process, shared by every node execution. */
export const sharedSessions = new SessionCache();
