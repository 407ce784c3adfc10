export type * from './types.ts';
export type * from './slack-types.ts';
export { StoreError } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';
export { MIGRATIONS } from './migrations/index.ts';
export type { Migration } from './migrations/index.ts';
export { openSqliteStore } from './sqlite/sqlite-store.ts';
export type { SqliteStore, SqliteStoreOptions } from './sqlite/sqlite-store.ts';
export { createStorePrCache } from './store-pr-cache.ts';
