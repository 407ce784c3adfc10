import type { GitHubClient } from '../deliver/github/index.ts';
import { httpStatusOf, splitRepo } from '../deliver/github/index.ts';
import { JobError } from '../queue/errors.ts';

// The few GitHub reads the app itself needs around a triage: which PRs a commit belongs to, who may
// run /triage, what failed on a PR's head, and the repository's config file.

type Obj = Record<string, unknown>;
const asArray = (v: unknown): Obj[] =>
  Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as Obj[]) : [];
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Open PRs whose head (or merge) contains the commit. */
export async function listOpenPullsForCommit(client: GitHubClient, repo: string, sha: string): Promise<number[]> {
  const r = splitRepo(repo);
  const res = await client.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
    ...r,
    commit_sha: sha,
    per_page: 100,
  });
  return asArray(res.data)
    .filter((p) => p.state === 'open' && typeof p.number === 'number')
    .map((p) => p.number as number);
}

const WRITE_ROLES = new Set(['admin', 'maintain', 'write']);

/** Write access or above; a user who is not a collaborator at all (404) has none. */
export async function hasWriteAccess(client: GitHubClient, repo: string, user: string): Promise<boolean> {
  const r = splitRepo(repo);
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
      ...r,
      username: user,
    });
    const d = (res.data ?? {}) as Obj;
    return WRITE_ROLES.has(String(d.permission)) || WRITE_ROLES.has(String(d.role_name));
  } catch (err) {
    if (httpStatusOf(err) === 404) return false;
    throw err;
  }
}

export async function getPullHead(
  client: GitHubClient,
  repo: string,
  pr: number,
): Promise<{ sha: string; open: boolean }> {
  const r = splitRepo(repo);
  const res = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...r, pull_number: pr });
  const d = (res.data ?? {}) as { head?: { sha?: unknown }; state?: unknown };
  const sha = str(d.head?.sha);
  if (!sha) throw new Error(`GitHub answered PR ${repo}#${pr} without a head sha`);
  return { sha, open: d.state === 'open' };
}

export interface FailedCheck {
  job: string;
  url: string;
  source: 'status' | 'check_run';
  /** GitHub App that created the check run, if any. */
  app: string | null;
}

/** Failed statuses (latest per context) and failed check runs (latest per name) of a commit. */
export async function listFailedChecks(client: GitHubClient, repo: string, sha: string): Promise<FailedCheck[]> {
  const r = splitRepo(repo);
  const combined = await client.request('GET /repos/{owner}/{repo}/commits/{ref}/status', {
    ...r,
    ref: sha,
    per_page: 100,
  });
  const statuses = asArray((combined.data as Obj | null)?.statuses)
    .filter((s) => s.state === 'failure' || s.state === 'error')
    .flatMap((s): FailedCheck[] => {
      const job = str(s.context);
      const url = str(s.target_url);
      return job && url ? [{ job, url, source: 'status', app: null }] : [];
    });
  const checks = await client.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
    ...r,
    ref: sha,
    filter: 'latest',
    per_page: 100,
  });
  const runs = asArray((checks.data as Obj | null)?.check_runs)
    .filter((c) => c.conclusion === 'failure' || c.conclusion === 'timed_out')
    .flatMap((c): FailedCheck[] => {
      const job = str(c.name);
      const url = str(c.details_url) ?? str(c.html_url);
      const app = str((c.app as Obj | null | undefined)?.slug);
      return job && url ? [{ job, url, source: 'check_run', app }] : [];
    });
  return [...statuses, ...runs];
}

const MAX_FILE_BYTES = 256 * 1024;

/** Text of a file on the default branch; null when it does not exist. */
export async function fetchRepoFile(client: GitHubClient, repo: string, path: string): Promise<string | null> {
  const r = splitRepo(repo);
  let data: Obj;
  try {
    data = (await client.request('GET /repos/{owner}/{repo}/contents/{path}', { ...r, path })).data as Obj;
  } catch (err) {
    if (httpStatusOf(err) === 404) return null;
    throw err;
  }
  if (data?.type !== 'file' || typeof data.content !== 'string') return null;
  if (typeof data.size === 'number' && data.size > MAX_FILE_BYTES)
    throw new JobError('unsupported', `${path} is larger than ${MAX_FILE_BYTES / 1024} KiB`);
  return Buffer.from(data.content, 'base64').toString('utf8');
}
