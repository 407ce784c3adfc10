import { readFileSync } from 'node:fs';
import { appEnvSchema } from './env.schema.ts';
import type { AppEnv, LogLevel } from './env.schema.ts';
import type { WatchTarget } from '../watch/index.ts';
import { CodedError } from '../errors.ts';

/** The GitHub App's settings, grouped by the part of the app that uses them. */
export interface AppConfig {
  github: { appId: number; privateKey: string; webhookSecret: string; apiUrl: string; webhooksPath: string };
  triage: { prowUrls: string[]; gcsUrl: string; configRepos: string[] };
  store: { dbPath: string };
  queue: { concurrency: number; leaseMs: number; maxAttempts: number };
  repoConfig: { ttlMs: number };
  deliver: { dryRun: boolean };
  /** The PR-comment command, without the slash (`triage` unless CI_TRIAGE_COMMAND says otherwise). */
  command: string;
  /** Periodic jobs whose new runs are triaged on a schedule; absent when none is listed (no watcher). */
  watch?: { jobs: WatchTarget[]; cron: string };
  server: { host: string; port: number };
  logLevel: LogLevel;
}

export interface ConfigIssue {
  setting: string;
  message: string;
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

export type EnvInput = Record<string, string | undefined>;

export interface LoadConfigOptions {
  readFile?: (path: string) => string;
}

/** Probot's first-run flow: no credentials at all outside production means "register the app first". */
export function isSetupMode(env: EnvInput): boolean {
  return !env.APP_ID && !env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH && env.NODE_ENV !== 'production';
}

export function loadAppConfig(env: EnvInput, options: LoadConfigOptions = {}): AppConfig {
  const parsed = appEnvSchema.safeParse(env);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        setting: String(i.path[0] ?? 'environment'),
        message: withValue(i.message, i.path, env),
      }));
  const key = readPrivateKey(env, options.readFile ?? ((p) => readFileSync(p, 'utf8')));
  if ('error' in key) issues.push(key.error);
  if (!parsed.success || 'error' in key) throw new ConfigError(issues);
  return toAppConfig(parsed.data, key.pem);
}

function withValue(message: string, path: PropertyKey[], env: EnvInput): string {
  const name = path[0];
  const value = typeof name === 'string' ? env[name] : undefined;
  // Secrets are never echoed back; other values help spot typos.
  if (value === undefined || value === '' || /KEY|SECRET/.test(String(name))) return message;
  return `${message} (got "${value.length > 80 ? `${value.slice(0, 80)}...` : value}")`;
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
    triage: {
      prowUrls: env.CI_TRIAGE_PROW_URL.map((u) => u.replace(/\/+$/, '')),
      gcsUrl: env.CI_TRIAGE_GCS_URL,
      configRepos: env.CI_TRIAGE_CONFIG_REPOS,
    },
    store: { dbPath: env.CI_TRIAGE_DB },
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
  };
}
