import { DatabaseSync } from 'node:sqlite';
import type { Migration } from '../migrations/index.ts';
import { StoreError } from '../errors.ts';

export interface OpenDatabaseOptions {
  /** How long a writer waits for another connection's lock before failing (SQLITE_BUSY). */
  busyTimeoutMs?: number;
}

/** Opens (or creates) the file with WAL, so readers do not block the single writer, and a busy timeout. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5000, enableForeignKeyConstraints: true });
  } catch (err) {
    throw new StoreError('open-failed', `cannot open the SQLite database at ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  // WAL + NORMAL survives process crashes; only an OS crash may lose the last commits.
  db.exec('PRAGMA synchronous = NORMAL');
  return db;
}

/** Runs `fn` in one write transaction (taken up-front, so two writers never deadlock on upgrade). */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

/** Applies the pending migrations in order, each in its own transaction, recording them in schema_migrations. */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[],
  now: () => Date = () => new Date(),
): MigrationResult {
  checkOrder(migrations);
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const from = currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new StoreError(
      'schema-too-new',
      `the database schema is at v${from} but this ci-triage knows migrations up to v${latest}: upgrade ci-triage`,
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    inTransaction(db, () => {
      // Re-read inside the lock: another process may have applied it meanwhile.
      if (m.version <= currentVersion(db)) return;
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new StoreError(
          'migration-failed',
          `migration v${m.version} (${m.name}) failed: ${(err as Error).message}`,
          { cause: err },
        );
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        now().toISOString(),
      );
      applied.push(m.version);
    });
  }
  return { from, to: currentVersion(db), applied };
}

export function currentVersion(db: DatabaseSync): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null } | undefined;
  return row?.v ?? 0;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new StoreError(
        'migration-failed',
        `migrations must be numbered 1, 2, 3...: found v${m.version} at position ${i + 1}`,
      );
  });
}
