/**
 * What n8n's queue mode needs besides n8n: Redis (Debian's `redis-server`, on loopback, a free
 * port, no persistence) and a PostgreSQL database of its own on the local server that runs for
 * Odoo (role odoo_local, which may create databases; see ../shared/odoo/odoo-local.sh).
 * `.ci/run` installs redis-server when it is missing.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { freePort, sleep, spawnGroup, stopGroup } from './n8n-runtime';

const PG = {
	PGHOST: process.env.QUEUE_PGHOST ?? '127.0.0.1',
	PGPORT: process.env.QUEUE_PGPORT ?? '5432',
	PGUSER: process.env.QUEUE_PGUSER ?? 'odoo_local',
	PGPASSWORD: process.env.QUEUE_PGPASSWORD ?? 'odoo_local',
};

/** Workflow executions a worker runs at once. */
export const WORKER_CONCURRENCY = 10;

export interface QueueBackend {
	/** n8n's settings for queue mode: main and worker both get them. */
	env: Record<string, string>;
	close(): Promise<void>;
}

/** Starts Redis and creates an empty n8n database; `close` stops and drops both. */
export async function startQueueBackend(dir: string): Promise<QueueBackend> {
	const port = await freePort();
	const log = fs.openSync(path.join(dir, 'redis.log'), 'w');
	const redis = spawnGroup(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ stdio: ['ignore', log, log] },
	);
	fs.closeSync(log);
	redis.exited.catch(() => undefined);
	const database = `n8n_queue_${process.pid}_${Date.now().toString(36)}`;
	const pg = (cmd: string, args: string[]) =>
		execFileSync(cmd, args, { env: { ...process.env, ...PG }, stdio: 'pipe' });
	try {
		await waitForPort(port);
		pg('createdb', [database]);
	} catch (error) {
		await stopGroup(redis.child, redis.exited);
		throw new Error(
			`queue mode: ${error instanceof Error ? error.message : error} (needs redis-server and a PostgreSQL role that may create databases)`,
		);
	}
	return {
		env: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: PG.PGHOST,
			DB_POSTGRESDB_PORT: PG.PGPORT,
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: PG.PGUSER,
			DB_POSTGRESDB_PASSWORD: PG.PGPASSWORD,
			// Main and worker must decrypt the same credentials.
			N8N_ENCRYPTION_KEY: `queue-e2e-${database}`,
		},
		async close() {
			await stopGroup(redis.child, redis.exited);
			try {
				pg('dropdb', ['--force', database]);
			} catch {
				// Dropped by hand later if a connection lingered.
			}
		},
	};
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const ok = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.end();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (ok) return;
		if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
		await sleep(200);
	}
}
