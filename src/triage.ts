// The orchestrator: ingest -> analyze -> suspects, returning one Report. Rendering and delivery are
// the adapters' business (CLI, GitHub App, Slack), so every adapter shows the same triage.
import type { HistoryPlan } from './history/select-baseline.ts';
import { planHistory } from './history/select-baseline.ts';
import { resolveSource } from './ingest/index.ts';
import { definitionChangesOf, flattenWorkflow, keyLinesOf } from './analyze/index.ts';
import { redactReport } from './redact/index.ts';
import type { RuleCatalog } from './analyze/index.ts';
import type { Report, RunInfo, RunSource, TriageRequest } from './types.ts';
import type { TriageDeps } from './triage/deps.ts';
import type { Baseline, Observed, RunContext } from './triage/run-context.ts';
import { NO_BASELINE, createRunContext, observe, observeBaseline, summaryOf } from './triage/run-context.ts';
import { suspectsStep, withDanglingPresets } from './triage/suspects-step.ts';
import { traceCause } from './triage/trace-cause.ts';

export type { TriageDeps } from './triage/deps.ts';
export type { TriageProgress } from './triage/progress.ts';
export { discountForFlakiness, suspectRepos } from './triage/suspects-step.ts';

export async function triage(req: TriageRequest, deps: TriageDeps): Promise<Report> {
  // 1. The failed run: load its evidence and scan it once.
  const ctx = createRunContext(deps, await catalogFor(req, deps));
  const source = resolveSource(req.source, deps.sources);
  deps.progress?.step(`reading ${req.source}`);
  const current = await observe(ctx, source);
  ctx.problems.add(...current.problems);

  // 2. The job's history and the streak's baseline (or the one the request names).
  if (!req.baseline) deps.progress?.step('finding the job history');
  const plan = req.baseline ? null : await historyPlan(ctx, source, current.info);
  const initial = await initialBaseline(ctx, req, plan, current.info.job);

  // 3. Classify, and follow the top cause back to its first failure.
  const traced = await traceCause(ctx, current, initial, plan);
  const firstRed = traced.firstRed ?? (isRed(current.info) ? summaryOf(current.info) : null);
  const window = {
    run: summaryOf(current.info),
    baseline: traced.baseline.summary,
    baselineNote: traced.baseline.note ?? null,
    firstRed,
    findings: traced.findings,
    history: traced.verdict,
    // What changed in the job's own definition since the baseline, and which change touches the failure.
    definitionChanges: definitionChangesOf(current.obs, traced.baseline.obs, traced.findings),
  };

  // 4. Suspects: the PRs merged in the window, ranked by the findings' evidence and the definition changes.
  if (req.suspects !== false && deps.suspects) deps.progress?.step('searching suspect PRs');
  const suspects = await suspectsStep(req, deps, current.info, window, {
    baselineCommit: traced.baseline.obs?.info.commit ?? null,
    runner: current.obs.runner ?? null,
    runs: [...flattenWorkflow(current.info.definition)].filter(([k]) => k.endsWith('.run')).map(([, v]) => v),
  });

  // 5. The report, with every log-derived string redacted before anyone prints, stores or posts it.
  return redactReport({
    schemaVersion: 1,
    ...window,
    findings: withDanglingPresets(traced.findings, suspects.danglingPresets),
    // The lines that most likely state the cause: many when no finding explains the failure, a few when one does.
    keyLines: keyLinesOf(current.obs, traced.baseline.obs, traced.findings),
    suspects: suspects.suspects,
    suspectsNote: suspects.suspectsNote,
    problems: ctx.problems.list(),
  });
}

function catalogFor(req: TriageRequest, deps: TriageDeps): Promise<RuleCatalog> | RuleCatalog {
  return req.rulesFiles?.length && deps.loadCatalog ? deps.loadCatalog(req.rulesFiles) : deps.catalog;
}

async function historyPlan(ctx: RunContext, source: RunSource, info: RunInfo): Promise<HistoryPlan | null> {
  try {
    const history = await source.history();
    return history ? planHistory(history, info) : null;
  } catch (err) {
    ctx.problems.addError('job history unavailable', err);
    return null;
  }
}

async function initialBaseline(
  ctx: RunContext,
  req: TriageRequest,
  plan: HistoryPlan | null,
  job: string,
): Promise<Baseline> {
  if (req.baseline) {
    const o: Observed = await observe(ctx, resolveSource(req.baseline, ctx.deps.sources));
    ctx.problems.add(...o.problems.map((p) => `baseline: ${p}`));
    return { summary: summaryOf(o.info), obs: o.obs };
  }
  if (!plan) return NO_BASELINE;
  if (plan.streakBaseline) return observeBaseline(ctx, plan.streakBaseline, job);
  if (plan.older.length > 0) ctx.problems.add('no green run found in the job history: analysed without a baseline');
  else ctx.problems.add('no earlier run of this job (a new job or workflow?): analysed without a baseline');
  return NO_BASELINE;
}

function isRed(info: RunInfo): boolean {
  return info.result === 'FAILURE' || info.result === 'ERROR';
}
