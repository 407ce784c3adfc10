import { buildReportView, plainCause, shortCause } from '../render/index.ts';
import type { Report } from '../types.ts';
import type { DigestPeriod } from './types.ts';
import { UNCLASSIFIED } from './types.ts';

// Stored triages as digest runs: one per job run (the newest triage wins when a run was triaged twice,
// e.g. by the App and by /triage), placed in time by when the run started (as CI history lists runs,
// and as the store's first-seen times are kept), not when it was triaged.

/** What the digest reads of a stored triage (TriageRecord has these). */
export interface DigestSource {
  repo: string | null;
  createdAt: string;
  report: Report;
}

export interface DigestRun {
  job: string;
  repo: string | null;
  at: number;
  failed: boolean;
  /** SUCCESS; aborted, pending and unknown runs are neither green nor failed. */
  green: boolean;
  report: Report;
  cause: RunCause;
}

export interface RunCause {
  fingerprint: string;
  classifier: string;
  category: string;
  summary: string;
  name: string;
}

const FAILED = new Set(['FAILURE', 'ERROR']);

export function toDigestRuns(sources: readonly DigestSource[]): DigestRun[] {
  const newest = new Map<string, DigestSource>();
  for (const s of sources) {
    const key = `${s.report.run.job}\u0000${s.report.run.buildId}`;
    const seen = newest.get(key);
    if (!seen || Date.parse(s.createdAt) >= Date.parse(seen.createdAt)) newest.set(key, s);
  }
  return [...newest.values()]
    .map((s) => ({
      job: s.report.run.job,
      repo: s.repo,
      at: runTime(s),
      failed: FAILED.has(s.report.run.result),
      green: s.report.run.result === 'SUCCESS',
      report: s.report,
      cause: causeOf(s.report),
    }))
    .filter((r) => !Number.isNaN(r.at))
    .sort((a, b) => a.at - b.at);
}

function runTime(s: DigestSource): number {
  const run = s.report.run;
  return Date.parse(run.startedAt ?? run.finishedAt ?? s.createdAt);
}

/** The same top finding the Slack and GitHub messages lead with. */
function causeOf(report: Report): RunCause {
  const top = buildReportView(report).top;
  if (!top)
    return {
      fingerprint: UNCLASSIFIED,
      classifier: UNCLASSIFIED,
      category: 'unknown',
      summary: 'No known failure pattern matched',
      name: 'cause not identified',
    };
  const finding = report.findings.find((f) => f.fingerprint === top.fingerprint && f.classifier === top.classifier);
  return {
    fingerprint: top.fingerprint,
    classifier: top.classifier,
    category: finding?.category ?? 'unknown',
    summary: top.cause,
    name: finding ? plainCause(shortCause(finding)) : top.cause,
  };
}

export function inPeriod(at: number, period: DigestPeriod): boolean {
  return at >= Date.parse(period.start) && at < Date.parse(period.end);
}

/** The period of the same length just before `period`. */
export function previousPeriod(period: DigestPeriod): DigestPeriod {
  const start = Date.parse(period.start);
  const length = Date.parse(period.end) - start;
  return { start: new Date(start - length).toISOString(), end: new Date(start).toISOString() };
}

/** Count items per key, keeping first-seen order. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
