import { openPgStore, openSqliteStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { createTestDatabase, pgReachable } from '../helpers/pg-db.ts';
import type { TestDatabase } from '../helpers/pg-db.ts';

// The two store modes behind one contract: each test gets an empty store on the clock it passes.

export interface Backend {
  name: string;
  /** An empty, migrated store. */
  open(clock: () => Date): Promise<Store>;
  /** Once per file, after every store of the file was closed. */
  teardown(): Promise<void>;
}

const sqlite = (): Backend => ({
  name: 'SQLite',
  open: async (clock) => openSqliteStore({ path: ':memory:', clock }),
  teardown: async () => undefined,
});

function postgres(): Backend {
  let db: TestDatabase | null = null;
  return {
    name: 'PostgreSQL',
    async open(clock) {
      db ??= await createTestDatabase('contract');
      const store = await openPgStore({ url: db.url, clock, poolSize: 4 });
      const tables = await store.pool.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
      );
      await store.pool.query(`TRUNCATE ${tables.rows.map((t) => t.tablename).join(', ')} RESTART IDENTITY CASCADE`);
      await store.queue.boss.deleteAllJobs();
      return store;
    },
    async teardown() {
      await db?.drop();
    },
  };
}

/** SQLite always; PostgreSQL when a server answers (always in CI). */
export const BACKENDS: { backend: Backend; run: boolean }[] = [
  { backend: sqlite(), run: true },
  { backend: postgres(), run: await pgReachable() },
];
