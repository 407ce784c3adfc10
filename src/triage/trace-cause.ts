// Step 3 of a triage: classify against the streak's baseline, then follow the top cause back through
// the job's history. A flaky cause leads past green runs to its first failure, and the baseline
// becomes the last green run before that (re-classified against it).
import { classifyRun, isSameCause, topCause } from '../analyze/index.ts';
import type { HistoryPlan } from '../history/select-baseline.ts';
import { verdictSince, walkSameCause } from '../history/select-baseline.ts';
import type { Finding, HistoryEntry, HistoryVerdict, RunResult, RunSummary } from '../types.ts';
import type { Baseline, Observed, RunContext } from './run-context.ts';
import { observe, observeBaseline, summaryOfEntry } from './run-context.ts';

const DEFAULT_LOOKBACK = { maxRuns: 30, maxGreenGap: 5 };

export interface TracedCause {
  findings: Finding[];
  baseline: Baseline;
  firstRed: RunSummary | null;
  verdict: HistoryVerdict | null;
}

export async function traceCause(
  ctx: RunContext,
  current: Observed,
  initial: Baseline,
  plan: HistoryPlan | null,
): Promise<TracedCause> {
  const findings = classifyRun(current.obs, initial.obs, ctx.catalog);
  const streakFirstRed = plan?.streakFirstRed ? summaryOfEntry(plan.streakFirstRed, current.info.job) : null;
  const top = topCause(findings);
  if (!plan || !top) return { findings, baseline: initial, firstRed: streakFirstRed, verdict: null };

  const walk = await walkCause(ctx, plan.older, top);
  const verdict = verdictSince([...walk.sinceFirstRed, { result: current.info.result, sameCause: true }]);
  if (!walk.earliest) return { findings, baseline: initial, firstRed: streakFirstRed, verdict };

  const firstRed = summaryOfEntry(walk.earliest, current.info.job);
  if (!walk.baseline || walk.baseline.buildId === initial.summary?.buildId)
    return { findings, baseline: initial, firstRed, verdict };
  const baseline = await observeBaseline(ctx, walk.baseline, current.info.job);
  return { findings: classifyRun(current.obs, baseline.obs, ctx.catalog), baseline, firstRed, verdict };
}

interface CauseWalk {
  earliest: HistoryEntry | null;
  baseline: HistoryEntry | null;
  sinceFirstRed: { result: RunResult; sameCause: boolean }[];
}

async function walkCause(ctx: RunContext, older: HistoryEntry[], top: Finding): Promise<CauseWalk> {
  const same = new Map<string, boolean>();
  const sameCause = async (h: HistoryEntry): Promise<boolean> => {
    const verdict = await failsTheSameWay(ctx, h, top);
    same.set(h.buildId, verdict);
    return verdict;
  };
  const walk = await walkSameCause(older, sameCause, ctx.deps.lookback ?? DEFAULT_LOOKBACK);
  const upTo = walk.earliestSameCause ? older.indexOf(walk.earliestSameCause) + 1 : 0;
  const sinceFirstRed = older
    .slice(0, upTo)
    .reverse()
    .map((h) => ({ result: h.result, sameCause: same.get(h.buildId) ?? false }));
  return { earliest: walk.earliestSameCause, baseline: walk.baseline, sinceFirstRed };
}

async function failsTheSameWay(ctx: RunContext, h: HistoryEntry, top: Finding): Promise<boolean> {
  try {
    const o = await observe(ctx, h.source);
    return classifyRun(o.obs, null, ctx.catalog).some((f) => isSameCause(f, top));
  } catch (err) {
    ctx.problems.addError(`run ${h.buildId} could not be read while tracing the cause back`, err);
    return false;
  }
}
