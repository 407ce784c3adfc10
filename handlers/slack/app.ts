import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { AppOptions } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../src/slack/index.ts';
import type { SlackQueue } from '../../src/slack/jobs/index.ts';
import type { SlackStore } from '../../src/store/slack-types.ts';
import type { RequestHandler } from '../server.ts';
import { registerActions } from './actions/index.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerCommands } from './commands/index.ts';

// bolt's App on an HTTPReceiver that only transports: it verifies Slack's signature (and rejects
// requests older than five minutes) on the one Slack path, and the shared node:http server hands it
// the requests for that path. Listeners live one per file under commands/ and actions/.

export interface SlackBotOptions {
  config: SlackConfig;
  /** Where /triage puts its work after the acknowledgement. */
  queue: SlackQueue;
  store: Pick<SlackStore, 'saveWrongCause'>;
  log: Logger;
  /** Tests: retries off, or another API URL. */
  clientOptions?: AppOptions['clientOptions'];
}

export interface SlackBot {
  app: App;
  /**
   * The Web API client the queue jobs post with: no retries and no waiting out rate limits inside the
   * client, so a failure reaches the job at once and the queue retries it by its code (Retry-After).
   */
  deliveryClient: webApi.WebClient;
  /** For the shared server: takes POSTs to the Slack path, passes everything else on. */
  handler: RequestHandler;
}

const DEFERRED = 'slack_bolt_http_receiver_deferred_request_error';
const MAX_SKEW_SECONDS = 5 * 60;

/** bolt refuses requests older than five minutes; one from the future is refused here as well. */
function freshTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (header === undefined) return true; // bolt answers the unsigned request itself
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && Math.abs(nowMs / 1000 - seconds) <= MAX_SKEW_SECONDS;
}

export function createSlackBot(o: SlackBotOptions): SlackBot {
  const logger = boltLogger(o.log.child({ name: 'bolt' }));
  const receiver = new HTTPReceiver({
    signingSecret: o.config.signingSecret,
    endpoints: [o.config.eventsPath],
    logger,
    processBeforeResponse: false,
  });
  const apiUrl = o.config.apiUrl ? { slackApiUrl: o.config.apiUrl } : {};
  const app = new App({
    receiver,
    token: o.config.botToken,
    ...(o.config.botId && o.config.botUserId ? { botId: o.config.botId, botUserId: o.config.botUserId } : {}),
    logger,
    // SLACK_API_URL points every Web API call (bolt's client, the delivery client) at a proxy or a test server.
    clientOptions: { ...apiUrl, ...o.clientOptions },
  });
  const deliveryClient = new webApi.WebClient(o.config.botToken, {
    ...apiUrl,
    ...o.clientOptions,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 30_000,
  });
  const deps = {
    command: o.config.command,
    defaultDigestLength: o.config.digest.length,
    queue: o.queue,
    store: o.store,
    log: o.log,
  };
  registerCommands(app, deps);
  registerActions(app, deps);
  app.error(async (err) => {
    o.log.error({ err }, 'slack listener failed');
  });
  const handler: RequestHandler = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== o.config.eventsPath) return false;
    if (!freshTimestamp(req.headers['x-slack-request-timestamp'], Date.now())) {
      o.log.warn({ path, reason: 'timestamp outside five minutes' }, 'slack request rejected');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('stale or future request timestamp\n');
      return true;
    }
    try {
      receiver.requestListener(req, res);
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === DEFERRED) return false;
      throw err;
    }
  };
  return { app, deliveryClient, handler };
}
