import { countBy, inPeriod, previousPeriod, toDigestRuns } from './digest-runs.ts';
import type { DigestSource } from './digest-runs.ts';
import { causeRows, flakyRows, jobRows, suspectRows } from './digest-sections.ts';
import { failureSeries } from './digest-series.ts';
import type { Digest, DigestPeriod, DigestScope, FeedbackSummary } from './types.ts';

// Pure: stored triages (already narrowed to the scope) in, digest numbers out. No clock, no store.

/** A "Wrong cause?" click as the digest counts it (WrongCauseRecord has these). */
export interface DigestFeedback {
  createdAt: string;
  fingerprint: string;
  classifier: string;
}

export interface DigestInput {
  scope: DigestScope;
  period: DigestPeriod;
  /** Triages covering this period and the previous one (others are ignored). */
  triages: readonly DigestSource[];
  /** Earliest time each fingerprint was ever recorded (store.firstSeenFingerprints). */
  firstSeen: Record<string, string>;
  feedback: readonly DigestFeedback[];
  limits?: Partial<DigestLimits>;
  /** IANA time zone the chart's days are counted in; UTC by default. */
  timeZone?: string;
}

export interface DigestLimits {
  jobs: number;
  suspects: number;
  flaky: number;
  chartCauses: number;
}

const DEFAULT_LIMITS: DigestLimits = { jobs: 5, suspects: 3, flaky: 5, chartCauses: 6 };

export function buildDigest(input: DigestInput): Digest {
  const limits = { ...DEFAULT_LIMITS, ...input.limits };
  const before = previousPeriod(input.period);
  const runs = toDigestRuns(input.triages);
  const current = runs.filter((r) => inPeriod(r.at, input.period));
  const failed = current.filter((r) => r.failed);
  const failedBefore = runs.filter((r) => r.failed && inPeriod(r.at, before));
  const clicks = input.feedback.filter((f) => inPeriod(Date.parse(f.createdAt), input.period));
  const causes = causeRows(
    failed,
    failedBefore,
    input.firstSeen,
    input.period.start,
    countBy(clicks, (f) => f.fingerprint),
  );
  const currentFingerprints = new Set(causes.map((c) => c.fingerprint));
  return {
    scope: input.scope,
    period: input.period,
    previousPeriod: before,
    totals: {
      failures: failed.length,
      previous: failedBefore.length,
      failingJobs: new Set(failed.map((r) => r.job)).size,
      previousFailingJobs: new Set(failedBefore.map((r) => r.job)).size,
    },
    causes,
    newCauses: causes.filter((c) => c.status === 'new').length,
    recurringCauses: causes.filter((c) => c.status === 'recurring').length,
    goneCauses: new Set(failedBefore.map((r) => r.cause.fingerprint).filter((f) => !currentFingerprints.has(f))).size,
    topJobs: jobRows(failed, failedBefore, limits.jobs),
    suspects: suspectRows(failed, limits.suspects),
    flaky: flakyRows(current, limits.flaky),
    feedback: feedbackSummary(clicks, input.feedback.filter((f) => inPeriod(Date.parse(f.createdAt), before)).length),
    series: failureSeries(failed, causes, input.period, limits.chartCauses, input.timeZone ?? 'UTC'),
  };
}

function feedbackSummary(clicks: readonly DigestFeedback[], previous: number): FeedbackSummary {
  const byClassifier = [...countBy(clicks, (f) => f.classifier)]
    .map(([classifier, count]) => ({ classifier, count }))
    .sort((a, b) => b.count - a.count || a.classifier.localeCompare(b.classifier));
  return { total: clicks.length, previous, byClassifier };
}
