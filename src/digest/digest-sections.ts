import type { DigestRun } from './digest-runs.ts';
import { countBy } from './digest-runs.ts';
import type { CauseRow, FlakyRow, JobRow, SuspectRow } from './types.ts';
import { UNCLASSIFIED } from './types.ts';

// The digest's tables, each from the period's runs (failed ones unless said otherwise). Ties are
// broken by name so that the same data always gives the same digest.

export function causeRows(
  failed: readonly DigestRun[],
  previous: readonly DigestRun[],
  firstSeen: Record<string, string>,
  periodStart: string,
  wrongCause: Map<string, number>,
): CauseRow[] {
  const before = countBy(previous, (r) => r.cause.fingerprint);
  const groups = groupBy(failed, (r) => r.cause.fingerprint);
  const rows = [...groups].map(([fingerprint, runs]): CauseRow => {
    const newest = runs.at(-1) as DigestRun;
    const seen = firstSeen[fingerprint] ?? null;
    return {
      fingerprint,
      classifier: newest.cause.classifier,
      category: newest.cause.category,
      summary: newest.cause.summary,
      name: newest.cause.name,
      failures: runs.length,
      previous: before.get(fingerprint) ?? 0,
      jobs: distinct(runs.map((r) => r.job)),
      status:
        fingerprint === UNCLASSIFIED
          ? null
          : seen !== null && Date.parse(seen) < Date.parse(periodStart)
            ? 'recurring'
            : 'new',
      firstSeen: seen,
      wrongCause: wrongCause.get(fingerprint) ?? 0,
    };
  });
  return rows.sort((a, b) => b.failures - a.failures || a.fingerprint.localeCompare(b.fingerprint));
}

export function jobRows(failed: readonly DigestRun[], previous: readonly DigestRun[], limit: number): JobRow[] {
  const before = countBy(previous, (r) => r.job);
  const rows = [...groupBy(failed, (r) => r.job)].map(([job, runs]): JobRow => {
    const newest = runs.at(-1) as DigestRun;
    return {
      job,
      failures: runs.length,
      previous: before.get(job) ?? 0,
      lastUrl: newest.report.run.url,
      lastCause: newest.cause.fingerprint,
    };
  });
  return rows.sort((a, b) => b.failures - a.failures || a.job.localeCompare(b.job)).slice(0, limit);
}

/** The top suspect of each failed run, counted: which merged changes are behind the most failures. */
export function suspectRows(failed: readonly DigestRun[], limit: number): SuspectRow[] {
  const rows = new Map<string, SuspectRow>();
  for (const run of failed) {
    const s = run.report.suspects[0];
    if (!s) continue;
    const ref = s.number === null ? `${s.repo}: ${s.title}` : `${s.repo}#${s.number}`;
    const row = rows.get(ref) ?? { ref, url: s.url, title: s.title, failures: 0, jobs: [] };
    row.failures += 1;
    if (!row.jobs.includes(run.job)) row.jobs.push(run.job);
    rows.set(ref, row);
  }
  return [...rows.values()].sort((a, b) => b.failures - a.failures || a.ref.localeCompare(b.ref)).slice(0, limit);
}

/** Jobs that go green and red in turn (two or more flips; aborted runs skipped), or that the history stage called flaky. */
export function flakyRows(runs: readonly DigestRun[], limit: number): FlakyRow[] {
  const rows: FlakyRow[] = [];
  const decided = runs.filter((r) => r.failed || r.green);
  for (const [job, jobRuns] of groupBy(decided, (r) => r.job)) {
    let flips = 0;
    jobRuns.forEach((r, i) => {
      const prev = jobRuns[i - 1];
      if (prev && prev.failed !== r.failed) flips += 1;
    });
    const verdict = jobRuns.filter((r) => r.report.history?.pattern === 'flaky').at(-1)?.report.history ?? null;
    if (flips < 2 && !verdict) continue;
    const recordedFailed = jobRuns.filter((r) => r.failed).length;
    rows.push({
      job,
      flips,
      passed: verdict ? verdict.passed : jobRuns.length - recordedFailed,
      failed: verdict ? verdict.failedSameCause + verdict.failedOtherCause : recordedFailed,
      flaggedByHistory: verdict !== null,
    });
  }
  return rows.sort((a, b) => b.flips - a.flips || b.failed - a.failed || a.job.localeCompare(b.job)).slice(0, limit);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
