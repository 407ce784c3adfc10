import type { Pool } from 'pg';
import { MIGRATIONS } from '../migrations/index.ts';
import type { Migration } from '../migrations/index.ts';
import type { MigrationResult } from '../sqlite/database.ts';
import { normaliseTime } from '../sqlite/rows.ts';
import type { Store } from '../types.ts';
import { carryQueueJobs } from './carry-queue-jobs.ts';
import type { CarryOverResult } from './carry-queue-jobs.ts';
import { migratePg } from './migrate-pg.ts';
import { createPool } from './pool.ts';
import { createBoss, createPgBossQueue } from './queue-pgboss.ts';
import type { PgBossQueue, PgBossQueueOptions } from './queue-pgboss.ts';
import { createPgComments, createPgPatternVerdicts, createPgPrCache, createPgTriages } from './records-pg.ts';
import { createPgSlack } from './slack-pg.ts';
import { createPgWatch, pruneWatchBuildsPg } from './watch-pg.ts';

export interface PgStoreOptions {
  /** postgres://user@host:port/db */
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  clock?: () => Date;
  migrations?: readonly Migration[];
  /** pg-boss: heartbeat period (the lease), retention, where its errors go. */
  queue?: PgBossQueueOptions;
}

export interface PgStore extends Store {
  readonly pool: Pool;
  /** The queue's engine (pg-boss): its supervisor and job tables. */
  readonly queue: Pick<PgBossQueue, 'boss' | 'supervise'>;
  readonly migration: MigrationResult;
  /** What this start moved from the old queue_jobs table into pg-boss (zeros once it is empty). */
  readonly carriedOver: CarryOverResult;
  /** One round trip: false when the server does not answer. */
  ping(): Promise<boolean>;
}

/**
 * The networked store for several instances: one PostgreSQL database, migrated under a lock on open;
 * pg-boss installs or upgrades its own schema under the same lock, so instances starting together
 * neither race on ours nor on its.
 */
export async function openPgStore(options: PgStoreOptions): Promise<PgStore> {
  const clock = options.clock ?? (() => new Date());
  const pool = createPool(options.url, options.poolSize ?? 10);
  const boss = createBoss(options.url, options.queue);
  const queue = createPgBossQueue(pool, boss, options.queue);
  let migration: MigrationResult;
  let carriedOver: CarryOverResult = { carried: 0, coalesced: 0, failed: 0 };
  try {
    migration = await migratePg(pool, options.migrations ?? MIGRATIONS, clock, async (client) => {
      await boss.start();
      carriedOver = await carryQueueJobs(client, queue);
    });
  } catch (err) {
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    await pool.end();
    throw err;
  }
  if (carriedOver.carried + carriedOver.coalesced + carriedOver.failed > 0)
    options.queue?.log?.info({ ...carriedOver }, 'jobs of the old queue_jobs table moved into pg-boss');
  let closed = false;
  return {
    pool,
    migration,
    carriedOver,
    queue,
    ...queue,
    ...createPgTriages(pool, clock),
    ...createPgComments(pool, clock),
    ...createPgPrCache(pool, clock),
    ...createPgSlack(pool, clock),
    ...createPgWatch(pool, clock),
    ...createPgPatternVerdicts(pool, clock),
    async prune(before) {
      const at = normaliseTime(before);
      let removed = 0;
      const del = async (sql: string) => {
        removed += (await pool.query(sql, [at])).rowCount ?? 0;
      };
      removed += await queue.pruneFinished(new Date(at));
      await del('DELETE FROM webhook_deliveries WHERE received_at < $1');
      await del('DELETE FROM dedupe_keys WHERE created_at < $1');
      removed += await pruneWatchBuildsPg(pool, at);
      return removed;
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue.stop();
      await pool.end();
    },
  };
}
