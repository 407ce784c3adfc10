import { readFileSync } from 'node:fs';
import { appEnvSchema } from './env.schema.ts';
import type { AppEnv, LogLevel } from './env.schema.ts';
import type { WatchTarget } from '../watch/index.ts';
import { CodedError } from '../errors.ts';
import { readEnv } from './read-env.ts';
import type { ConfigIssue, EnvInput } from './read-env.ts';
import { sourceSettingsOf } from './source-settings.ts';
import type { SourceSettings } from './source-settings.ts';

export type { ConfigIssue, EnvInput } from './read-env.ts';

/** The GitHub App's settings, grouped by the part of the app that uses them. */
export interface AppConfig {
  github: { appId: number; privateKey: string; webhookSecret: string; apiUrl: string; webhooksPath: string };
  /** Where runs and changes are read from: the same settings the CLI reads. */
  triage: SourceSettings;
  /** databaseUrl (postgres://) selects PostgreSQL; null: the SQLite file at dbPath. */
  store: { dbPath: string; databaseUrl: string | null; poolSize: number };
  queue: { concurrency: number; leaseMs: number; maxAttempts: number };
  repoConfig: { ttlMs: number };
  deliver: { dryRun: boolean };
  /** The PR-comment command, without the slash (`triage` unless CI_TRIAGE_COMMAND says otherwise). */
  command: string;
  /** Periodic jobs whose new runs are triaged on a schedule; absent when none is listed (no watcher). */
  watch?: { jobs: WatchTarget[]; cron: string };
  server: { host: string; port: number };
  logLevel: LogLevel;
  logFormat: 'json' | 'pretty';
  /** SIGTERM: how long running jobs may take to finish before their leases are released. */
  shutdownMs: number;
  /** Redis for what instances share in memory; null: each process keeps its own. */
  redisUrl: string | null;
  /** Prefix of this deployment's Redis keys. */
  redisPrefix: string;
}

/** Every problem found in the environment at once, one line per setting. */
export class ConfigError extends CodedError<'config'> {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    const n = issues.length;
    super(
      'config',
      `ci-triage cannot start: ${n} setting${n === 1 ? ' is' : 's are'} missing or malformed:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

export interface LoadConfigOptions {
  readFile?: (path: string) => string;
}

/** Probot's first-run flow: no credentials at all outside production means "register the app first". */
export function isSetupMode(env: EnvInput): boolean {
  return !env.APP_ID && !env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH && env.NODE_ENV !== 'production';
}

export function loadAppConfig(env: EnvInput, options: LoadConfigOptions = {}): AppConfig {
  const parsed = readEnv(appEnvSchema, env);
  const issues: ConfigIssue[] = parsed.ok ? [] : parsed.issues;
  const key = readPrivateKey(env, options.readFile ?? ((p) => readFileSync(p, 'utf8')));
  if ('error' in key) issues.push(key.error);
  const api = parsed.ok ? githubApiUrl(parsed.data, env) : null;
  if (api && 'error' in api) issues.push(api.error);
  if (!parsed.ok || 'error' in key || !api || 'error' in api) throw new ConfigError(issues);
  return toAppConfig({ ...parsed.data, GITHUB_API_URL: api.url }, key.pem);
}

/** GHE_HOST (probot's setting) and GITHUB_API_URL name one server: either alone, or both agreeing. */
function githubApiUrl(e: AppEnv, env: EnvInput): { url: string } | { error: ConfigIssue } {
  if (!e.GHE_HOST) return { url: e.GITHUB_API_URL };
  const fromHost = `${e.GHE_PROTOCOL || 'https'}://${e.GHE_HOST}/api/v3`;
  if (!env.GITHUB_API_URL?.trim()) return { url: fromHost };
  if (new URL(e.GITHUB_API_URL).host.toLowerCase() === e.GHE_HOST.toLowerCase()) return { url: e.GITHUB_API_URL };
  return {
    error: {
      setting: 'GHE_HOST',
      message: `GHE_HOST (${e.GHE_HOST}) and GITHUB_API_URL (${e.GITHUB_API_URL}) name different servers: set one, or make them agree`,
    },
  };
}

const MISSING_KEY =
  'PRIVATE_KEY or PRIVATE_KEY_PATH is missing: set PRIVATE_KEY to the PEM text (or its base64) or PRIVATE_KEY_PATH to the .pem file downloaded from the App settings';

type KeyResult = { pem: string } | { error: ConfigIssue };

/** Accepts PEM text, PEM with literal "\n" (one-line env files) or base64 PEM, like probot does. */
export function readPrivateKey(env: EnvInput, readFile: (path: string) => string): KeyResult {
  let text: string;
  let setting = 'PRIVATE_KEY';
  if (env.PRIVATE_KEY?.trim()) {
    text = env.PRIVATE_KEY.trim();
  } else if (!env.PRIVATE_KEY_PATH?.trim()) {
    return { error: { setting, message: MISSING_KEY } };
  } else {
    setting = 'PRIVATE_KEY_PATH';
    try {
      text = readFile(env.PRIVATE_KEY_PATH.trim()).trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      return { error: { setting, message: `PRIVATE_KEY_PATH cannot be read (${code}): ${env.PRIVATE_KEY_PATH}` } };
    }
  }
  const pem = normalisePem(text);
  if (!pem) {
    return {
      error: {
        setting,
        message: `${setting} is not a PEM private key: expected "-----BEGIN ... PRIVATE KEY-----" text or its base64`,
      },
    };
  }
  return { pem };
}

function normalisePem(text: string): string | null {
  const candidates = [text.replace(/\\n/g, '\n')];
  if (/^[A-Za-z0-9+/=\s]+$/.test(text)) candidates.push(Buffer.from(text, 'base64').toString('utf8'));
  return (
    candidates.find((c) => /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/.test(c)) ?? null
  );
}

function toAppConfig(env: AppEnv, privateKey: string): AppConfig {
  return {
    github: {
      appId: env.APP_ID,
      privateKey,
      webhookSecret: env.WEBHOOK_SECRET,
      apiUrl: env.GITHUB_API_URL,
      webhooksPath: env.WEBHOOK_PATH,
    },
    triage: sourceSettingsOf(env),
    store: { dbPath: env.CI_TRIAGE_DB, databaseUrl: env.DATABASE_URL, poolSize: env.CI_TRIAGE_DB_POOL },
    queue: {
      concurrency: env.CI_TRIAGE_CONCURRENCY,
      leaseMs: env.CI_TRIAGE_LEASE_SECONDS * 1000,
      maxAttempts: env.CI_TRIAGE_MAX_ATTEMPTS,
    },
    repoConfig: { ttlMs: env.CI_TRIAGE_REPO_CONFIG_TTL_SECONDS * 1000 },
    deliver: { dryRun: env.CI_TRIAGE_DRY_RUN },
    command: env.CI_TRIAGE_COMMAND,
    watch:
      env.CI_TRIAGE_WATCH_JOBS.length > 0
        ? { jobs: env.CI_TRIAGE_WATCH_JOBS, cron: env.CI_TRIAGE_WATCH_CRON }
        : undefined,
    server: { host: env.HOST, port: env.PORT },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    shutdownMs: env.CI_TRIAGE_SHUTDOWN_SECONDS * 1000,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.CI_TRIAGE_REDIS_PREFIX,
  };
}
