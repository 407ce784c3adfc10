import type { PrCache, PrFile, PullSummary } from '../suspects/index.ts';
import type { PrCacheStore } from './types.ts';

/**
 * The suspect finder's PrCache over the store's pr_files / pr_lists tables. The finder only caches what
 * cannot change (files of merged PRs, listings of windows in the past), so entries never expire here.
 */
export function createStorePrCache(store: PrCacheStore): PrCache {
  return {
    async getFiles(repo, number) {
      const hit = await store.getPrFiles(repo, number);
      return hit && Array.isArray(hit.value) ? (hit.value as PrFile[]) : null;
    },
    async putFiles(repo, number, files) {
      await store.putPrFiles(repo, number, files);
    },
    async getList(key) {
      const hit = await store.getPrList(key);
      return hit && Array.isArray(hit.value) ? (hit.value as PullSummary[]) : null;
    },
    async putList(key, pulls) {
      await store.putPrList(key, pulls);
    },
  };
}
