import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { deliverIncidentAlert } from '../../src/slack/alerts/index.ts';
import type { AlertOutcome, Incident } from '../../src/slack/alerts/index.ts';
import { createSlackReporter } from '../../src/deliver/slack/index.ts';
import type { SlackApi } from '../../src/deliver/slack/index.ts';
import { periodEndingAt, runScheduledDigests } from '../../src/digest/index.ts';
import type { DigestOutcome, UpsertDigestIssue } from '../../src/digest/index.ts';
import { scheduledDigestTargets } from '../../src/slack/index.ts';
import type { LatestRedRun, PrFailures, SlackConfig } from '../../src/slack/index.ts';
import type { SlackStore } from '../../src/store/slack-types.ts';
import type { TriageStore } from '../../src/store/types.ts';
import type { TriageFn } from '../../src/types.ts';
import { startDigestSchedule } from '../schedule/digest-schedule.ts';
import type { DigestSchedule } from '../schedule/digest-schedule.ts';
import type { RequestHandler } from '../server.ts';
import { createSlackBot } from './app.ts';
import type { SlackBotOptions } from './app.ts';

// Everything Slack, wired: the bolt app (slash command, buttons), alerts for new incidents, and the
// scheduled digests. The composition root mounts `handler` on the shared server, calls `alert` after
// the App saved a triage, and starts the schedule.

export interface SlackIntegrationOptions {
  config: SlackConfig;
  store: Pick<TriageStore, 'saveTriage' | 'listTriages'> & SlackStore;
  triage: TriageFn;
  prFailures?: PrFailures | null;
  latestRedRun?: LatestRedRun | null;
  upsertDigestIssue?: UpsertDigestIssue | null;
  /** Log instead of posting alerts and digests (the slash command still answers). */
  dryRun?: boolean;
  log: Logger;
  clientOptions?: SlackBotOptions['clientOptions'];
  /** For the upload POST (tests). */
  fetch?: typeof fetch;
  /** Recorded on claims; defaults to host:pid:random. */
  instanceId?: string;
}

export interface SlackIntegration {
  app: App;
  handler: RequestHandler;
  alert(incident: Incident): Promise<AlertOutcome[]>;
  /** What one cron tick does; exposed for tests and manual runs. */
  runDigests(tick: Date): Promise<DigestOutcome[]>;
  /** Starts the cron (null when digests are disabled or no channel wants one). */
  startSchedule(): DigestSchedule | null;
}

export function createSlackIntegration(o: SlackIntegrationOptions): SlackIntegration {
  const log = o.log.child({ name: 'slack' });
  const owner = o.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const commands = {
    triage: o.triage,
    prFailures: o.prFailures ?? null,
    latestRedRun: o.latestRedRun ?? null,
    store: o.store,
    routes: o.config.routes,
    access: o.config.access,
    log,
  };
  const bot = createSlackBot({ config: o.config, commands, store: o.store, log, clientOptions: o.clientOptions });
  // WebClient's argument types are unions of every destination form; at runtime it takes what SlackApi sends.
  const reporter = createSlackReporter({
    api: bot.app.client as unknown as SlackApi,
    dryRun: o.dryRun,
    log,
    fetch: o.fetch,
  });
  const digestDeps = {
    store: o.store,
    reporter,
    owner,
    log,
    upsertIssue: o.upsertDigestIssue ?? null,
    timeZone: o.config.digest.timezone,
  };
  const { length } = o.config.digest;
  const runDigests = (tick: Date) =>
    runScheduledDigests(digestDeps, scheduledDigestTargets(o.config.routes, length), periodEndingAt(tick, length));
  return {
    app: bot.app,
    handler: bot.handler,
    alert: (incident) =>
      deliverIncidentAlert({ store: o.store, reporter, routes: o.config.routes, owner, log }, incident),
    runDigests,
    startSchedule() {
      if (!o.config.digest.enabled || scheduledDigestTargets(o.config.routes, length).length === 0) return null;
      return startDigestSchedule({
        cron: o.config.digest.cron,
        timezone: o.config.digest.timezone,
        log,
        run: async (tick) => void (await runDigests(tick)),
      });
    },
  };
}
