import type { JobType } from '../../types.ts';

/** What a run's key in a Prow bucket says about it, before any file is read. */
export interface RunPath {
  job: string;
  buildId: string;
  jobType: JobType;
  /** owner/name from `pr-logs/pull/<org>_<repo>/<pr>/...`; Prow omits it for kubernetes/kubernetes. */
  repo: string | null;
  pull: number | null;
}

/** Parses `pr-logs/pull/<org_repo>/<pr>/<job>/<build>/`, `logs/<job>/<build>/`, or any `<job>/<build>/`. */
export function parseRunPath(runKey: string): RunPath {
  const parts = runKey.split('/').filter((part) => part !== '');
  const buildId = parts.at(-1) ?? '';
  const job = parts.at(-2) ?? '';
  const base = { job, buildId, repo: null, pull: null };
  if (parts[0] === 'pr-logs' && parts[1] === 'pull') {
    const middle = parts.slice(2, -2);
    if (middle.length === 1 && middle[0] === 'batch') return { ...base, jobType: 'batch' };
    const pr = middle.at(-1);
    const orgRepo = middle.length >= 2 ? middle[0] : null;
    return {
      ...base,
      jobType: 'presubmit',
      pull: pr !== undefined && /^\d+$/.test(pr) ? Number(pr) : null,
      repo: orgRepo === null ? 'kubernetes/kubernetes' : splitOrgRepo(orgRepo ?? ''),
    };
  }
  return { ...base, jobType: jobTypeFromName(job) };
}

function splitOrgRepo(orgRepo: string): string | null {
  // GitHub org names cannot hold `_`, so the first one separates org from repo.
  const at = orgRepo.indexOf('_');
  return at > 0 ? `${orgRepo.slice(0, at)}/${orgRepo.slice(at + 1)}` : null;
}

/** Prow naming conventions; only a fallback when prowjob.json says nothing. */
export function jobTypeFromName(job: string): JobType {
  if (job.startsWith('pull-')) return 'presubmit';
  if (job.startsWith('post-')) return 'postsubmit';
  if (job.startsWith('periodic-') || job.startsWith('ci-')) return 'periodic';
  return 'unknown';
}

/** Orders Prow build ids numerically (they are 19-digit snowflakes; shorter legacy ids also exist). */
export function compareBuildIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isBuildId(value: string): boolean {
  return /^\d+$/.test(value);
}
