import { openPgStore } from './postgres/pg-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { MigrationResult } from './sqlite/database.ts';
import type { Store } from './types.ts';

export interface OpenStoreOptions {
  /** postgres://... selects PostgreSQL; absent: the SQLite file at `dbPath`. */
  databaseUrl?: string | null;
  dbPath: string;
  poolSize?: number;
}

export type StoreKind = 'sqlite' | 'postgres';

export function storeKind(databaseUrl: string | null | undefined): StoreKind {
  return databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/** The store the configuration asks for, migrated and ready. */
export async function openStore(options: OpenStoreOptions): Promise<Store & { readonly migration: MigrationResult }> {
  if (storeKind(options.databaseUrl) === 'postgres') {
    return openPgStore({ url: options.databaseUrl as string, poolSize: options.poolSize });
  }
  return openSqliteStore({ path: options.dbPath });
}
