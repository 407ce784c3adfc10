// The Slack side's queue jobs: their kinds and payloads, the handlers the worker runs, and the
// enqueue helpers the bolt listener and the GitHub App's triages call.
import type { SlackReporter } from '../../deliver/slack/index.ts';
import type { Logger } from '../../logger.ts';
import type { JobHandler } from '../../queue/index.ts';
import type { AlertStore } from '../alerts/index.ts';
import { slackAlertHandler } from './alert-job.ts';
import { enqueueSlackJobs } from './enqueue-slack-jobs.ts';
import type { SlackQueue } from './enqueue-slack-jobs.ts';
import { slackResponseHandler } from './response-job.ts';
import type { ResponseJobDeps } from './response-job.ts';
import { SLACK_JOB_KINDS } from './slack-jobs.ts';
import { triageAnswerHandler } from './triage-answer-job.ts';
import type { TriageAnswerDeps } from './triage-answer-job.ts';

export { enqueueSlackJobs, enqueueTriageAnswer } from './enqueue-slack-jobs.ts';
export type { SlackQueue, SlashCommandInput } from './enqueue-slack-jobs.ts';
export {
  RESPONSE_URL_TTL_MS,
  SLACK_JOB_KINDS,
  slackAlertJobs,
  slackResponseJobs,
  triageAnswerJob,
} from './slack-jobs.ts';
export type { SlackAlertJob, SlackResponseJob, TriageAnswerJob } from './slack-jobs.ts';

export interface SlackJobParts {
  queue: SlackQueue;
  alerts: { store: AlertStore; reporter: SlackReporter; owner: string; log: Logger };
  answers: Omit<TriageAnswerDeps, 'enqueue' | 'maxAttempts'>;
  responses: ResponseJobDeps;
}

/** Kinds that only post (fast): the composition root gives them a worker lane of their own. */
export const SLACK_POST_KINDS: readonly string[] = [SLACK_JOB_KINDS.alert, SLACK_JOB_KINDS.response];

export function createSlackJobHandlers(p: SlackJobParts): Record<string, JobHandler> {
  return {
    [SLACK_JOB_KINDS.alert]: slackAlertHandler(p.alerts),
    [SLACK_JOB_KINDS.triageAnswer]: triageAnswerHandler({
      ...p.answers,
      maxAttempts: p.queue.maxAttempts,
      enqueue: async (jobs) => void (await enqueueSlackJobs(p.queue, jobs)),
    }),
    [SLACK_JOB_KINDS.response]: slackResponseHandler(p.responses),
  };
}
