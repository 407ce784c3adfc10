import type { SlackReporter } from '../deliver/slack/index.ts';
import type { JobHandler } from '../queue/index.ts';
import { parsePayload } from '../queue/index.ts';
import { digestIssueMarker, digestIssueTitle, renderDigestMarkdown } from '../render/digest/index.ts';
import type { NewQueueJob } from '../store/types.ts';
import { DIGEST_JOB_KINDS, digestIssueJob, digestIssueSchema, digestPostSchema } from './digest-jobs.ts';
import type { DigestPostJob } from './digest-jobs.ts';
import type { DigestLength } from './period.ts';
import { loadDigest, postDigest } from './run-digest.ts';
import type { DigestStore, DigestTarget, UpsertDigestIssue } from './run-digest.ts';

export interface DigestJobDeps {
  store: DigestStore;
  reporter: SlackReporter;
  /** The channel's scope as configured now (routes may have changed since the tick). */
  targetFor(channel: string, length: DigestLength): DigestTarget;
  upsertIssue?: UpsertDigestIssue | null;
  /** IANA time zone the chart's days are counted in (the digest schedule's); UTC by default. */
  timeZone?: string;
  /** Enqueues follow-up jobs (the digest-issue) and wakes the worker. */
  enqueue(jobs: NewQueueJob[]): Promise<void>;
  maxAttempts: number;
}

export function createDigestJobHandlers(d: DigestJobDeps): Record<string, JobHandler> {
  return { [DIGEST_JOB_KINDS.post]: digestPostHandler(d), [DIGEST_JOB_KINDS.issue]: digestIssueHandler(d) };
}

/**
 * digest-post: load, claim the (scope, period) in the store, post. The claim is owned by this job, so
 * its own retry (a Slack 5xx, a rate limit) may post, while any other run for the period (an older
 * version's tick, a manual run) sees it taken. A Slack error's code decides whether it is retried.
 */
function digestPostHandler(d: DigestJobDeps): JobHandler {
  return {
    async run(payload, { job, log }) {
      const p = parsePayload(digestPostSchema, payload, DIGEST_JOB_KINDS.post);
      const target = d.targetFor(p.channel, p.length);
      const period = { start: p.periodStart, end: p.periodEnd };
      const fields = { scope: target.scope.key, channel: p.channel, periodStart: p.periodStart };
      const digest = await loadDigest(d.store, target, period, d.timeZone);
      // A quiet period posts nothing (and claims nothing: there is no post to double).
      if (digest.totals.failures === 0 && !target.postEmpty)
        return log.info(fields, 'digest skipped: no failures in the period');
      const owner = `job:${job.id}`;
      if (!(await claim(d.store, p, owner))) return log.info(fields, 'digest already claimed by another run');
      const key = { scope: target.scope.key, periodStart: p.periodStart };
      try {
        const fileId = await postDigest(d.reporter, p.channel, digest);
        await d.store.finishDigestRun(key, { status: 'posted', fileId });
        log.info({ ...fields, failures: digest.totals.failures, fileId }, 'digest posted');
      } catch (err) {
        await d.store.finishDigestRun(key, { status: 'failed', error: (err as Error).message?.slice(0, 2000) });
        throw err;
      }
      if (!d.upsertIssue) return;
      const issue = {
        scopeKey: digest.scope.key,
        title: digestIssueTitle(digest),
        marker: digestIssueMarker(digest.scope.key),
        body: renderDigestMarkdown(digest),
      };
      await d.enqueue([digestIssueJob(issue, p.periodStart, d.maxAttempts)]);
    },
  };
}

/** Ours when the claim is new, or left by an earlier attempt of this same job that did not post. */
async function claim(store: DigestStore, p: DigestPostJob, owner: string): Promise<boolean> {
  const key = { scope: p.scope, periodStart: p.periodStart, periodEnd: p.periodEnd, owner };
  if (await store.claimDigestRun(key)) return true;
  const start = Date.parse(p.periodStart);
  const run = (await store.listDigestRuns(p.scope)).find((r) => Date.parse(r.periodStart) === start);
  return run !== undefined && run.owner === owner && run.status !== 'posted';
}

/** digest-issue: GitHub's 5xx, 429 and rate-limit 403 are retried (src/queue/errors.ts); 404/403 are not. */
function digestIssueHandler(d: DigestJobDeps): JobHandler {
  return {
    async run(payload, { log }) {
      const p = parsePayload(digestIssueSchema, payload, DIGEST_JOB_KINDS.issue);
      if (!d.upsertIssue) return log.info({ scope: p.scopeKey }, 'digest issue skipped: no issue repository set');
      await d.upsertIssue(p);
      log.info({ scope: p.scopeKey }, 'digest issue updated');
    },
  };
}
