// Step 4b of a triage, for GitHub Actions runs: besides the PRs merged in the window, the commits
// between the baseline's head and the red run's head that made the job's definition changes, and the
// changes that are no commit of the repo (a runner image update, a moved action tag). Merged with the
// PR suspects, best first; a PR found both ways is listed once.
import { findWorkflowCommits, outsideSuspects, scriptsOf, termsFromDefinition } from '../suspects/index.ts';
import type { SuspectsOctokit } from '../suspects/index.ts';
import type { DefinitionChange, RunInfo, RunnerHeader, Suspect } from '../types.ts';

/** What the Actions part needs from the triage: the two heads, the red run's runner header, its `run:` lines. */
export interface ActionsWindow {
  baselineCommit: string | null;
  runner: RunnerHeader | null;
  runs: string[];
}

export async function actionsSuspects(
  octokit: SuspectsOctokit,
  info: RunInfo,
  changes: DefinitionChange[],
  a: ActionsWindow,
  webUrl: string,
): Promise<{ suspects: Suspect[]; note: string | null }> {
  const outside = outsideSuspects(changes, a.runner, info.startedAt ?? new Date(0).toISOString());
  if (!info.repo || !info.commit || !a.baselineCommit || a.baselineCommit === info.commit) {
    return { suspects: outside, note: null };
  }
  const commits = await findWorkflowCommits(octokit, {
    repo: info.repo,
    base: a.baselineCommit,
    head: info.commit,
    tokens: termsFromDefinition(changes),
    scripts: scriptsOf(a.runs.map((r) => r.slice(0, 2000))),
    webUrl,
  });
  return { suspects: [...outside, ...commits.suspects], note: commits.note };
}

/** Every suspect once (a PR by repo and number, others by repo and title), best first. */
export function mergeSuspects(lists: Suspect[][], top: number): Suspect[] {
  const byKey = new Map<string, Suspect>();
  for (const s of lists.flat()) {
    const key = s.number === null ? `${s.repo} ${s.title}` : `${s.repo}#${s.number}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, s);
    else if (s.score > known.score) byKey.set(key, { ...s, reasons: [...s.reasons, ...known.reasons] });
    else byKey.set(key, { ...known, reasons: [...known.reasons, ...s.reasons] });
  }
  return [...byKey.values()].sort((x, y) => y.score - x.score).slice(0, top);
}
