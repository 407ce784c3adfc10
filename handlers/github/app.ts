import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppServices } from '../../src/github-app/index.ts';
import type { RuleScreen } from '../../src/github-app/repo-settings.ts';
import { Probot, type ProbotOctokit } from 'probot';
import { JOB_KINDS, createIntake, createJobHandlers } from '../../src/github-app/index.ts';
import type { Intake, TriageScope } from '../../src/github-app/index.ts';
import type { AppConfig } from '../../src/config/index.ts';
import { createRepoConfigCache } from '../../src/config/index.ts';
import type { GitHubClient } from '../../src/deliver/github/index.ts';
import { createWorker } from '../../src/queue/index.ts';
import type { BackoffOptions, JobHandler, Worker, WorkerLane } from '../../src/queue/index.ts';
import type { Store } from '../../src/store/index.ts';
import type { TriageFn } from '../../src/types.ts';
import type { RequestHandler } from '../server.ts';
import { githubAppFunction } from './index.ts';
import { createWebhookReceiver } from './webhook-receiver.ts';

/** Comment-sync jobs running at once, beside the triage slots. */
const WRITE_CONCURRENCY = 2;

export type TriageProvider = (scope: TriageScope) => Promise<TriageFn>;

export interface GitHubAppOptions {
  config: AppConfig;
  store: Store;
  triageFor: TriageProvider;
  log: Logger;
  /** Tests pass a ProbotOctokit with retry and throttling off. */
  Octokit?: typeof ProbotOctokit;
  rulesDir?: string;
  clock?: () => Date;
  worker?: { pollMs?: number; backoff?: BackoffOptions };
  /** Told about every saved triage (tests). */
  onTriaged?: AppServices['onTriaged'];
  /** Jobs every saved triage enqueues (Slack alerts). */
  triagedJobs?: AppServices['triagedJobs'];
  /** Further job kinds the one worker runs (Slack, digests), and lanes of their own. */
  jobs?: { handlers: Record<string, JobHandler>; lanes?: readonly WorkerLane[] };
  /** Screens repositories' rule files off the main thread (built by the composition root). */
  screenRules?: RuleScreen;
}

export interface GitHubApp {
  probot: Probot;
  /** probot's webhook middleware, for the shared server. */
  handler: RequestHandler;
  worker: Worker;
  intake: Intake;
}

/** Wires probot (webhooks in), the intake, and the queue worker with the app's job handlers. */
export async function createGitHubApp(o: GitHubAppOptions): Promise<GitHubApp> {
  const { config, store, log } = o;
  const clock = o.clock ?? (() => new Date());
  const probot = new Probot({
    appId: config.github.appId,
    privateKey: config.github.privateKey,
    secret: config.github.webhookSecret,
    baseUrl: config.github.apiUrl,
    log, // probot names its own child 'probot'
    // REDIS_URL: probot's request throttling clusters through Redis (bottleneck), shared by all instances.
    ...(config.redisUrl ? { redisConfig: config.redisUrl } : {}),
    ...(o.Octokit ? { Octokit: o.Octokit } : {}),
  });
  const runUrls = { prowUrls: config.triage.prowUrls, webUrl: config.triage.webUrl };
  let worker: Worker | null = null;
  const wake = () => worker?.wake();
  const handlers = createJobHandlers({
    store,
    github: async (installationId) => (await probot.auth(installationId)) satisfies GitHubClient,
    triageFor: o.triageFor,
    repoConfig: createRepoConfigCache({ ttlMs: config.repoConfig.ttlMs }),
    settings: {
      ...runUrls,
      maxAttempts: config.queue.maxAttempts,
      command: config.command,
      dryRun: config.deliver.dryRun,
      rulesDir: o.rulesDir ?? join(tmpdir(), 'ci-triage-rules'),
    },
    clock,
    wake,
    log: log.child({ name: 'queue' }),
    ...(o.screenRules ? { screenRules: o.screenRules } : {}),
    ...(o.onTriaged ? { onTriaged: o.onTriaged } : {}),
    ...(o.triagedJobs ? { triagedJobs: o.triagedJobs } : {}),
  });
  worker = createWorker({
    store,
    handlers: { ...handlers, ...o.jobs?.handlers },
    concurrency: config.queue.concurrency,
    // Comment writes wait in the client's throttling (seconds in a burst): their own slots, so they
    // never hold the triage slots.
    lanes: [{ kinds: [JOB_KINDS.commentSync], concurrency: WRITE_CONCURRENCY }, ...(o.jobs?.lanes ?? [])],
    leaseMs: config.queue.leaseMs,
    log: log.child({ name: 'queue' }),
    now: () => clock().getTime(),
    ...o.worker,
  });
  const intake = createIntake({
    store,
    settings: { ...runUrls, maxAttempts: config.queue.maxAttempts, command: config.command },
    wake,
    now: () => clock().getTime(),
  });
  await probot.load(githubAppFunction(intake));
  const handler = createWebhookReceiver({
    probot,
    secret: config.github.webhookSecret,
    path: config.github.webhooksPath,
    log: log.child({ name: 'webhooks' }),
  });
  return { probot, handler, worker, intake };
}
