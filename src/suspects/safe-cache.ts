// A cache that fails (disk full, locked database) must cost requests, not the triage: reads that throw
// count as misses and writes that throw are dropped, with a warning.
import type { PrCache } from './types.ts';
import type { Logger } from '../logger.ts';

export function safeCache(cache: PrCache, log: Logger | undefined): PrCache {
  const warn = (op: string, err: unknown) =>
    log?.warn({ op, error: err instanceof Error ? err.message : String(err) }, 'suspect cache failed');
  return {
    getFiles: (repo, number) => cache.getFiles(repo, number).catch((err: unknown) => (warn('getFiles', err), null)),
    putFiles: (repo, number, files) =>
      cache.putFiles(repo, number, files).catch((err: unknown) => warn('putFiles', err)),
    getList: (key) => cache.getList(key).catch((err: unknown) => (warn('getList', err), null)),
    putList: (key, pulls) => cache.putList(key, pulls).catch((err: unknown) => warn('putList', err)),
  };
}
