import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { createSlackReporter } from '../../src/deliver/slack/index.ts';
import type { SlackApi } from '../../src/deliver/slack/index.ts';
import { DIGEST_JOB_KINDS, createDigestJobHandlers, digestPostJobs, periodEndingAt } from '../../src/digest/index.ts';
import type { UpsertDigestIssue } from '../../src/digest/index.ts';
import type { JobHandler, WorkerLane } from '../../src/queue/index.ts';
import { channelDigestTarget, scheduledDigestTargets } from '../../src/slack/index.ts';
import type { LatestRedRun, PrFailures, SlackConfig } from '../../src/slack/index.ts';
import type { Incident } from '../../src/slack/alerts/index.ts';
import {
  SLACK_POST_KINDS,
  createSlackJobHandlers,
  enqueueSlackJobs,
  slackAlertJobs,
} from '../../src/slack/jobs/index.ts';
import type { SlackQueue } from '../../src/slack/jobs/index.ts';
import type { SlackStore } from '../../src/store/slack-types.ts';
import type { NewQueueJob, QueueStore, TriageStore } from '../../src/store/types.ts';
import type { TriageFn } from '../../src/types.ts';
import { startDigestSchedule } from '../schedule/digest-schedule.ts';
import type { DigestSchedule } from '../schedule/digest-schedule.ts';
import type { RequestHandler } from '../server.ts';
import { createSlackBot } from './app.ts';
import type { SlackBotOptions } from './app.ts';

// Everything Slack, wired: the bolt app (slash command, buttons) and the Slack side's queue jobs
// (alerts, /triage answers, digests), run by the App's one worker. The composition root mounts
// `handler` on the shared server, gives the worker `jobHandlers` and `lanes`, enqueues `alertJobs`
// with every saved triage, and starts the schedule, whose ticks enqueue the digests.

/** Slack posts running at once, beside the triage and comment slots. */
const POST_CONCURRENCY = 2;

export interface SlackIntegrationOptions {
  config: SlackConfig;
  store: Pick<TriageStore, 'saveTriage' | 'listTriages'> & SlackStore & Pick<QueueStore, 'enqueue'>;
  /** The worker's wake and the attempts per job (CI_TRIAGE_MAX_ATTEMPTS). */
  queue: Omit<SlackQueue, 'store'>;
  triage: TriageFn;
  prFailures?: PrFailures | null;
  latestRedRun?: LatestRedRun | null;
  upsertDigestIssue?: UpsertDigestIssue | null;
  /** Log instead of posting alerts and digests (the slash command still answers). */
  dryRun?: boolean;
  log: Logger;
  clientOptions?: SlackBotOptions['clientOptions'];
  /** For the upload and response_url POSTs (tests). */
  fetch?: typeof fetch;
  /** Recorded on claims; defaults to host:pid:random. */
  instanceId?: string;
}

export interface SlackIntegration {
  app: App;
  handler: RequestHandler;
  /** The Slack side's job kinds, for the worker. */
  jobHandlers: Record<string, JobHandler>;
  lanes: WorkerLane[];
  /** The slack-alert jobs of one saved triage (one per routed channel; none for a green run). */
  alertJobs(incident: Incident): NewQueueJob[];
  /** What one cron tick does: enqueue the period's digest-post jobs (once across instances); returns how many. */
  tickDigests(tick: Date): Promise<number>;
  /** Starts the cron (null when digests are disabled or no channel wants one). */
  startSchedule(): DigestSchedule | null;
}

export function createSlackIntegration(o: SlackIntegrationOptions): SlackIntegration {
  const log = o.log.child({ name: 'slack' });
  const owner = o.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const queue: SlackQueue = { ...o.queue, store: o.store };
  const enqueue = async (jobs: NewQueueJob[]) => void (await enqueueSlackJobs(queue, jobs));
  const bot = createSlackBot({ config: o.config, queue, store: o.store, log, clientOptions: o.clientOptions });
  // WebClient's argument types are unions of every destination form; at runtime it takes what SlackApi sends.
  const reporter = createSlackReporter({
    api: bot.deliveryClient as unknown as SlackApi,
    dryRun: o.dryRun,
    log,
    fetch: o.fetch,
  });
  const { routes, digest } = o.config;
  const commands = {
    triage: o.triage,
    prFailures: o.prFailures ?? null,
    latestRedRun: o.latestRedRun ?? null,
    store: o.store,
    routes,
    access: o.config.access,
    log,
  };
  const jobHandlers = {
    ...createSlackJobHandlers({
      queue,
      alerts: { store: o.store, reporter, owner, log },
      answers: { commands, parse: { defaultDigestLength: digest.length } },
      // Dry run keeps answering /triage: the answer goes to the asker, not to a channel.
      responses: o.fetch ? { fetch: o.fetch } : {},
    }),
    ...createDigestJobHandlers({
      store: o.store,
      reporter,
      targetFor: (channel, length) => channelDigestTarget(channel, routes, length),
      upsertIssue: o.upsertDigestIssue ?? null,
      timeZone: digest.timezone,
      enqueue,
      maxAttempts: o.queue.maxAttempts,
    }),
  };
  const targets = () => scheduledDigestTargets(routes, digest.length);
  const tickDigests = (tick: Date) =>
    enqueueSlackJobs(
      queue,
      digestPostJobs(targets(), digest.length, periodEndingAt(tick, digest.length), o.queue.maxAttempts),
    );
  return {
    app: bot.app,
    handler: bot.handler,
    jobHandlers,
    lanes: [
      { kinds: [...SLACK_POST_KINDS, DIGEST_JOB_KINDS.post, DIGEST_JOB_KINDS.issue], concurrency: POST_CONCURRENCY },
    ],
    alertJobs: (incident) => slackAlertJobs(incident, routes, o.queue.maxAttempts),
    tickDigests,
    startSchedule() {
      if (!digest.enabled || targets().length === 0) return null;
      return startDigestSchedule({
        cron: digest.cron,
        timezone: digest.timezone,
        log,
        run: async (tick) => void (await tickDigests(tick)),
      });
    },
  };
}
