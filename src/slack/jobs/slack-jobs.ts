import { createHash } from 'node:crypto';
import { z } from 'zod';
import { buildReportView } from '../../render/index.ts';
import type { NewQueueJob } from '../../store/types.ts';
import type { Report } from '../../types.ts';
import { alertChannels } from '../routes.ts';
import type { SlackRoute } from '../routes.ts';

// The Slack side's queue jobs. Every Slack side effect is one of these, so a failure is retried by
// its error's code (src/queue) instead of being logged and lost:
//   slack-alert          one routed channel's alert for one failed run (parent, or a line in its thread)
//   slack-triage-answer  a /triage after its acknowledgement: triage, then one slack-response per answer
//   slack-response       one answer POSTed to the command's response_url (until it expires)

export const SLACK_JOB_KINDS = {
  alert: 'slack-alert',
  triageAnswer: 'slack-triage-answer',
  response: 'slack-response',
} as const;

/** Slack accepts posts to a response_url for 30 minutes after the command. */
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

const FAILED = new Set(['FAILURE', 'ERROR']);
const NO_FINDING = 'unclassified';

const reportSchema = z.custom<Report>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { run?: { job?: unknown } }).run?.job === 'string',
  'not a triage report',
);

export const slackAlertSchema = z.object({
  channel: z.string().min(1),
  repo: z.string().nullable(),
  triageId: z.number().int().nullable(),
  report: reportSchema,
});

export const triageAnswerSchema = z.object({
  /** The command's text, parsed again by the job (the parse is pure). */
  text: z.string(),
  channelId: z.string(),
  teamId: z.string().nullable(),
  userId: z.string(),
  responseUrl: z.string().url(),
  /** When Slack sent the command (epoch ms): the response_url's 30 minutes count from here. */
  receivedAt: z.number().int(),
});

export const slackResponseSchema = z.object({
  responseUrl: z.string().url(),
  receivedAt: z.number().int(),
  channelId: z.string(),
  message: z.record(z.string(), z.unknown()),
});

export type SlackAlertJob = z.infer<typeof slackAlertSchema>;
export type TriageAnswerJob = z.infer<typeof triageAnswerSchema>;
export type SlackResponseJob = z.infer<typeof slackResponseSchema>;

/**
 * One job per routed channel of a failed run. Deduplicated by channel and run, so the same failure
 * triaged again (a redelivery, a re-run after a crash, another instance) is alerted once; grouped by
 * channel, job and cause, so the parent of a thread is posted before its replies are threaded.
 */
export function slackAlertJobs(
  incident: { report: Report; repo: string | null; triageId: number | null },
  routes: readonly SlackRoute[],
  maxAttempts: number,
): NewQueueJob[] {
  const run = incident.report.run;
  if (!FAILED.has(run.result)) return [];
  const fingerprint = buildReportView(incident.report).top?.fingerprint ?? NO_FINDING;
  return alertChannels(routes, { job: run.job, repo: incident.repo }).map((channel) => ({
    kind: SLACK_JOB_KINDS.alert,
    payload: { channel, ...incident } satisfies SlackAlertJob,
    dedupeKey: `slack-alert:${channel}:${incident.repo ?? '-'}:${run.job}:${run.buildId}`,
    groupKey: `slack-thread:${channel}:${run.job}:${fingerprint}`,
    maxAttempts,
  }));
}

/** Once per command: Slack's response_url is unique to one invocation. */
export function triageAnswerJob(p: TriageAnswerJob, maxAttempts: number): NewQueueJob {
  return {
    kind: SLACK_JOB_KINDS.triageAnswer,
    payload: p,
    dedupeKey: `slack-triage:${urlKey(p.responseUrl)}`,
    maxAttempts,
  };
}

/** The answers of one command, in order (one group), each posted once. */
export function slackResponseJobs(
  p: Omit<SlackResponseJob, 'message'>,
  messages: readonly Record<string, unknown>[],
  maxAttempts: number,
): NewQueueJob[] {
  const key = urlKey(p.responseUrl);
  return messages.map((message, i) => ({
    kind: SLACK_JOB_KINDS.response,
    payload: { ...p, message } satisfies SlackResponseJob,
    dedupeKey: `slack-response:${key}:${i}`,
    groupKey: `slack-response:${key}`,
    maxAttempts,
  }));
}

// A response_url is a credential for 30 minutes: keys (kept longer than jobs) hold only its hash.
function urlKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}
