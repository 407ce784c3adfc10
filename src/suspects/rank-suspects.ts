// Ranks merged pull requests by how well their patches explain the failure. Pure: no I/O, no clock.
import type { Suspect, SuspectReason } from '../types.ts';
import { analyzePull, findJobFiles, type PullAnalysis } from './analyze-pull.ts';
import { collectEvidence } from './collect-evidence.ts';
import { changeRarity, definitionEvidence } from './definition-evidence.ts';
import { isMechanicalPull } from './mechanical-pull.ts';
import { pickReasons, scoreEvidence } from './score-pull.ts';
import type { PullWithFiles, SuspectTerms } from './types.ts';

export interface RankWindow {
  since: string;
  until: string;
  firstRedAt: string | null;
}

/** A PR merged after the first red run started cannot have caused it (clock skew aside). */
const AFTER_FIRST_RED_FACTOR = 0.25;

/** Suspects with any evidence, best first. Proximity (< 1 point) only orders PRs of equal evidence. */
export function rankSuspects(pulls: PullWithFiles[], terms: SuspectTerms, window: RankWindow, top = 5): Suspect[] {
  const analyses = pulls.map(analyzePull);
  return rankAnalyses(analyses, terms, window).slice(0, Math.max(0, top));
}

export function rankAnalyses(analyses: PullAnalysis[], terms: SuspectTerms, window: RankWindow): Suspect[] {
  const jobFiles = findJobFiles(analyses, terms.job, terms.jobConfigPath);
  const tokens = terms.changes ?? [];
  const rarity = changeRarity(analyses, tokens, terms.job);
  const suspects: Suspect[] = [];
  for (const a of analyses) {
    const evidence = [
      ...definitionEvidence(a, tokens, rarity, { job: terms.job, jobFiles }),
      ...collectEvidence(a, terms, jobFiles),
    ];
    const raw = scoreEvidence(evidence, a.pull.files.length, isMechanicalPull(a.pull));
    if (raw <= 0) continue;
    const timing = timingOf(a.pull.mergedAt, window);
    // Integer evidence scores keep the proximity fraction a pure tie-breaker.
    const score = Math.max(1, Math.round(raw * timing.factor)) + timing.proximity;
    const reasons: SuspectReason[] = [...pickReasons(evidence), timing.reason];
    suspects.push(toSuspect(a.pull, Math.round(score * 100) / 100, reasons));
  }
  return suspects.sort(
    (x, y) =>
      y.score - x.score ||
      y.mergedAt.localeCompare(x.mergedAt) ||
      x.repo.localeCompare(y.repo) ||
      (x.number ?? 0) - (y.number ?? 0),
  );
}

function toSuspect(p: PullWithFiles, score: number, reasons: SuspectReason[]): Suspect {
  return {
    repo: p.repo,
    number: p.number,
    title: p.title,
    url: p.url,
    author: p.author,
    mergedAt: p.mergedAt,
    score,
    reasons,
  };
}

interface Timing {
  factor: number;
  proximity: number;
  reason: SuspectReason;
}

function timingOf(mergedAt: string, w: RankWindow): Timing {
  const merged = Date.parse(mergedAt);
  const ref = Date.parse(w.firstRedAt ?? w.until);
  const start = Date.parse(w.since);
  const what = w.firstRedAt ? 'the first red run started' : 'the end of the window';
  if (Number.isNaN(merged) || Number.isNaN(ref)) {
    return {
      factor: 1,
      proximity: 0,
      reason: { kind: 'proximity', file: null, sign: null, text: 'merge time unknown' },
    };
  }
  const gap = ref - merged;
  if (gap < 0) {
    const text = `merged ${formatGap(-gap)} after ${what}`;
    return {
      factor: w.firstRedAt ? AFTER_FIRST_RED_FACTOR : 1,
      proximity: 0,
      reason: { kind: 'proximity', file: null, sign: null, text },
    };
  }
  const span = Math.max(1, ref - (Number.isNaN(start) ? ref - gap : start));
  const proximity = Math.round(0.99 * Math.max(0, 1 - gap / span) * 100) / 100;
  return {
    factor: 1,
    proximity,
    reason: { kind: 'proximity', file: null, sign: null, text: `merged ${formatGap(gap)} before ${what}` },
  };
}

function formatGap(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(1, Math.round(ms / 60_000))}m`;
  if (hours < 48) return `${Math.round(hours)}h`;
  return `${Math.round(hours / 24)}d`;
}
