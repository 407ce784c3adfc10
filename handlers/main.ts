import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { run as runProbotSetup } from 'probot';
import type { ProbotOctokit } from 'probot';
import type { Octokit } from 'octokit';
import { createPatternCheckPool, loadRuleCatalog, screenRuleFiles } from '../src/analyze/index.ts';
import type { RuleScreenOptions } from '../src/analyze/index.ts';
import { ConfigError, isSetupMode, loadAppConfig } from '../src/config/index.ts';
import type { AppConfig, EnvInput } from '../src/config/index.ts';
import { createDigestIssueUpserter } from '../src/deliver/github/index.ts';
import { createEngineTriageProvider, createGitHubAuth } from '../src/github-app/index.ts';
import type { AppServices, GitHubAuth, TriageProvider } from '../src/github-app/index.ts';
import { createGcsBuckets } from '../src/ingest/index.ts';
import { createSuspectLimiters } from '../src/suspects/index.ts';
import type { Worker } from '../src/queue/index.ts';
import { createSlackEngine, loadSlackConfig } from '../src/slack/index.ts';
import type { SlackConfig } from '../src/slack/index.ts';
import { createStorePrCache, openStore, storeKind } from '../src/store/index.ts';
import type { Store } from '../src/store/index.ts';
import type { WatchLimits, WatchScope } from '../src/watch/index.ts';
import { createGitHubApp } from './github/app.ts';
import type { GitHubAppOptions } from './github/app.ts';
import { startWatcher } from './schedule/watch-schedule.ts';
import type { Watcher } from './schedule/watch-schedule.ts';
import { createAppLogger } from './app-logger.ts';
import { createOpsHandler } from './ops.ts';
import { startServer } from './server.ts';
import type { RequestHandler } from './server.ts';
import { createSlackIntegration } from './slack/integration.ts';
import type { SlackIntegration, SlackIntegrationOptions } from './slack/integration.ts';

// The composition root. Everything is built once, in order: 1. logger  2. store  3. GitHub auth
// 4. rule catalog and the one engine  5. Slack (when configured)  6. the GitHub App and its queue
// worker  7. one HTTP server  8. schedules (digests, periodic-job watcher, upkeep)  9. shutdown.
// The integrations receive what they need; none builds engine parts of its own.

const PRUNE_EVERY_MS = 60 * 60_000;
const KEEP_HISTORY_MS = 30 * 24 * 60 * 60_000;
// A repository's rule patterns: at most 100, proven within 20 s per triage (verdicts are stored, so
// the budget is spent once per new pattern, not per triage).
const RULE_CHECKS = { budgetMs: 20_000, maxPatterns: 100, timeoutMs: 5_000 };

export interface StartOptions {
  log?: Logger;
  /** The engine; the default is the real one (src/triage.ts through src/github-app/engine.ts). */
  createTriageProvider?: (config: AppConfig, deps: { store: Store; log: Logger }) => Promise<TriageProvider>;
  /** probot's client (webhooks, comments); tests pass one with retry and throttling off. */
  Octokit?: typeof ProbotOctokit;
  /** The engine's and lookups' client class (tests tune retries). */
  EngineOctokit?: typeof Octokit;
  worker?: GitHubAppOptions['worker'];
  rulesDir?: string;
  /** Slack, mounted on the same server; null or absent: no Slack. */
  slack?: SlackConfig | null;
  slackClientOptions?: SlackIntegrationOptions['clientOptions'];
  /** Further handlers mounted after GitHub and Slack (tests). */
  extraHandlers?: RequestHandler[];
  /** Told about every saved triage, after its Slack alerts were enqueued (tests). */
  onTriaged?: NonNullable<AppServices['onTriaged']>;
  /** Limits of the ReDoS screen of repositories' rule patterns (tests shorten them). */
  ruleChecks?: Partial<Pick<RuleScreenOptions, 'budgetMs' | 'maxPatterns'>> & { timeoutMs?: number };
  /** The periodic-job watcher (started when CI_TRIAGE_WATCH_JOBS lists jobs); tests pass the installation. */
  watch?: { scope?: () => Promise<WatchScope>; limits?: Partial<WatchLimits> };
}

export interface RunningApp {
  url: string;
  store: Store;
  worker: Worker;
  /** Null when no periodic job is watched. */
  watcher: Watcher | null;
  /** Null when Slack is not configured. */
  slack: SlackIntegration | null;
  log: Logger;
  close(): Promise<void>;
}

export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  // 1-2. Logger and store.
  const log = options.log ?? createAppLogger(config.logLevel, undefined, config.logFormat);
  const store = await openStore({
    ...config.store,
    leaseSeconds: config.queue.leaseMs / 1000,
    log: log.child({ name: 'pg-boss' }),
  });
  const limiters = createSuspectLimiters({ redisUrl: config.redisUrl, prefix: config.redisPrefix });
  try {
    // 3-4. GitHub auth and the one engine.
    const auth = createGitHubAuth({ ...config.github, Octokit: options.EngineOctokit });
    const triageFor = options.createTriageProvider
      ? await options.createTriageProvider(config, { store, log })
      : createEngineTriageProvider({
          config,
          catalog: await loadRuleCatalog([]),
          auth,
          cache: createStorePrCache(store),
          log: log.child({ component: 'triage' }),
          suspectLimiter: limiters.forInstallation,
        });

    // 5. Slack: its jobs (alerts, /triage answers, digests) run on the App's one worker, built next.
    let worker: Worker | null = null;
    const queue = { wake: () => worker?.wake(), maxAttempts: config.queue.maxAttempts };
    const slack = options.slack
      ? buildSlack(options.slack, {
          config,
          store,
          auth,
          triageFor,
          queue,
          log,
          clientOptions: options.slackClientOptions,
        })
      : null;

    // 6. The GitHub App: webhooks in, the queue worker; every saved triage enqueues its Slack alerts
    // before its job completes. Rule patterns of repositories are proven in a worker thread, never on
    // the event loop.
    const checks = { ...RULE_CHECKS, ...options.ruleChecks };
    const pool = createPatternCheckPool({ size: 1, timeoutMs: checks.timeoutMs });
    const screen = { pool, verdicts: store, budgetMs: checks.budgetMs, maxPatterns: checks.maxPatterns };
    const gh = await createGitHubApp({
      config,
      store,
      triageFor,
      log,
      Octokit: options.Octokit,
      worker: options.worker,
      rulesDir: options.rulesDir,
      ...(options.onTriaged ? { onTriaged: options.onTriaged } : {}),
      ...(slack ? { triagedJobs: slack.alertJobs, jobs: { handlers: slack.jobHandlers, lanes: slack.lanes } } : {}),
      screenRules: (files) => screenRuleFiles(files, screen),
    });
    worker = gh.worker;

    // 7. One server for every inbound request.
    let queueRunning = false;
    const ops = createOpsHandler({ store, schemaVersion: store.migration.to, queueRunning: () => queueRunning });
    const handlers = [ops, gh.handler, ...(slack ? [slack.handler] : []), ...(options.extraHandlers ?? [])];
    const server = await startServer({ host: config.server.host, port: config.server.port, handlers, log });
    gh.worker.start();
    queueRunning = true;

    // 8. Schedules.
    const digests = slack?.startSchedule() ?? null;
    const upkeep = setInterval(() => void prune(store, log), PRUNE_EVERY_MS).unref();
    const scope = options.watch?.scope ?? (() => auth.watchScope(config.triage.configRepos[0] ?? ''));
    const bucket = createGcsBuckets({ gcsUrl: config.triage.gcsUrl, logger: log.child({ component: 'watch' }) });
    const watcher = config.watch
      ? startWatcher({
          watch: config.watch,
          config,
          store,
          worker: gh.worker,
          log,
          scope,
          bucket,
          limits: options.watch?.limits,
        })
      : null;
    log.info(
      {
        url: server.url,
        webhooksPath: config.github.webhooksPath,
        store: storeKind(config.store.databaseUrl),
        slack: slack !== null,
      },
      'ci-triage GitHub App listening',
    );

    // 9. Shutdown, in reverse.
    return {
      url: server.url,
      store,
      worker: gh.worker,
      watcher,
      slack,
      log,
      async close() {
        queueRunning = false;
        clearInterval(upkeep);
        watcher?.stop();
        digests?.stop();
        await server.close();
        await gh.worker.stop(config.shutdownMs);
        await pool.close();
        await limiters.close();
        await store.close();
      },
    };
  } catch (err) {
    await limiters.close();
    await store.close();
    throw err;
  }
}

interface SlackParts {
  config: AppConfig;
  store: Store;
  auth: GitHubAuth;
  triageFor: TriageProvider;
  queue: SlackIntegrationOptions['queue'];
  log: Logger;
  clientOptions?: SlackIntegrationOptions['clientOptions'];
}

function buildSlack(slack: SlackConfig, p: SlackParts): SlackIntegration {
  const runUrls = { prowUrls: p.config.triage.prowUrls, webUrl: p.config.triage.webUrl };
  const engine = createSlackEngine({
    triageFor: p.triageFor,
    auth: p.auth,
    store: p.store,
    runUrls,
    defaultRepo: p.config.triage.configRepos[0] ?? '',
  });
  const issueRepo = slack.digest.issueRepo;
  const integration = createSlackIntegration({
    config: slack,
    store: p.store,
    queue: p.queue,
    ...engine,
    upsertDigestIssue: issueRepo ? createDigestIssueUpserter(() => p.auth.clientForRepo(issueRepo), issueRepo) : null,
    dryRun: p.config.deliver.dryRun,
    log: p.log,
    clientOptions: p.clientOptions,
  });
  p.log.info({ path: slack.eventsPath, routes: slack.routes.length }, 'Slack mounted');
  return integration;
}

async function prune(store: Store, log: Logger): Promise<void> {
  try {
    const removed = await store.prune(new Date(Date.now() - KEEP_HISTORY_MS).toISOString());
    log.debug({ removed }, 'old queue rows pruned');
  } catch (err) {
    log.warn({ err }, 'prune failed');
  }
}

/** `npm start`: credentials from the environment (and .env, which probot's setup flow writes). */
export async function main(env: EnvInput = process.env): Promise<RunningApp | null> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (isSetupMode(env)) {
    // No App registered yet: probot serves its setup page (/probot), which registers the app from app.yml.
    await runProbotSetup(() => undefined);
    return null;
  }
  let config: AppConfig;
  let slack: SlackConfig | null;
  try {
    config = loadAppConfig(env);
    slack = loadSlackConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
    return null;
  }
  // Slack is mounted when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set (docs/slack.md).
  const app = await startApp(config, { slack });
  const shutdown = (signal: string) => {
    app.log.info({ signal, graceMs: config.shutdownMs }, 'shutting down');
    // A job that ignores the grace period must not keep the pod in Terminating.
    setTimeout(() => process.exit(1), config.shutdownMs + 5_000).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return app;
}

if (import.meta.main) {
  main().catch((err: unknown) => {
    process.stderr.write(`ci-triage failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
