import type { DatabaseSync } from 'node:sqlite';
import type { PrCacheStore } from '../types.ts';
import { parseJson } from './rows.ts';

// Freshness is the reader's call (it knows whether a merged PR list can still change): we keep fetched_at.
export function createSqlitePrCache(db: DatabaseSync, clock: () => Date): PrCacheStore {
  const read = (sql: string, what: string, ...args: (string | number)[]) => {
    const row = db.prepare(sql).get(...args) as { json: string; fetched_at: string } | undefined;
    return row ? { value: parseJson(row.json, what), fetchedAt: row.fetched_at } : null;
  };
  return {
    async getPrFiles(repo, number) {
      return read(
        'SELECT files_json AS json, fetched_at FROM pr_files WHERE repo = ? AND number = ?',
        `pr_files ${repo}#${number}`,
        repo,
        number,
      );
    },
    async putPrFiles(repo, number, files) {
      db.prepare('INSERT OR REPLACE INTO pr_files (repo, number, files_json, fetched_at) VALUES (?, ?, ?, ?)').run(
        repo,
        number,
        JSON.stringify(files),
        clock().toISOString(),
      );
    },
    async getPrList(key) {
      return read('SELECT pulls_json AS json, fetched_at FROM pr_lists WHERE key = ?', `pr_lists ${key}`, key);
    },
    async putPrList(key, pulls) {
      db.prepare('INSERT OR REPLACE INTO pr_lists (key, pulls_json, fetched_at) VALUES (?, ?, ?)').run(
        key,
        JSON.stringify(pulls),
        clock().toISOString(),
      );
    },
  };
}
