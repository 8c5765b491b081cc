import { OdooError } from './errors';

export interface RetryOptions {
	/** How long to keep trying while Odoo does not answer, from the first failed attempt (default 60 s; 0: never retry). */
	retryForMs?: number;
	/** First pause between attempts (default 200 ms), doubling up to `maxBackoffMs` (default 2 s), with jitter. */
	backoffMs?: number;
	maxBackoffMs?: number;
	/** Told when the client starts waiting for Odoo, and when Odoo answers again (once per outage). */
	onWait?: (message: string) => void;
}

export const DEFAULT_RETRY_FOR_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${+(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * One client's patience with an Odoo that does not answer. An outage has one clock, shared by
 * every call of the client: it starts with the first attempt that got no answer and stops at the
 * next answer, so calls that meet a server already down for longer than the budget fail at once
 * instead of each waiting the whole budget again.
 */
export class RetryBudget {
	/** When the attempt that first got no answer started. */
	private down?: number;
	private told = false;

	constructor(private readonly o: RetryOptions = {}) {}

	get retryForMs(): number {
		return this.o.retryForMs ?? DEFAULT_RETRY_FOR_MS;
	}

	/** Time since Odoo stopped answering (0 while it answers). */
	get outageMs(): number {
		return this.down === undefined ? 0 : Date.now() - this.down;
	}

	/**
	 * Runs `attempt` until it succeeds, it fails in a way `mayRepeat` refuses, or the budget is spent.
	 * Only transient failures are repeated. Any failure to reach Odoo starts the outage clock, even
	 * one that is not repeated here (a create that may have landed): the caller's recovery waits on it.
	 */
	async run<T>(attempt: () => Promise<T>, mayRepeat: (err: OdooError) => boolean): Promise<T> {
		const first = Date.now();
		for (let n = 0; ; n++) {
			const started = Date.now();
			try {
				const value = await attempt();
				this.answered();
				return value;
			} catch (err) {
				if (!(err instanceof OdooError) || !err.retryable) throw err;
				const unreachable = err.kind === 'network';
				if (unreachable) this.down ??= started;
				// A conflict (serialization failure) is not an outage: it has its own clock.
				const waited = Date.now() - (unreachable ? this.down! : first);
				if (!mayRepeat(err) || !this.retryForMs) throw err;
				if (waited >= this.retryForMs) throw unreachable ? this.gaveUp(err, waited) : err;
				if (unreachable && !this.told) {
					this.told = true;
					this.o.onWait?.(
						`Odoo not answering (${err.message.replace(/^Could not reach Odoo: /, '')}), retrying for up to ${seconds(this.retryForMs)}`,
					);
				}
				await sleep(Math.min(this.backoff(n, err.retryAfterMs), this.retryForMs - waited));
			}
		}
	}

	private answered(): void {
		if (this.down !== undefined && this.told)
			this.o.onWait?.(`Odoo answered again after ${seconds(Date.now() - this.down)}`);
		this.down = undefined;
		this.told = false;
	}

	private gaveUp(err: OdooError, waited: number): OdooError {
		return new OdooError(
			'network',
			`Odoo stopped answering: no answer for ${seconds(waited)}, retried for up to ${seconds(this.retryForMs)} (last error: ${err.message}). Run the workflow again once Odoo is back, or raise 'Retry For (Seconds)' in the credential or the node's options.`,
			{ retryable: true, notApplied: err.notApplied, mayBeRunning: err.mayBeRunning },
		);
	}

	private backoff(n: number, retryAfterMs?: number): number {
		const max = this.o.maxBackoffMs ?? 2000;
		if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
		const base = Math.min(max, (this.o.backoffMs ?? 200) * 2 ** n);
		return base / 2 + Math.random() * (base / 2);
	}
}
