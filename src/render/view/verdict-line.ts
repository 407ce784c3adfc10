import { rankFindings } from '../../analyze/index.ts';
import type { Report, RunSummary } from '../../types.ts';
import { capText, cleanLogText } from '../sanitize/index.ts';
import { rerunHint } from './log-links.ts';
import type { RerunHint } from './log-links.ts';
import { plainCause, shortCause } from './short-cause.ts';
import type { CauseSegment } from './short-cause.ts';
import { suspectViews } from './suspect-view.ts';
import type { ReasonView } from './suspect-view.ts';

// The one line an on-call engineer reads first, the same on every surface (Dr. CI's "1 New Failure,
// as of <sha>" and k8s-ci-robot's Test | Commit | Rerun table): job, verdict, short cause, likely
// culprit with its strongest reason, commit, and how to rerun.

/** `new`: the first failure with this cause; `unknown`: too little history to tell. */
export type Verdict = 'broken' | 'flaky' | 'new' | 'unknown';

export interface Culprit {
  ref: string;
  url: string;
  title: string;
  /** The suspect's strongest reason (the scorer lists reasons strongest first). */
  reason: ReasonView | null;
}

export interface VerdictLine {
  job: string;
  buildId: string;
  runUrl: string | null;
  verdict: Verdict;
  /** null when no finding explains the failure. */
  cause: CauseSegment[] | null;
  culprit: Culprit | null;
  /** First 7 characters of the tested commit, when the run recorded one. */
  commit: string | null;
  rerun: RerunHint | null;
}

export function verdictOf(report: Report): Verdict {
  const p = report.history?.pattern;
  return p === 'broken' || p === 'flaky' ? p : p === 'single' ? 'new' : 'unknown';
}

export function buildVerdictLine(report: Report): VerdictLine {
  const top = rankFindings(report.findings ?? []).find((f) => f.category !== 'latent');
  const suspect = suspectViews(report.suspects ?? [], 1, 1)[0];
  return {
    job: cleanLogText(report.run.job),
    buildId: cleanLogText(report.run.buildId),
    runUrl: report.run.url,
    verdict: verdictOf(report),
    cause: top ? shortCause(top) : null,
    culprit: suspect
      ? { ref: suspect.ref, url: suspect.url, title: suspect.title, reason: suspect.reasons[0] ?? null }
      : null,
    commit: shortSha(report.run),
    rerun: rerunHint(report.run),
  };
}

export function shortSha(run: RunSummary): string | null {
  const sha = typeof run.commit === 'string' ? cleanLogText(run.commit).trim() : '';
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : null;
}

/** One plain sentence for notification text and screen readers: job, verdict, cause, suspect. */
export function verdictSentenceOf(v: VerdictLine): string {
  const cause = v.cause ? plainCause(v.cause) : 'cause not identified';
  const suspect = v.culprit ? `; likely culprit ${v.culprit.ref}` : '';
  return capText(`${v.job} #${v.buildId} ${VERDICT_WORDS[v.verdict]}: ${cause}${suspect}`, 300);
}

export const VERDICT_WORDS: Record<Verdict, string> = {
  broken: 'broken',
  flaky: 'flaky',
  new: 'new failure',
  unknown: 'failed',
};
