import type { JobHandler } from '../../queue/index.ts';
import { parsePayload } from '../../queue/index.ts';
import type { NewQueueJob } from '../../store/types.ts';
import { needsWork } from '../command-replies.ts';
import { parseTriageCommand } from '../parse-triage-command.ts';
import type { ParseOptions } from '../parse-triage-command.ts';
import { answerTriageCommand } from '../triage-command.ts';
import type { TriageCommandDeps } from '../triage-command.ts';
import { assertNotExpired } from './response-job.ts';
import { RESPONSE_URL_TTL_MS, SLACK_JOB_KINDS, slackResponseJobs, triageAnswerSchema } from './slack-jobs.ts';

export interface TriageAnswerDeps {
  commands: TriageCommandDeps;
  parse: ParseOptions;
  /** Enqueues the answers (one slack-response job each) and wakes the worker. */
  enqueue(jobs: NewQueueJob[]): Promise<void>;
  maxAttempts: number;
  now?: () => number;
}

const DEFAULT_TRIAGE_TIMEOUT_MS = 10 * 60_000;
/** Left for posting the last answer before the response_url expires. */
const POST_MARGIN_MS = 60_000;

/**
 * slack-triage-answer: the work of a /triage after Slack got its acknowledgement. The triage is bounded
 * by what is left of the response_url's 30 minutes; the answers are queued as slack-response jobs, so a
 * failed post is retried on its own without triaging again.
 */
export function triageAnswerHandler(deps: TriageAnswerDeps): JobHandler {
  const now = deps.now ?? Date.now;
  return {
    async run(payload, { log }) {
      const p = parsePayload(triageAnswerSchema, payload, SLACK_JOB_KINDS.triageAnswer);
      assertNotExpired(p.receivedAt, now(), p.channelId, log);
      const cmd = parseTriageCommand(p.text, deps.parse);
      if (!needsWork(cmd)) return;
      const left = p.receivedAt + RESPONSE_URL_TTL_MS - POST_MARGIN_MS - now();
      const timeoutMs = Math.max(1_000, Math.min(deps.commands.timeoutMs ?? DEFAULT_TRIAGE_TIMEOUT_MS, left));
      const replies = await answerTriageCommand({ ...deps.commands, timeoutMs, log }, cmd, p);
      const target = { responseUrl: p.responseUrl, receivedAt: p.receivedAt, channelId: p.channelId };
      await deps.enqueue(slackResponseJobs(target, replies as unknown as Record<string, unknown>[], deps.maxAttempts));
      log.info({ channel: p.channelId, kind: cmd.kind, answers: replies.length }, 'slash command answered');
    },
  };
}
