/**
 * One database of the fake server: the ORM, its public methods and the in-process `env` API.
 */
import { Methods } from './methods';
import { Clock, Ctx, Orm, Vals } from './orm';
import { Registry, Version } from './schema';
import { ADMIN_UID, seed } from './seed';
import { toPlain } from './values';

export interface FakeEnv {
	search(
		model: string,
		domain?: unknown[],
		opts?: { order?: string; limit?: number; offset?: number },
	): number[];
	read(model: string, ids: number[], fields?: string[]): Record<string, unknown>[];
	searchRead(model: string, domain?: unknown[], fields?: string[]): Record<string, unknown>[];
	create(model: string, vals: Record<string, unknown> | Record<string, unknown>[]): number[];
	write(model: string, ids: number[], vals: Record<string, unknown>): true;
	unlink(model: string, ids: number[]): true;
}

const registries = new Map<Version, Registry>();

export class Database {
	readonly orm: Orm;
	readonly methods: Methods;
	readonly env: FakeEnv;

	constructor(
		readonly name: string,
		version: Version,
		seedKind: 'demo' | 'empty',
		clock: Clock,
	) {
		let registry = registries.get(version);
		if (!registry) {
			registry = new Registry(version);
			registries.set(version, registry);
		}
		this.orm = new Orm(registry, clock);
		seed(this.orm, seedKind);
		this.env = this.makeEnv();
		this.methods = new Methods(this.orm, this.env);
		this.methods.hooks.set('sale.order.action_confirm', ({ ids, uid, context }) => {
			this.orm.write('sale.order', ids, { state: 'sale' }, { uid, context });
			return true;
		});
	}

	/** Runs fn as one transaction: on error nothing it changed remains. */
	transaction<T>(fn: () => T): T {
		return this.orm.store.transaction(fn);
	}

	private makeEnv(): FakeEnv {
		const ctx: Ctx = { uid: ADMIN_UID, context: {} };
		const orm = this.orm;
		const tx = <T>(fn: () => T): T => toPlain(this.transaction(fn));
		const search = (
			model: string,
			domain: unknown[] = [],
			opts: { order?: string; limit?: number; offset?: number } = {},
		) => orm.searchIds(model, domain, ctx.context, opts.order, opts.limit, opts.offset);
		return {
			search: (model, domain, opts) => tx(() => search(model, domain, opts)),
			read: (model, ids, fields) => tx(() => orm.read(model, ids, fields, ctx)),
			searchRead: (model, domain, fields) =>
				tx(() => orm.read(model, search(model, domain), fields, ctx)),
			create: (model, vals) =>
				tx(() => orm.create(model, (Array.isArray(vals) ? vals : [vals]) as Vals[], ctx)),
			write: (model, ids, vals) => tx(() => orm.write(model, ids, vals, ctx)),
			unlink: (model, ids) => tx(() => orm.unlink(model, ids, ctx)),
		};
	}
}
