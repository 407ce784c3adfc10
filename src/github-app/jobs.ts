import { z } from 'zod';
import { isRepoFullName } from '../config/repo-name.ts';
import type { NewQueueJob } from '../store/types.ts';
export { parsePayload } from '../queue/parse-payload.ts';

// The app's queue jobs. A webhook only ever enqueues one of these; the worker does the rest:
//   triage-run     analyse one run, record it on the PR(s), then ask for a comment-sync
//   job-passed     a job that failed on a PR is green again: move it to "resolved"
//   triage-command /triage on a PR: check the user's access, react, enqueue triage-runs
//   comment-sync   render the PR's stored state and create/edit its one comment (serialised per PR)

const repo = z.string().refine(isRepoFullName, 'not an owner/name repository');
const base = { installationId: z.number().int().positive(), repo };

export const triageRunSchema = z.object({
  ...base,
  sha: z.string().nullable(),
  /** Known from the webhook (check/workflow runs), else looked up from the commit. */
  prs: z.array(z.number().int().positive()).nullable(),
  /** Null when only the engine knows it (a /triage link to an Actions run). */
  job: z.string().nullable(),
  url: z.string().min(1),
  eventAt: z.string(),
  trigger: z.enum(['status', 'check_run', 'workflow_run', 'command']),
  /** An explicit /triage of this run: ignore_jobs does not apply. */
  force: z.boolean().default(false),
});

export const jobPassedSchema = z.object({
  ...base,
  sha: z.string(),
  prs: z.array(z.number().int().positive()).nullable(),
  job: z.string(),
  eventAt: z.string(),
});

export const triageCommandSchema = z.object({
  ...base,
  pr: z.number().int().positive(),
  commentId: z.number().int(),
  user: z.string(),
  url: z.string().nullable(),
  /** Command lines that may be ours; absent in jobs queued before commands were configurable (then: `/triage`). */
  candidates: z
    .array(z.object({ name: z.string(), url: z.string().nullable() }))
    .max(5)
    .optional(),
  eventAt: z.string(),
});

export const commentSyncSchema = z.object({ ...base, pr: z.number().int().positive() });

export type TriageRunJob = z.input<typeof triageRunSchema>;
export type JobPassedJob = z.infer<typeof jobPassedSchema>;
export type TriageCommandJob = z.infer<typeof triageCommandSchema>;
export type CommentSyncJob = z.infer<typeof commentSyncSchema>;

export const JOB_KINDS = {
  triageRun: 'triage-run',
  jobPassed: 'job-passed',
  triageCommand: 'triage-command',
  commentSync: 'comment-sync',
} as const;

export function triageRunJob(p: TriageRunJob, dedupeKey: string | null, maxAttempts: number): NewQueueJob {
  return { kind: JOB_KINDS.triageRun, payload: p, dedupeKey, maxAttempts };
}

export function jobPassedJob(p: JobPassedJob, maxAttempts: number): NewQueueJob {
  return { kind: JOB_KINDS.jobPassed, payload: p, maxAttempts };
}

export function triageCommandJob(p: TriageCommandJob, maxAttempts: number): NewQueueJob {
  // The same comment under a new delivery id (a redelivery, a replayed webhook) is handled once.
  return { kind: JOB_KINDS.triageCommand, payload: p, dedupeKey: `command:${p.repo}:${p.commentId}`, maxAttempts };
}

/** Serialised per PR, and coalesced: a queued sync renders the newest state, so one is enough. */
export function commentSyncJob(p: CommentSyncJob, maxAttempts: number): NewQueueJob {
  return {
    kind: JOB_KINDS.commentSync,
    payload: p,
    groupKey: `comment:${p.repo}#${p.pr}`,
    coalesce: true,
    maxAttempts,
  };
}

/** The same run reported twice (redelivery, a status re-posted by Prow's crier) is triaged once. */
export function runDedupeKey(repo: string, sha: string, job: string, build: string): string {
  return `run:${repo}:${sha}:${job}:${build}`;
}
