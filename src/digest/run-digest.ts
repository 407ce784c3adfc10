import type { SlackReporter } from '../deliver/slack/index.ts';
import {
  digestIssueMarker,
  digestIssueTitle,
  renderDigestBlocks,
  renderDigestChart,
  renderDigestMarkdown,
} from '../render/digest/index.ts';
import type { SlackStore } from '../store/slack-types.ts';
import type { TriageStore } from '../store/types.ts';
import { buildDigest } from './build-digest.ts';
import { previousPeriod } from './digest-runs.ts';
import type { Digest, DigestPeriod, DigestScope } from './types.ts';
import type { Logger } from '../logger.ts';

// store -> build -> render -> deliver. A scheduled digest is claimed in the store under (scope,
// period start) before anything is posted: with several instances, or after a restart on the same
// tick, exactly one posts. A claimed digest is never retried automatically: a half-posted digest
// posted again would be the double post we are avoiding; the failure is recorded and logged.

export type DigestStore = Pick<TriageStore, 'listTriages'> &
  Pick<SlackStore, 'claimDigestRun' | 'finishDigestRun' | 'firstSeenFingerprints' | 'listWrongCause'>;

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

export interface DigestDeps {
  store: DigestStore;
  reporter: SlackReporter;
  /** This instance's id, recorded on the claim. */
  owner: string;
  log: Logger;
  upsertIssue?: UpsertDigestIssue | null;
  /** IANA time zone the chart's days are counted in (the digest schedule's); UTC by default. */
  timeZone?: string;
}

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

export type DigestOutcome = 'posted' | 'empty' | 'already-claimed' | 'failed';

export async function runScheduledDigest(
  deps: DigestDeps,
  target: DigestTarget,
  period: DigestPeriod,
): Promise<DigestOutcome> {
  const key = { scope: target.scope.key, periodStart: period.start };
  const log = { scope: key.scope, channel: target.channel, periodStart: period.start };
  let digest: Digest;
  try {
    digest = await loadDigest(deps.store, target, period, deps.timeZone);
  } catch (err) {
    deps.log.error({ ...log, err }, 'digest failed');
    return 'failed';
  }
  // A quiet period posts nothing (and claims nothing: there is no post to double).
  if (digest.totals.failures === 0 && !target.postEmpty) {
    deps.log.info(log, 'digest skipped: no failures in the period');
    return 'empty';
  }
  if (!(await deps.store.claimDigestRun({ ...key, periodEnd: period.end, owner: deps.owner }))) {
    deps.log.info(log, 'digest already claimed by another run');
    return 'already-claimed';
  }
  try {
    const fileId = await postDigest(deps.reporter, target.channel, digest);
    await deps.store.finishDigestRun(key, { status: 'posted', fileId });
    deps.log.info({ ...log, failures: digest.totals.failures, fileId }, 'digest posted');
    await upsertIssue(deps, digest);
    return 'posted';
  } catch (err) {
    await deps.store.finishDigestRun(key, {
      status: 'failed',
      error: (err as Error).message?.slice(0, 2000) ?? String(err),
    });
    deps.log.error({ ...log, err }, 'digest failed');
    return 'failed';
  }
}

/** One tick of the schedule: every target's digest for the period, one after the other. */
export async function runScheduledDigests(
  deps: DigestDeps,
  targets: readonly DigestTarget[],
  period: DigestPeriod,
): Promise<DigestOutcome[]> {
  const outcomes: DigestOutcome[] = [];
  for (const target of targets) outcomes.push(await runScheduledDigest(deps, target, period));
  return outcomes;
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

async function upsertIssue(deps: DigestDeps, digest: Digest): Promise<void> {
  if (!deps.upsertIssue) return;
  try {
    const marker = digestIssueMarker(digest.scope.key);
    await deps.upsertIssue({
      scopeKey: digest.scope.key,
      title: digestIssueTitle(digest),
      marker,
      body: renderDigestMarkdown(digest),
    });
  } catch (err) {
    // The Slack digest went out; a missing issue update is worth a warning, not a failed digest.
    deps.log.warn({ scope: digest.scope.key, err }, 'digest issue update failed');
  }
}
