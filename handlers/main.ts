import { existsSync } from 'node:fs';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { run as runProbotSetup } from 'probot';
import type { ProbotOctokit } from 'probot';
import { ConfigError, isSetupMode, loadAppConfig } from '../src/config/index.ts';
import type { AppConfig, EnvInput } from '../src/config/index.ts';
import { openSqliteStore } from '../src/store/index.ts';
import type { Store } from '../src/store/index.ts';
import type { Worker } from '../src/queue/index.ts';
import type { AppServices } from '../src/app/index.ts';
import { createGitHubApp } from './github/app.ts';
import type { GitHubAppOptions, TriageProvider } from './github/app.ts';
import { createEngineTriageProvider } from './github/triage-provider.ts';
import { startServer } from './server.ts';
import { slackIntegration } from './slack/integration.ts';
import { loadSlackConfig } from '../src/slack/index.ts';
import type { SlackConfig } from '../src/slack/index.ts';
import type { RequestHandler } from './server.ts';
import { appInstallationScope, startWatcher } from './schedule/watch-schedule.ts';
import type { Watcher } from './schedule/watch-schedule.ts';
import type { WatchLimits, WatchScope } from '../src/watch/index.ts';

// Composition root: 1. config  2. store  3. GitHub app + queue worker  4. one HTTP server
// 5. background upkeep and the periodic-job watcher  6. graceful shutdown.

const PRUNE_EVERY_MS = 60 * 60_000;
const KEEP_HISTORY_MS = 30 * 24 * 60 * 60_000;

/** A second inbound integration (Slack) sharing the server, the store and the logger. */
export type Integration = (ctx: { config: AppConfig; store: Store; log: Logger }) => Promise<MountedIntegration>;

export interface MountedIntegration {
  handler: RequestHandler;
  /** Called after the App saved a triage (Slack posts its alerts from here). */
  onTriaged?: NonNullable<AppServices['onTriaged']>;
  close?(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Builds the engine per installation; the default is the real one (src/triage.ts). */
  createTriageProvider?: (config: AppConfig, deps: { store: Store; log: Logger }) => Promise<TriageProvider>;
  Octokit?: typeof ProbotOctokit;
  worker?: GitHubAppOptions['worker'];
  rulesDir?: string;
  /** Mounted after probot, in order; each answers only its own paths. */
  integrations?: Integration[];
  /** The periodic-job watcher (started when CI_TRIAGE_WATCH_JOBS lists jobs); tests pass the installation. */
  watch?: { scope?: () => Promise<WatchScope>; limits?: Partial<WatchLimits> };
}

export interface RunningApp {
  url: string;
  store: Store;
  worker: Worker;
  /** Null when no periodic job is watched. */
  watcher: Watcher | null;
  log: Logger;
  close(): Promise<void>;
}

export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const log = options.log ?? pino({ level: config.logLevel, base: { app: 'ci-triage' } });
  const store = openSqliteStore({ path: config.store.dbPath });
  try {
    const triageFor = await (options.createTriageProvider ?? createEngineTriageProvider)(config, { store, log });
    // Integrations are mounted after the GitHub app, so its pipeline reaches their listeners late-bound.
    const listeners: NonNullable<AppServices['onTriaged']>[] = [];
    const onTriaged: AppServices['onTriaged'] = async (t) => void (await Promise.all(listeners.map((l) => l(t))));
    const gh = await createGitHubApp({ config, store, triageFor, log, Octokit: options.Octokit, worker: options.worker, rulesDir: options.rulesDir, onTriaged });
    const mounted = await Promise.all((options.integrations ?? []).map((mount) => mount({ config, store, log })));
    for (const m of mounted) if (m.onTriaged) listeners.push(m.onTriaged);
    const handlers = [gh.handler, ...mounted.map((m) => m.handler)];
    const server = await startServer({ host: config.server.host, port: config.server.port, handlers, log });
    gh.worker.start();
    const upkeep = setInterval(() => void prune(store, log), PRUNE_EVERY_MS).unref();
    const scope = options.watch?.scope ?? (() => appInstallationScope(gh.probot, config.triage.configRepos[0] ?? ''));
    const watcher = config.watch ? startWatcher({ watch: config.watch, config, store, worker: gh.worker, log, scope, limits: options.watch?.limits }) : null;
    log.info({ url: server.url, webhooksPath: config.github.webhooksPath, db: config.store.dbPath }, 'ci-triage GitHub App listening');
    return {
      url: server.url,
      store,
      worker: gh.worker,
      watcher,
      log,
      async close() {
        clearInterval(upkeep);
        watcher?.stop();
        await server.close();
        await gh.worker.stop();
        for (const m of mounted) await m.close?.();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
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
  const app = await startApp(config, { integrations: slack ? [slackIntegration(slack)] : [] });
  const shutdown = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
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
