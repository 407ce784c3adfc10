import type { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from '../migrations/index.ts';
import type { Migration } from '../migrations/index.ts';
import type { Store } from '../types.ts';
import { createSqliteComments } from './comment-sql.ts';
import { migrate, openDatabase } from './database.ts';
import type { MigrationResult } from './database.ts';
import { createSqlitePatternVerdicts } from './pattern-verdict-sql.ts';
import { createSqlitePrCache } from './pr-cache-sql.ts';
import { createSqliteQueue } from './queue-sql.ts';
import { createSqliteSlack } from './slack-sql.ts';
import { normaliseTime } from './rows.ts';
import { createSqliteTriages } from './triage-sql.ts';
import { createSqliteWatch, pruneWatchBuilds } from './watch-sql.ts';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
  busyTimeoutMs?: number;
  clock?: () => Date;
  /** Tests pass a prefix of MIGRATIONS to build an old schema. */
  migrations?: readonly Migration[];
}

export interface SqliteStore extends Store {
  readonly db: DatabaseSync;
  readonly migration: MigrationResult;
}

/** The embedded store: one SQLite file, migrated to the latest schema on open. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const clock = options.clock ?? (() => new Date());
  const db = openDatabase(options.path, { busyTimeoutMs: options.busyTimeoutMs });
  let migration: MigrationResult;
  try {
    migration = migrate(db, options.migrations ?? MIGRATIONS, clock);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    db,
    migration,
    ...createSqliteQueue(db),
    ...createSqliteTriages(db, clock),
    ...createSqliteComments(db, clock),
    ...createSqlitePrCache(db, clock),
    ...createSqliteSlack(db, clock),
    ...createSqliteWatch(db, clock),
    ...createSqlitePatternVerdicts(db, clock),
    async prune(before) {
      const at = normaliseTime(before);
      let removed = 0;
      removed += Number(
        db.prepare("DELETE FROM queue_jobs WHERE status IN ('done', 'failed') AND updated_at < ?").run(at).changes,
      );
      removed += Number(db.prepare('DELETE FROM webhook_deliveries WHERE received_at < ?').run(at).changes);
      removed += Number(db.prepare('DELETE FROM dedupe_keys WHERE created_at < ?').run(at).changes);
      removed += pruneWatchBuilds(db, at);
      return removed;
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
