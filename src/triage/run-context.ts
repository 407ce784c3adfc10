// What one triage shares across its steps: the engine's parts, the catalog in force, the problem
// collector, and a memo of observed runs (history walks and baselines read each run at most once).
import { observeRun } from '../analyze/index.ts';
import type { RuleCatalog, RunObservations } from '../analyze/index.ts';
import type { HistoryEntry, RunInfo, RunSource, RunSummary } from '../types.ts';
import type { TriageDeps } from './deps.ts';
import { Problems } from './problems.ts';
import { withReadProgress } from './progress.ts';

export interface Observed {
  info: RunInfo;
  obs: RunObservations;
  problems: string[];
}

/** The run a triage compares against, when one could be read. */
export interface Baseline {
  summary: RunSummary | null;
  obs: RunObservations | null;
  /** Why this run is the baseline, when it is not a run of the same branch. */
  note?: string;
}

export const NO_BASELINE: Baseline = { summary: null, obs: null };

export interface RunContext {
  deps: TriageDeps;
  catalog: RuleCatalog;
  problems: Problems;
  observed: Map<string, Promise<Observed>>;
}

export function createRunContext(deps: TriageDeps, catalog: RuleCatalog): RunContext {
  return { deps, catalog, problems: new Problems(), observed: new Map() };
}

/** Loads and scans a run once per triage, whichever step asks first. */
export function observe(ctx: RunContext, source: RunSource): Promise<Observed> {
  const known = ctx.observed.get(source.location);
  if (known) return known;
  const pending = (async () => {
    const loaded = await source.load();
    const evidence = { ...loaded, logs: withReadProgress(loaded.logs, ctx.deps.progress) };
    const obs = await observeRun(evidence, ctx.catalog);
    return { info: evidence.info, obs, problems: [...evidence.problems, ...obs.problems] };
  })();
  ctx.observed.set(source.location, pending);
  return pending;
}

/** A history entry as a baseline; a run that cannot be read is noted and leaves only its summary. */
export async function observeBaseline(ctx: RunContext, entry: HistoryEntry, job: string): Promise<Baseline> {
  try {
    const o = await observe(ctx, entry.source);
    return { summary: summaryOf(o.info), obs: o.obs, ...(entry.note ? { note: entry.note } : {}) };
  } catch (err) {
    ctx.problems.addError(`baseline ${entry.buildId} could not be read`, err);
    return { summary: summaryOfEntry(entry, job), obs: null };
  }
}

export function summaryOf(info: RunInfo): RunSummary {
  const { job, buildId, url, result, startedAt, finishedAt, jobType } = info;
  // A PR's own head is what its author pushed; the merge commit clonerefs made is nobody's.
  const commit = info.refs[0]?.pulls[0]?.sha ?? info.commit;
  return { job, buildId, url, result, startedAt, finishedAt, commit, jobType };
}

export function summaryOfEntry(h: HistoryEntry, job: string): RunSummary {
  return { job, buildId: h.buildId, url: h.url, result: h.result, startedAt: h.startedAt, finishedAt: h.finishedAt };
}
