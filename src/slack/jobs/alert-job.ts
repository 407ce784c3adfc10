import type { JobHandler } from '../../queue/index.ts';
import { parsePayload } from '../../queue/index.ts';
import { deliverChannelAlert } from '../alerts/index.ts';
import type { AlertDeps } from '../alerts/index.ts';
import { SLACK_JOB_KINDS, slackAlertSchema } from './slack-jobs.ts';

/**
 * slack-alert: one channel's alert. A Slack error decides what happens next through its code:
 * rate_limited waits for Retry-After, 5xx and network failures back off, channel_not_found,
 * not_in_channel or invalid_auth give up at once (the worker logs it once, with the Slack code).
 */
export function slackAlertHandler(deps: AlertDeps): JobHandler {
  return {
    async run(payload, { log }) {
      const p = parsePayload(slackAlertSchema, payload, SLACK_JOB_KINDS.alert);
      const outcome = await deliverChannelAlert({ ...deps, log }, p, p.channel);
      log.debug({ channel: p.channel, outcome: outcome.kind, ts: outcome.ts }, 'slack alert settled');
    },
  };
}
