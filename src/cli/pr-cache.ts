import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PrCache } from '../suspects/index.ts';

// The CLI keeps merged PRs in the same SQLite store the App uses, so a second triage of the same window
// makes no GitHub requests. A cache that cannot be opened only costs requests, never the triage.
// The store (SQLite, migrations) is imported only when a cache is opened, i.e. when suspects are on.

export function defaultCachePath(home = homedir()): string {
  return join(home, '.cache', 'ci-triage', 'cache.db');
}

export interface OpenedCache {
  cache: PrCache | null;
  problem: string | null;
  close(): Promise<void>;
}

export async function openCliPrCache(path: string | undefined): Promise<OpenedCache> {
  const file = path ?? defaultCachePath();
  try {
    const { createStorePrCache, openSqliteStore } = await import('../store/index.ts');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const store = openSqliteStore({ path: file });
    return { cache: createStorePrCache(store), problem: null, close: () => store.close() };
  } catch (err) {
    return {
      cache: null,
      problem: `PR cache unavailable (${(err as Error).message}): suspects will be fetched again`,
      close: async () => {},
    };
  }
}
