import type { SlackReporter } from '../deliver/slack/index.ts';
import { renderDigestBlocks, renderDigestChart } from '../render/digest/index.ts';
import type { SlackStore } from '../store/slack-types.ts';
import type { TriageStore } from '../store/types.ts';
import { buildDigest } from './build-digest.ts';
import { previousPeriod } from './digest-runs.ts';
import type { Digest, DigestPeriod, DigestScope } from './types.ts';

// store -> build -> render. What posts it is the digest-post job (digest-jobs.ts): one job per scope
// and period (deduplicated across instances), which claims the period in the store before posting.

export type DigestStore = Pick<TriageStore, 'listTriages'> &
  Pick<
    SlackStore,
    'claimDigestRun' | 'finishDigestRun' | 'listDigestRuns' | 'firstSeenFingerprints' | 'listWrongCause'
  >;

export interface DigestTarget {
  channel: string;
  scope: DigestScope;
  /** Whether a job (of a repo) belongs to the scope. */
  includes(job: string, repo: string | null): boolean;
  /** Post a digest for a period without failures too (a route's `digest_when_empty`); default: post nothing. */
  postEmpty?: boolean;
}

/** Opens or updates the scope's GitHub issue (found by `marker`) with the digest in Markdown. */
export type UpsertDigestIssue = (input: {
  scopeKey: string;
  title: string;
  marker: string;
  body: string;
}) => Promise<void>;

const MAX_TRIAGES = 20_000;

/** The digest of `target` over `period`, from the store (no claim, nothing posted). */
export async function loadDigest(
  store: DigestStore,
  target: DigestTarget,
  period: DigestPeriod,
  timeZone = 'UTC',
): Promise<Digest> {
  const before = previousPeriod(period);
  const triages = (await store.listTriages({ since: before.start, limit: MAX_TRIAGES })).filter((t) =>
    target.includes(t.report.run.job, t.repo),
  );
  const fingerprints = triages.flatMap((t) => t.report.findings.map((f) => f.fingerprint));
  const firstSeen = await store.firstSeenFingerprints(fingerprints);
  const feedback = (await store.listWrongCause({ since: before.start, until: period.end })).filter(
    (f) => f.job !== null && target.includes(f.job, f.repo),
  );
  return buildDigest({ scope: target.scope, period, triages, firstSeen, feedback, timeZone });
}

/** Posts the digest with its chart; a period without failures gets a plain message (no empty chart). */
export async function postDigest(reporter: SlackReporter, channel: string, digest: Digest): Promise<string | null> {
  if (digest.totals.failures === 0) {
    await reporter.post(channel, renderDigestBlocks(digest));
    return null;
  }
  const chart = await renderDigestChart(digest.series);
  const file = {
    bytes: chart.png,
    filename: `ci-digest-${digest.period.end.slice(0, 10)}.png`,
    title: `Failures per ${digest.series.bucketUnit}`,
    altText: chart.altText,
  };
  return reporter.postWithFile(channel, renderDigestBlocks(digest, { withChart: true }), file);
}
