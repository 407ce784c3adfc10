import { parseRepoConfig } from './repo-config.schema.ts';
import type { ParsedRepoConfig, RepoConfig } from './repo-config.schema.ts';

export { DEFAULT_REPO_CONFIG, REPO_CONFIG_PATH, parseRepoConfig } from './repo-config.schema.ts';
export type { ParsedRepoConfig, RepoConfig } from './repo-config.schema.ts';

/** Reads the file's text from the repository's default branch; null when it does not exist. */
export type FetchConfigText = () => Promise<string | null>;

export interface RepoConfigCache {
  load(repo: string, fetchText: FetchConfigText): Promise<ParsedRepoConfig>;
  /** Forget one repository (e.g. after a push to its config); forget all without an argument. */
  invalidate(repo?: string): void;
}

export interface RepoConfigCacheOptions {
  ttlMs: number;
  now?: () => number;
  /** Bound on cached repositories; the oldest entry goes first. */
  maxEntries?: number;
}

/**
 * Caches each repository's parsed config for `ttlMs`, so a burst of failures on one repo costs one API
 * call. A fetch that fails is not cached: the caller's job fails (and retries) instead of triaging with
 * a config it never saw.
 */
export function createRepoConfigCache(options: RepoConfigCacheOptions): RepoConfigCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1000;
  const entries = new Map<string, { value: ParsedRepoConfig; expires: number }>();
  return {
    async load(repo, fetchText) {
      const hit = entries.get(repo);
      if (hit && hit.expires > now()) return hit.value;
      const value = parseRepoConfig(await fetchText());
      entries.delete(repo);
      entries.set(repo, { value, expires: now() + options.ttlMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    },
    invalidate(repo) {
      if (repo === undefined) entries.clear();
      else entries.delete(repo);
    },
  };
}

/** True when the job matches one of `ignore_jobs` (exact names, or globs with `*` and `?`). */
export function isJobIgnored(config: RepoConfig, job: string): boolean {
  return config.ignore_jobs.some((pattern) => matchGlob(pattern, job));
}

/**
 * Wildcard match without regular expressions: greedy with one backtrack point, so the time is
 * O(pattern x name) at worst and user patterns cannot blow up.
 */
export function matchGlob(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
