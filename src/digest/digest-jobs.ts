import { z } from 'zod';
import type { NewQueueJob } from '../store/types.ts';
import { DIGEST_LENGTHS } from './period.ts';
import type { DigestPeriod } from './types.ts';
import type { DigestTarget } from './run-digest.ts';

// The digests' queue jobs:
//   digest-post   one scope's digest for one period, posted to its channel (then a digest-issue)
//   digest-issue  the same digest, in Markdown, on the scope's GitHub issue (SLACK_DIGEST_ISSUE_REPO)
// A schedule tick enqueues one digest-post per scope and period under a dedupe key, so instances
// ticking in the same minute (same period, see period.ts) enqueue, and post, one.

export const DIGEST_JOB_KINDS = { post: 'digest-post', issue: 'digest-issue' } as const;

export const digestPostSchema = z.object({
  channel: z.string().min(1),
  scope: z.string().min(1),
  length: z.enum(DIGEST_LENGTHS),
  periodStart: z.string(),
  periodEnd: z.string(),
});

export const digestIssueSchema = z.object({
  scopeKey: z.string().min(1),
  title: z.string().min(1),
  marker: z.string().min(1),
  body: z.string(),
});

export type DigestPostJob = z.infer<typeof digestPostSchema>;
export type DigestIssueJob = z.infer<typeof digestIssueSchema>;

/** One tick: a digest-post per target, each once per (scope, period start) across instances. */
export function digestPostJobs(
  targets: readonly DigestTarget[],
  length: DigestPostJob['length'],
  period: DigestPeriod,
  maxAttempts: number,
): NewQueueJob[] {
  return targets.map((t) => ({
    kind: DIGEST_JOB_KINDS.post,
    payload: {
      channel: t.channel,
      scope: t.scope.key,
      length,
      periodStart: period.start,
      periodEnd: period.end,
    } satisfies DigestPostJob,
    dedupeKey: `digest-post:${t.scope.key}:${period.start}`,
    maxAttempts,
  }));
}

export function digestIssueJob(p: DigestIssueJob, periodStart: string, maxAttempts: number): NewQueueJob {
  return {
    kind: DIGEST_JOB_KINDS.issue,
    payload: p,
    dedupeKey: `digest-issue:${p.scopeKey}:${periodStart}`,
    // One scope's issue is edited by one job at a time (the find-then-create must not race).
    groupKey: `digest-issue:${p.scopeKey}`,
    maxAttempts,
  };
}
