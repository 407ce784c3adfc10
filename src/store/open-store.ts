import { openPgStore } from './postgres/pg-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { MigrationResult } from './sqlite/database.ts';
import type { Store } from './types.ts';
import type { Logger } from '../logger.ts';

export interface OpenStoreOptions {
  /** postgres://... selects PostgreSQL; absent: the SQLite file at `dbPath`. */
  databaseUrl?: string | null;
  dbPath: string;
  poolSize?: number;
  /** PostgreSQL's queue (pg-boss): a job's heartbeat period before another instance takes it. */
  leaseSeconds?: number;
  /** Where pg-boss's errors and warnings go. */
  log?: Logger;
}

export type StoreKind = 'sqlite' | 'postgres';

export function storeKind(databaseUrl: string | null | undefined): StoreKind {
  return databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/** The store the configuration asks for, migrated and ready. */
export async function openStore(options: OpenStoreOptions): Promise<Store & { readonly migration: MigrationResult }> {
  if (storeKind(options.databaseUrl) === 'postgres') {
    return openPgStore({
      url: options.databaseUrl as string,
      poolSize: options.poolSize,
      queue: { leaseSeconds: options.leaseSeconds, log: options.log },
    });
  }
  return openSqliteStore({ path: options.dbPath });
}
