// Lists the PRs merged into a branch within [since, until]. The pulls API has no merged-at filter, so
// we walk closed PRs by `updated` (newest first) until a page reaches PRs untouched since `since`:
// a PR merged in the window was necessarily updated at or after its merge.
import type { GithubRequester } from './github-requests.ts';
import type { PrCache, PullSummary } from './types.ts';

interface PullItem {
  number: number;
  title?: string;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
  merged_at?: string | null;
  updated_at?: string | null;
}

export interface ListOptions {
  maxPages: number;
  now: number;
}

export interface MergedPulls {
  pulls: PullSummary[];
  /** True when maxPages stopped the walk before it reached `since`. */
  truncated: boolean;
  fromCache: boolean;
}

/** GitHub may take a moment to show a merge in listings; a window is "closed" this long after its end. */
const SETTLE_MS = 10 * 60_000;

export function listCacheKey(repo: string, branch: string | undefined, since: string, until: string): string {
  return `pulls:${repo}@${branch ?? '(default)'}:${since}..${until}`;
}

export async function fetchMergedPulls(
  gh: GithubRequester,
  cache: PrCache,
  target: { repo: string; branch?: string },
  window: { since: string; until: string },
  opts: ListOptions,
): Promise<MergedPulls> {
  const key = listCacheKey(target.repo, target.branch, window.since, window.until);
  const cached = await cache.getList(key);
  if (cached) return { pulls: cached, truncated: false, fromCache: true };
  const [owner, repo] = target.repo.split('/') as [string, string];
  const branch = target.branch ?? (await defaultBranch(gh, owner, repo));
  const since = Date.parse(window.since);
  const until = Date.parse(window.until);
  const pulls: PullSummary[] = [];
  let page = await gh.first<PullItem[]>('GET /repos/{owner}/{repo}/pulls', {
    owner,
    repo,
    state: 'closed',
    base: branch,
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  });
  for (let n = 1; ; n += 1) {
    const items = Array.isArray(page.data) ? page.data : [];
    for (const item of items) {
      const merged = item.merged_at ? Date.parse(item.merged_at) : NaN;
      // A PR updated while we page can show up twice.
      if (merged >= since && merged <= until && !pulls.some((p) => p.number === item.number))
        pulls.push(toSummary(item));
    }
    const last = items[items.length - 1];
    const reachedSince = last?.updated_at ? Date.parse(last.updated_at) < since : false;
    if (!page.next || items.length === 0 || reachedSince) break;
    if (n >= opts.maxPages) return { pulls, truncated: true, fromCache: false };
    page = await gh.follow<PullItem[]>(page.next);
  }
  if (until + SETTLE_MS < opts.now) await cache.putList(key, pulls);
  return { pulls, truncated: false, fromCache: false };
}

async function defaultBranch(gh: GithubRequester, owner: string, repo: string): Promise<string> {
  const res = await gh.first<{ default_branch?: string }>('GET /repos/{owner}/{repo}', { owner, repo });
  if (!res.data.default_branch) throw new Error(`GitHub returned no default branch for ${owner}/${repo}`);
  return res.data.default_branch;
}

function toSummary(item: PullItem): PullSummary {
  return {
    number: item.number,
    title: item.title ?? '',
    url: item.html_url ?? '',
    author: item.user?.login ?? null,
    authorType: item.user?.type ?? null,
    mergedAt: item.merged_at ?? '',
  };
}
