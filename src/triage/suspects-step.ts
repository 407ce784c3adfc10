// Step 4 of a triage: the PRs merged in the window between the baseline and the first red run,
// ranked by the findings' evidence. Returns its part of the report; nothing is mutated.
import { findSuspects, termsFromDefinition, termsFromFindings } from '../suspects/index.ts';
import type { DanglingPreset, Finding, HistoryVerdict, Report, RunInfo, Suspect, TriageRequest } from '../types.ts';
import type { TriageDeps } from './deps.ts';
import { type ActionsWindow, actionsSuspects, mergeSuspects } from './actions-suspects.ts';

export interface SuspectsPart {
  suspects: Suspect[];
  suspectsNote: string | null;
  danglingPresets: DanglingPreset[];
}

type Window = Pick<Report, 'baseline' | 'firstRed' | 'run' | 'findings' | 'history'> &
  Partial<Pick<Report, 'definitionChanges'>>;

export async function suspectsStep(
  req: TriageRequest,
  deps: TriageDeps,
  info: RunInfo,
  w: Window,
  actions: ActionsWindow | null = null,
): Promise<SuspectsPart> {
  if (req.suspects === false || !deps.suspects) {
    const note = req.suspects
      ? 'suspects unavailable: no GitHub access configured (set GITHUB_TOKEN)'
      : 'suspects not looked up';
    return { suspects: [], suspectsNote: note, danglingPresets: [] };
  }
  const s = deps.suspects;
  const since = req.since ?? w.baseline?.startedAt ?? null;
  const until = req.until ?? w.firstRed?.startedAt ?? w.run.startedAt;
  if (!since || !until) {
    const note = 'suspects unavailable: no time window (no baseline run with a start time; pass --since/--until)';
    return { suspects: [], suspectsNote: note, danglingPresets: [] };
  }
  const repos = suspectRepos(info, [...defaultConfigRepos(info, s.configRepos), ...(req.configRepos ?? [])]);
  const terms = { ...termsFromFindings(w.findings, info), changes: termsFromDefinition(w.definitionChanges ?? []) };
  const query = {
    repos: repos.map((repo) => ({ repo })),
    since,
    until,
    firstRedAt: w.firstRed?.startedAt ?? null,
    terms,
  };
  const result = await findSuspects(s.octokit, query, { cache: s.cache, top: s.top ?? 5 });
  let part: SuspectsPart = {
    suspects: result.suspects,
    suspectsNote: result.note,
    danglingPresets: result.danglingPresets,
  };
  if (actions && info.jobType === 'workflow') {
    const webUrl = deps.sources.githubWebUrl?.replace(/\/+$/, '') ?? 'https://github.com';
    const more = await actionsSuspects(s.octokit, info, w.definitionChanges ?? [], actions, webUrl);
    const suspects = mergeSuspects([more.suspects, part.suspects], s.top ?? 5);
    // "no suspects: no PR was merged ..." is only true of the PR search; say it as such beside others.
    const prNote = suspects.length > 0 && part.suspects.length === 0 ? null : part.suspectsNote;
    const note = [prNote, more.note].filter((n) => n !== null).join('; ') || null;
    part = { ...part, suspects, suspectsNote: note };
  }
  return w.history?.pattern === 'flaky' ? discountForFlakiness(part, w.history) : part;
}

/**
 * A cause that comes and goes (green runs between its failures) points at a race or an outside moving
 * part as much as at one change: every suspect's score is halved and the note says why.
 */
export function discountForFlakiness<T extends Pick<SuspectsPart, 'suspects' | 'suspectsNote'>>(
  part: T,
  h: HistoryVerdict,
): T {
  if (part.suspects.length === 0) return part;
  const suspects = part.suspects.map((s) => ({ ...s, score: Math.round(s.score * 50) / 100 }));
  const why = `the cause is flaky (${h.failedSameCause} failures alternate with ${h.passed} passing runs), so a suspect may have exposed a race rather than broken the job alone: scores halved`;
  return { ...part, suspects, suspectsNote: part.suspectsNote ? `${part.suspectsNote}; ${why}` : why };
}

/** The empty-env finding learns which PR removed each dangling preset (from the suspect search). */
export function withDanglingPresets(findings: Finding[], presets: DanglingPreset[]): Finding[] {
  if (presets.length === 0) return findings;
  return findings.map((f) =>
    f.classifier === 'empty-env' ? { ...f, facts: { ...f.facts, danglingPresets: presets } } : f,
  );
}

/**
 * The deployment's CI-config repos (CI_TRIAGE_CONFIG_REPOS, kubernetes/test-infra by default) hold Prow
 * job configs; an Actions workflow lives in the repository itself, so they apply to it only when the
 * request names them (the repo's `.github/ci-triage.yml` `config_repos`, the CLI's --config-repo).
 */
export function defaultConfigRepos(info: RunInfo, configured: string[]): string[] {
  return info.jobType === 'workflow' ? [] : configured;
}

/** CI-config repos first, then the repos the run checked out (the repo under test and extra refs). */
export function suspectRepos(info: RunInfo, configRepos: string[]): string[] {
  const underTest = info.refs.map((r) => `${r.org}/${r.repo}`);
  if (info.repo) underTest.unshift(info.repo);
  return [...new Set([...configRepos, ...underTest])];
}
