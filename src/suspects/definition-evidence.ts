// Joins the job's definition changes to the patches that made them: a PR whose patch adds a value the
// job gained (on a `+` line) or removes one it lost (on a `-` line) made that change. A token only
// one PR of the window matches, or that sits in the job's own file or in a hunk naming the job, is
// strong evidence; one many PRs match elsewhere (a cluster a migration moves dozens of jobs to) counts
// for less with each; an autobump's match counts as medium unless it touches the failure. Pure.
import type { PullAnalysis } from './analyze-pull.ts';
import { isMechanicalPull } from './mechanical-pull.ts';
import type { Evidence } from './collect-evidence.ts';
import { containsTerm, definesVariable } from './match-terms.ts';
import { hunkExcerpt, type PatchLine } from './patch-lines.ts';
import type { ChangeToken } from './types.ts';

const W = { change: 45, touchesFailure: 70, jobNamed: 1.3 } as const;
const MAX_TEXT = 200;

const keyOf = (t: ChangeToken): string => `def:${t.sign}${t.kind}:${t.token}`;

function matches(line: PatchLine, t: ChangeToken): boolean {
  if (line.sign !== t.sign) return false;
  if (t.kind === 'name') return definesVariable(line.text, t.token);
  return containsTerm(line.text, t.token);
}

interface Hit {
  file: string;
  line: PatchLine;
  hunk: string;
  jobNamed: boolean;
}

function hitsOf(a: PullAnalysis, t: ChangeToken, job: string): Hit[] {
  const out: Hit[] = [];
  for (const f of a.files) {
    for (const h of f.hunks) {
      const named = job !== '' && (h.context.includes(job) || h.lines.some((l) => containsTerm(l.text, job)));
      for (const line of h.lines) {
        if (!matches(line, t)) continue;
        out.push({ file: f.file.filename, line, hunk: hunkExcerpt(h, line), jobNamed: named });
      }
    }
  }
  return out;
}

/** For each token, how many PRs of the window made it. */
export function changeRarity(analyses: PullAnalysis[], tokens: ChangeToken[], job: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) {
    counts.set(keyOf(t), analyses.filter((a) => hitsOf(a, t, job).length > 0).length);
  }
  return counts;
}

export interface JobScope {
  job: string;
  /** Files known or found to define the job. */
  jobFiles: Set<string>;
}

export function definitionEvidence(
  a: PullAnalysis,
  tokens: ChangeToken[],
  rarity: Map<string, number>,
  scope: JobScope,
): Evidence[] {
  const out: Evidence[] = [];
  const mechanical = isMechanicalPull(a.pull);
  for (const t of tokens) {
    const hits = hitsOf(a, t, scope.job);
    if (hits.length === 0) continue;
    const n = Math.max(1, rarity.get(keyOf(t)) ?? 1);
    // The job's own file, or a hunk naming the job: its definition changing, not a look-alike elsewhere.
    const own = (h: Hit): boolean => h.jobNamed || scope.jobFiles.has(h.file);
    const best = hits.find(own) ?? hits[0]!;
    const base = t.touchesFailure ? W.touchesFailure : W.change;
    const weight = own(best) ? base * W.jobNamed : base / n;
    const strong = (own(best) || n === 1) && (!mechanical || t.touchesFailure);
    out.push({
      kind: t.sign === '+' ? 'definition-added' : 'definition-removed',
      term: keyOf(t),
      tier: strong ? 'strong' : 'medium',
      weight,
      file: best.file,
      sign: t.sign,
      text: best.line.text.trim().slice(0, MAX_TEXT),
      hunk: best.hunk,
    });
  }
  return out;
}
