import { deliverToResponseUrl } from '../../deliver/slack/index.ts';
import type { ResponseUrlOptions } from '../../deliver/slack/index.ts';
import type { Logger } from '../../logger.ts';
import type { JobHandler } from '../../queue/index.ts';
import { JobError, parsePayload } from '../../queue/index.ts';
import { RESPONSE_URL_TTL_MS, SLACK_JOB_KINDS, slackResponseSchema } from './slack-jobs.ts';

export interface ResponseJobDeps extends ResponseUrlOptions {
  now?: () => number;
}

/** slack-response: one answer to response_url; 5xx, 429 and network failures retry until the URL expires. */
export function slackResponseHandler(deps: ResponseJobDeps): JobHandler {
  return {
    async run(payload, { log }) {
      const p = parsePayload(slackResponseSchema, payload, SLACK_JOB_KINDS.response);
      assertNotExpired(p.receivedAt, (deps.now ?? Date.now)(), p.channelId, log);
      await deliverToResponseUrl(p.responseUrl, p.message, deps);
    },
  };
}

/** Past Slack's 30 minutes a post can only fail: give up, saying why, instead of retrying into the void. */
export function assertNotExpired(receivedAt: number, now: number, channel: string, log: Logger): void {
  const ageMs = now - receivedAt;
  if (ageMs < RESPONSE_URL_TTL_MS) return;
  const minutes = Math.round(ageMs / 60_000);
  log.warn({ channel, ageMinutes: minutes }, 'slash command answer dropped: its response_url expired after 30 minutes');
  throw new JobError('expired', `the command's response_url expired (${minutes} min old; Slack allows 30)`);
}
