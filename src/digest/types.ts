// The digest model: what happened to a scope's jobs over a period, built from stored triages (pure),
// then rendered for Slack (Block Kit + a PNG chart) and GitHub (Markdown).

export interface DigestPeriod {
  /** ISO 8601, inclusive. */
  start: string;
  /** ISO 8601, exclusive. */
  end: string;
}

export interface DigestScope {
  /** Stable key of the scope and period length, e.g. `channel:C0123|7d`; digest runs are claimed by it. */
  key: string;
  /** For people, e.g. `#ci-windows jobs` or `all jobs`. */
  label: string;
}

/** `unclassified` gathers failures without a (non-latent) finding. */
export const UNCLASSIFIED = 'unclassified';

export interface CauseRow {
  fingerprint: string;
  classifier: string;
  category: string;
  /** Cleaned (controls, secrets) summary of the newest failure with this cause. */
  summary: string;
  /** The short cause (the verdict line's), used by the message and the chart legend alike. */
  name: string;
  failures: number;
  previous: number;
  jobs: string[];
  /** new: the fingerprint was never recorded before the period started; null for `unclassified`. */
  status: 'new' | 'recurring' | null;
  firstSeen: string | null;
  /** "Wrong cause?" clicks on this cause in the period. */
  wrongCause: number;
}

export interface JobRow {
  job: string;
  failures: number;
  previous: number;
  /** Newest failed run in the period. */
  lastUrl: string | null;
  /** Fingerprint of the newest failure's cause. */
  lastCause: string;
}

export interface SuspectRow {
  /** owner/repo#number */
  ref: string;
  url: string;
  title: string;
  failures: number;
  jobs: string[];
}

export interface FlakyRow {
  job: string;
  /** Green/red changes between consecutive recorded runs in the period. */
  flips: number;
  /** From the newest flaky history verdict when there is one (it saw more runs than we store), else recorded runs. */
  passed: number;
  failed: number;
  /** The history stage itself called the job flaky. */
  flaggedByHistory: boolean;
}

export interface FeedbackSummary {
  total: number;
  previous: number;
  byClassifier: { classifier: string; count: number }[];
}

export interface ChartSeries {
  /**
   * Oldest first. Day buckets are calendar days in `timeZone` (`YYYY-MM-DD`): a failure is drawn under
   * the day it happened there. Hour buckets are hour starts (ISO 8601 instants).
   */
  buckets: string[];
  /** IANA time zone of the day buckets and the hour labels. */
  timeZone: string;
  bucketUnit: 'day' | 'hour';
  /** Stack order: the most frequent causes, then `other` when there are more. */
  causes: { fingerprint: string; label: string }[];
  /** counts[bucket][cause] */
  counts: number[][];
}

export interface Digest {
  scope: DigestScope;
  period: DigestPeriod;
  previousPeriod: DigestPeriod;
  totals: { failures: number; previous: number; failingJobs: number; previousFailingJobs: number };
  causes: CauseRow[];
  newCauses: number;
  recurringCauses: number;
  /** Causes of the previous period that did not fail anything in this one. */
  goneCauses: number;
  topJobs: JobRow[];
  suspects: SuspectRow[];
  flaky: FlakyRow[];
  feedback: FeedbackSummary;
  series: ChartSeries;
}
