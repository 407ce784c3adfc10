// Remembers that a repository answered 404 (not found, or not visible to this token) for a window that
// is closed, so a re-run of the same triage notes it again without asking GitHub. Only 404: a 403 may
// be a rate limit or a token that gains access, and is asked again.
import { listCacheKey } from './fetch-merged-pulls.ts';
import type { PrCache } from './types.ts';

const SETTLE_MS = 10 * 60_000;

export const NOT_FOUND_NOTE = 'repository not found or not visible to this token (404)';

function keyOf(repo: string, branch: string | undefined, w: { since: string; until: string }): string {
  return `unreadable:404:${listCacheKey(repo, branch, w.since, w.until)}`;
}

export async function knownNotFound(
  cache: PrCache,
  target: { repo: string; branch?: string },
  w: { since: string; until: string },
): Promise<boolean> {
  return (await cache.getList(keyOf(target.repo, target.branch, w))) !== null;
}

export async function rememberNotFound(
  cache: PrCache,
  target: { repo: string; branch?: string },
  w: { since: string; until: string },
  now: number,
): Promise<void> {
  if (Date.parse(w.until) + SETTLE_MS < now) await cache.putList(keyOf(target.repo, target.branch, w), []);
}
