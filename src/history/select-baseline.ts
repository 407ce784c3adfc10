import type { HistoryEntry, HistoryVerdict, RunResult } from '../types.ts';

// Pure: which runs of a job's history matter for one triage. The caller supplies the cause test,
// because deciding "same cause" needs the analyzer (and loading logs), which this module must not do.

export interface HistoryPlan {
  /** Runs older than the current one, newest first. */
  older: HistoryEntry[];
  /** Last green run before the consecutive red streak that ends at the current run. */
  streakBaseline: HistoryEntry | null;
  /** First red run of that consecutive streak (the current run itself when the streak is 1 long). */
  streakFirstRed: HistoryEntry | null;
}

const RED: ReadonlySet<RunResult> = new Set(['FAILURE', 'ERROR']);

export function isRed(result: RunResult): boolean {
  return RED.has(result);
}

/** Orders by build id (Prow ids grow with time) and falls back to start time. */
export function compareNewestFirst(a: HistoryEntry, b: HistoryEntry): number {
  const byTime = (b.startedAt ?? '').localeCompare(a.startedAt ?? '');
  if (byTime !== 0) return byTime;
  if (/^\d+$/.test(a.buildId) && /^\d+$/.test(b.buildId)) {
    return BigInt(b.buildId) > BigInt(a.buildId) ? 1 : BigInt(b.buildId) < BigInt(a.buildId) ? -1 : 0;
  }
  return b.buildId.localeCompare(a.buildId);
}

export function planHistory(
  history: HistoryEntry[],
  current: { buildId: string; startedAt: string | null },
): HistoryPlan {
  const sorted = [...history].sort(compareNewestFirst);
  const idx = sorted.findIndex((h) => h.buildId === current.buildId);
  const older = idx >= 0 ? sorted.slice(idx + 1) : sorted.filter((h) => isOlder(h, current));
  let streakFirstRed: HistoryEntry | null = idx >= 0 ? (sorted[idx] ?? null) : null;
  let streakBaseline: HistoryEntry | null = null;
  for (const h of older) {
    if (h.result === 'SUCCESS') {
      streakBaseline = h;
      break;
    }
    if (isRed(h.result)) streakFirstRed = h;
  }
  return { older, streakBaseline, streakFirstRed };
}

function isOlder(h: HistoryEntry, current: { buildId: string; startedAt: string | null }): boolean {
  if (h.startedAt && current.startedAt) return h.startedAt < current.startedAt;
  if (/^\d+$/.test(h.buildId) && /^\d+$/.test(current.buildId)) return BigInt(h.buildId) < BigInt(current.buildId);
  return false;
}

export interface CauseWalk {
  /** Earliest older red run with the same cause, within the look-back bounds. */
  earliestSameCause: HistoryEntry | null;
  baseline: HistoryEntry | null;
}

/**
 * Walks back from the current run looking for older red runs that failed the same way. A flaky cause
 * lets green runs sit between its failures; the walk stops after `maxGreenGap` greens in a row, so one
 * similar failure months ago does not drag the window back. `sameCause` is called newest first.
 */
export async function walkSameCause(
  older: HistoryEntry[],
  sameCause: (h: HistoryEntry) => Promise<boolean>,
  opts: { maxRuns: number; maxGreenGap: number },
): Promise<CauseWalk> {
  let earliest: HistoryEntry | null = null;
  let greens = 0;
  for (const h of older.slice(0, opts.maxRuns)) {
    if (h.result === 'SUCCESS') {
      greens += 1;
      if (greens > opts.maxGreenGap) break;
      continue;
    }
    if (!isRed(h.result)) continue;
    if (await sameCause(h)) {
      earliest = h;
      greens = 0;
    }
  }
  const from = earliest ? older.indexOf(earliest) + 1 : 0;
  const baseline = earliest ? (older.slice(from).find((h) => h.result === 'SUCCESS') ?? null) : null;
  return { earliestSameCause: earliest, baseline };
}

/** Broken: every run since the first red one failed the same way; flaky: green runs sit in between. */
export function verdictSince(runsSinceFirstRed: { result: RunResult; sameCause: boolean }[]): HistoryVerdict {
  let failedSameCause = 0;
  let passed = 0;
  let failedOtherCause = 0;
  for (const r of runsSinceFirstRed) {
    if (r.result === 'SUCCESS') passed += 1;
    else if (isRed(r.result)) {
      if (r.sameCause) failedSameCause += 1;
      else failedOtherCause += 1;
    }
  }
  const pattern = failedSameCause <= 1 && passed === 0 ? 'single' : passed > 0 ? 'flaky' : 'broken';
  return { pattern: failedSameCause === 0 ? 'unknown' : pattern, failedSameCause, passed, failedOtherCause };
}
