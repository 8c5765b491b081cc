/**
 * In-memory tables with an undo journal so that each RPC call is one transaction, as in
 * Odoo: a call that fails half-way leaves nothing behind. Id sequences are not rolled
 * back (PostgreSQL sequences are not transactional either).
 */
export type Raw = Record<string, unknown> & { id: number };

export class Store {
	private readonly tables = new Map<string, Map<number, Raw>>();
	private readonly seqs = new Map<string, number>();
	private journal: (() => void)[] | null = null;
	/** Transactions committed so far; a record's stamp is the commit that last changed it. */
	private commits = 0;
	private readonly stamps = new Map<string, number>();
	/**
	 * The commits the current call sees, as PostgreSQL's snapshot at its first statement: the
	 * server sets it to the count when the request arrived, so a call held by the injected
	 * latency overlaps the calls that commit meanwhile.
	 */
	snapshot: number | undefined;
	/** Bumped on every change to a table, so derived indexes know when to rebuild. */
	private readonly generations = new Map<string, number>();

	generation(model: string): number {
		return this.generations.get(model) ?? 0;
	}

	private touch(model: string, id: number): void {
		this.generations.set(model, this.generation(model) + 1);
		const key = `${model}:${id}`;
		const stamp = this.stamps.get(key);
		this.stamps.set(key, this.commits + 1);
		this.journal?.push(
			() => void (stamp === undefined ? this.stamps.delete(key) : this.stamps.set(key, stamp)),
		);
	}

	get committed(): number {
		return this.commits;
	}

	/** A transaction that committed after the current call's snapshot changed this record. */
	changedConcurrently(model: string, id: number): boolean {
		return this.snapshot !== undefined && (this.stamps.get(`${model}:${id}`) ?? 0) > this.snapshot;
	}

	table(model: string): Map<number, Raw> {
		let t = this.tables.get(model);
		if (!t) {
			t = new Map();
			this.tables.set(model, t);
		}
		return t;
	}

	nextId(model: string): number {
		const next = this.seqs.get(model) ?? 1;
		this.seqs.set(model, next + 1);
		return next;
	}

	/** Makes the next generated id at least `id` (seeds keep the recorded ids and gaps). */
	bumpSequence(model: string, id: number): void {
		this.seqs.set(model, Math.max(this.seqs.get(model) ?? 1, id));
	}

	insert(model: string, rec: Raw): void {
		const t = this.table(model);
		t.set(rec.id, rec);
		this.bumpSequence(model, rec.id + 1);
		this.journal?.push(() => {
			t.delete(rec.id);
			this.generations.set(model, this.generation(model) + 1);
		});
		this.touch(model, rec.id);
	}

	update(model: string, id: number, patch: Record<string, unknown>): void {
		const rec = this.table(model).get(id);
		if (!rec) return;
		const before: Record<string, unknown> = {};
		for (const k of Object.keys(patch)) before[k] = rec[k];
		Object.assign(rec, patch);
		this.journal?.push(() => {
			Object.assign(rec, before);
			this.generations.set(model, this.generation(model) + 1);
		});
		this.touch(model, id);
	}

	remove(model: string, id: number): void {
		const t = this.table(model);
		const rec = t.get(id);
		if (!rec) return;
		t.delete(id);
		this.journal?.push(() => {
			this.generations.set(model, this.generation(model) + 1);
			t.set(id, rec);
			// keep ids ascending in iteration order after a rollback
			const sorted = [...t.entries()].sort((a, b) => a[0] - b[0]);
			t.clear();
			for (const [k, v] of sorted) t.set(k, v);
		});
		this.touch(model, id);
	}

	/** Runs fn as a transaction, or as a savepoint inside the current one. */
	transaction<T>(fn: () => T): T {
		const outer = this.journal !== null;
		const journal = (this.journal ??= []);
		const mark = journal.length;
		try {
			const result = fn();
			if (!outer) {
				this.journal = null;
				this.commits++;
			}
			return result;
		} catch (e) {
			for (let i = journal.length - 1; i >= mark; i--) journal[i]();
			journal.length = mark;
			if (!outer) this.journal = null;
			throw e;
		}
	}
}
