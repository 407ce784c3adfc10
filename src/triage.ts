import type { Octokit } from 'octokit';
import { classifyRun, isSameCause, observeRun } from './analyze/index.ts';
import type { RuleCatalog, RunObservations } from './analyze/index.ts';
import { planHistory, verdictSince, walkSameCause } from './history/select-baseline.ts';
import { resolveSource } from './ingest/index.ts';
import type { SourceOptions } from './ingest/index.ts';
import { findSuspects, termsFromFindings } from './suspects/index.ts';
import type { PrCache } from './suspects/index.ts';
import type { Finding, HistoryEntry, HistoryVerdict, Report, RunInfo, RunSource, RunSummary, TriageRequest } from './types.ts';

// The orchestrator: ingest -> analyze -> suspects, returning one Report. Rendering and delivery are
// the adapters' business (CLI, GitHub App, Slack), so every adapter shows the same triage.

export interface Logger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface TriageDeps {
  sources: SourceOptions;
  /** Catalog for the shipped rules plus any extra files; the request's own `rulesFiles` are loaded on top. */
  catalog: RuleCatalog;
  loadCatalog?: (extraFiles: string[]) => Promise<RuleCatalog>;
  suspects: { octokit: Octokit; cache: PrCache; configRepos: string[]; top?: number } | null;
  log?: Logger;
  /** How far back to look for earlier failures with the same cause. */
  lookback?: { maxRuns: number; maxGreenGap: number };
}

const DEFAULT_LOOKBACK = { maxRuns: 30, maxGreenGap: 5 };
const CORE = new Set(['image-pull-manifest', 'empty-env']);

export async function triage(req: TriageRequest, deps: TriageDeps): Promise<Report> {
  const catalog = req.rulesFiles?.length && deps.loadCatalog ? await deps.loadCatalog(req.rulesFiles) : deps.catalog;
  const ctx: RunContext = { deps, catalog, observed: new Map() };
  const source = resolveSource(req.source, deps.sources);
  const current = await observe(ctx, source);
  const problems = [...current.problems];

  const history = req.baseline ? null : await readHistory(source, problems);
  const plan = history ? planHistory(history, current.info) : null;
  const first = await pickInitialBaseline(ctx, req, plan, problems);
  let findings = classifyRun(current.obs, first.obs, catalog);
  let baseline = first;
  let firstRed: RunSummary | null = plan?.streakFirstRed ? summaryOfEntry(plan.streakFirstRed, current.info) : null;
  let verdict: HistoryVerdict | null = null;

  const top = topCause(findings);
  if (plan && top) {
    const walk = await walkCause(ctx, plan.older, top, deps.lookback ?? DEFAULT_LOOKBACK, problems);
    if (walk.earliest) {
      firstRed = summaryOfEntry(walk.earliest, current.info);
      if (walk.baseline && walk.baseline.buildId !== baseline.summary?.buildId) {
        baseline = await observeEntry(ctx, walk.baseline, problems);
        findings = classifyRun(current.obs, baseline.obs, catalog);
      }
    }
    verdict = verdictSince(walk.sinceFirstRed.concat([{ result: current.info.result, sameCause: true }]));
  }

  const report: Report = {
    schemaVersion: 1,
    run: summaryOf(current.info),
    baseline: baseline.summary,
    firstRed: firstRed ?? (isRedResult(current.info) ? summaryOf(current.info) : null),
    findings,
    suspects: [],
    suspectsNote: null,
    history: verdict,
    problems: dedupe(problems),
  };
  if (req.suspects !== false && deps.suspects) await addSuspects(report, current.info, req, deps.suspects);
  else if (req.suspects) report.suspectsNote = 'suspects unavailable: no GitHub access configured (set GITHUB_TOKEN)';
  else report.suspectsNote = 'suspects not looked up';
  return report;
}

interface RunContext {
  deps: TriageDeps;
  catalog: RuleCatalog;
  observed: Map<string, Promise<Observed>>;
}

interface Observed {
  info: RunInfo;
  obs: RunObservations;
  problems: string[];
}

interface Baseline {
  summary: RunSummary | null;
  obs: RunObservations | null;
}

async function observe(ctx: RunContext, source: RunSource): Promise<Observed> {
  const known = ctx.observed.get(source.location);
  if (known) return known;
  const pending = (async () => {
    const evidence = await source.load();
    const obs = await observeRun(evidence, ctx.catalog);
    return { info: evidence.info, obs, problems: [...evidence.problems, ...problemsOf(obs)] };
  })();
  ctx.observed.set(source.location, pending);
  return pending;
}

function problemsOf(obs: RunObservations): string[] {
  const p = (obs as { problems?: unknown }).problems;
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : [];
}

async function readHistory(source: RunSource, problems: string[]): Promise<HistoryEntry[] | null> {
  try {
    return await source.history();
  } catch (err) {
    problems.push(`job history unavailable: ${messageOf(err)}`);
    return null;
  }
}

async function pickInitialBaseline(
  ctx: RunContext,
  req: TriageRequest,
  plan: ReturnType<typeof planHistory> | null,
  problems: string[],
): Promise<Baseline> {
  if (req.baseline) {
    const o = await observe(ctx, resolveSource(req.baseline, ctx.deps.sources));
    problems.push(...o.problems.map((p) => `baseline: ${p}`));
    return { summary: summaryOf(o.info), obs: o.obs };
  }
  if (!plan) return { summary: null, obs: null };
  if (!plan.streakBaseline) {
    if (plan.older.length > 0) problems.push('no green run found in the job history: analysed without a baseline');
    return { summary: null, obs: null };
  }
  return observeEntry(ctx, plan.streakBaseline, problems);
}

async function observeEntry(ctx: RunContext, entry: HistoryEntry, problems: string[]): Promise<Baseline> {
  try {
    const o = await observe(ctx, entry.source);
    return { summary: summaryOf(o.info), obs: o.obs };
  } catch (err) {
    problems.push(`baseline ${entry.buildId} could not be read: ${messageOf(err)}`);
    return { summary: summaryOfEntry(entry, null), obs: null };
  }
}

/** The finding whose cause we follow through history: a core classifier's, else the strongest. */
function topCause(findings: Finding[]): Finding | null {
  return findings.find((f) => CORE.has(f.classifier)) ?? findings.find((f) => f.category !== 'latent') ?? null;
}

async function walkCause(
  ctx: RunContext,
  older: HistoryEntry[],
  top: Finding,
  lookback: { maxRuns: number; maxGreenGap: number },
  problems: string[],
): Promise<{ earliest: HistoryEntry | null; baseline: HistoryEntry | null; sinceFirstRed: { result: Report['run']['result']; sameCause: boolean }[] }> {
  const same = new Map<string, boolean>();
  const sameCause = async (h: HistoryEntry): Promise<boolean> => {
    try {
      const o = await observe(ctx, h.source);
      const verdict = classifyRun(o.obs, null, ctx.catalog).some((f) => isSameCause(f, top));
      same.set(h.buildId, verdict);
      return verdict;
    } catch (err) {
      problems.push(`run ${h.buildId} could not be read while tracing the cause back: ${messageOf(err)}`);
      same.set(h.buildId, false);
      return false;
    }
  };
  const walk = await walkSameCause(older, sameCause, lookback);
  const upTo = walk.earliestSameCause ? older.indexOf(walk.earliestSameCause) + 1 : 0;
  const sinceFirstRed = older
    .slice(0, upTo)
    .reverse()
    .map((h) => ({ result: h.result, sameCause: same.get(h.buildId) ?? false }));
  return { earliest: walk.earliestSameCause, baseline: walk.baseline, sinceFirstRed };
}

async function addSuspects(
  report: Report,
  info: RunInfo,
  req: TriageRequest,
  s: NonNullable<TriageDeps['suspects']>,
): Promise<void> {
  const since = req.since ?? report.baseline?.startedAt ?? null;
  const until = req.until ?? report.firstRed?.startedAt ?? report.run.startedAt;
  if (!since || !until) {
    report.suspectsNote = 'suspects unavailable: no time window (no baseline run with a start time; pass --since/--until)';
    return;
  }
  const repos = suspectRepos(info, [...s.configRepos, ...(req.configRepos ?? [])]);
  const terms = termsFromFindings(report.findings, info);
  const result = await findSuspects(
    s.octokit,
    { repos: repos.map((repo) => ({ repo })), since, until, firstRedAt: report.firstRed?.startedAt ?? null, terms },
    { cache: s.cache, top: s.top ?? 5 },
  );
  report.suspects = result.suspects;
  report.suspectsNote = result.note;
  if (report.history?.pattern === 'flaky') discountForFlakiness(report, report.history);
  if (result.danglingPresets.length > 0) {
    const envFinding = report.findings.find((f) => f.classifier === 'empty-env');
    if (envFinding) envFinding.facts.danglingPresets = result.danglingPresets;
  }
}

/**
 * A cause that comes and goes (green runs between its failures) points at a race or an outside moving
 * part as much as at one change: every suspect's score is halved and the report says why.
 */
export function discountForFlakiness(report: Report, h: HistoryVerdict): void {
  if (report.suspects.length === 0) return;
  report.suspects = report.suspects.map((s) => ({ ...s, score: Math.round(s.score * 50) / 100 }));
  const why = `the cause is flaky (${h.failedSameCause} failures alternate with ${h.passed} passing runs), so a suspect may have exposed a race rather than broken the job alone: scores halved`;
  report.suspectsNote = report.suspectsNote ? `${report.suspectsNote}; ${why}` : why;
}

/** CI-config repos first, then the repos the run checked out (the repo under test and extra refs). */
export function suspectRepos(info: RunInfo, configRepos: string[]): string[] {
  const underTest = info.refs.map((r) => `${r.org}/${r.repo}`);
  if (info.repo) underTest.unshift(info.repo);
  return dedupe([...configRepos, ...underTest]);
}

function summaryOf(info: RunInfo): RunSummary {
  const { job, buildId, url, result, startedAt, finishedAt } = info;
  return { job, buildId, url, result, startedAt, finishedAt };
}

function summaryOfEntry(h: HistoryEntry, info: RunInfo | null): RunSummary {
  return { job: info?.job ?? '', buildId: h.buildId, url: h.url, result: h.result, startedAt: h.startedAt, finishedAt: h.finishedAt };
}

function isRedResult(info: RunInfo): boolean {
  return info.result === 'FAILURE' || info.result === 'ERROR';
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
