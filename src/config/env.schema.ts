import { Cron } from 'croner';
import { z } from 'zod';
import { required, wholeNumber } from './env-fields.ts';
import { sourceEnvShape } from './source-settings.ts';
import { parseWatchTarget } from '../watch/index.ts';
import type { WatchTarget } from '../watch/index.ts';

// The GitHub App's environment, validated once at start-up. Each setting carries its own message so a
// missing or malformed value names itself and says how to fix it. The schema is a set of shapes spread
// into one object: a new integration (Slack) adds its own shape file and spreads it in `appEnvSchema`.
// Where runs are read from (GitHub, Prow, GCS, config repos) is `sourceEnvShape`, shared with the CLI.

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export const githubEnvShape = {
  APP_ID: required('APP_ID', "set it to the numeric App ID shown on the GitHub App's settings page").pipe(
    z.string().regex(/^\d+$/, 'APP_ID must be the numeric App ID (digits only)').transform(Number),
  ),
  PRIVATE_KEY: z.string().optional(),
  PRIVATE_KEY_PATH: z.string().optional(),
  WEBHOOK_SECRET: required('WEBHOOK_SECRET', 'set it to the webhook secret entered in the GitHub App settings'),
  // probot's names for GitHub Enterprise Server: GHE_HOST alone sets GITHUB_API_URL to <protocol>://<host>/api/v3.
  GHE_HOST: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'GHE_HOST must be a host name such as ghes.example.com (no scheme or path)')
        .nullable(),
    ),
  GHE_PROTOCOL: z.enum(['https', 'http', ''], { error: 'GHE_PROTOCOL must be https or http' }).default('https'),
  WEBHOOK_PATH: z
    .string()
    .default('/api/github/webhooks')
    .pipe(z.string().regex(/^\/\S*$/, 'WEBHOOK_PATH must be a path starting with "/"')),
};

export const triageEnvShape = {
  CI_TRIAGE_DB: z.string().trim().default('ci-triage.db').pipe(z.string().min(1, 'CI_TRIAGE_DB must be a file path')),
  // postgres://... selects the PostgreSQL store (several instances); unset: the SQLite file CI_TRIAGE_DB.
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(
      z
        .string()
        .regex(
          /^postgres(ql)?:\/\/\S+$/,
          'DATABASE_URL must be a PostgreSQL URL such as postgres://user:pass@host:5432/ci_triage',
        )
        .nullable(),
    ),
  CI_TRIAGE_DB_POOL: wholeNumber('CI_TRIAGE_DB_POOL', 1, 100, 10),
  CI_TRIAGE_CONCURRENCY: wholeNumber('CI_TRIAGE_CONCURRENCY', 1, 64, 2),
  CI_TRIAGE_LEASE_SECONDS: wholeNumber('CI_TRIAGE_LEASE_SECONDS', 1, 3600, 120),
  CI_TRIAGE_MAX_ATTEMPTS: wholeNumber('CI_TRIAGE_MAX_ATTEMPTS', 1, 50, 5),
  CI_TRIAGE_COMMAND: z
    .string()
    .trim()
    .default('triage')
    .transform((v) => v.replace(/^\//, '').toLowerCase())
    .pipe(
      z
        .string()
        .regex(
          /^[a-z][a-z0-9-]{0,38}$/,
          'CI_TRIAGE_COMMAND must be a PR-comment command name such as triage or ci-triage (letters, digits, dashes)',
        ),
    ),
  CI_TRIAGE_REPO_CONFIG_TTL_SECONDS: wholeNumber('CI_TRIAGE_REPO_CONFIG_TTL_SECONDS', 0, 86400, 300),
  CI_TRIAGE_DRY_RUN: z
    .enum(['true', 'false', '1', '0', ''], { error: 'CI_TRIAGE_DRY_RUN must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
};

/** Comma-separated watched jobs; every bad entry is reported with the forms that are accepted. */
const watchJobs = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const targets: WatchTarget[] = [];
    for (const item of text
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const parsed = parseWatchTarget(item);
      if (parsed.ok) targets.push(parsed.target);
      else ctx.addIssue({ code: 'custom', message: `CI_TRIAGE_WATCH_JOBS: ${parsed.error}` });
    }
    // The same job twice (as a gs:// path and as a job-history URL) is watched once.
    return [...new Map(targets.map((t) => [t.key, t])).values()];
  });

export const watchEnvShape = {
  CI_TRIAGE_WATCH_JOBS: watchJobs,
  CI_TRIAGE_WATCH_CRON: z
    .string()
    .trim()
    .default('*/10 * * * *')
    .refine(isCron, 'CI_TRIAGE_WATCH_CRON must be a cron expression such as "*/10 * * * *" (every 10 minutes)'),
};

/** True when croner accepts the expression (shared by every cron setting). */
export function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export const serverEnvShape = {
  PORT: wholeNumber('PORT', 0, 65535, 3000),
  HOST: z.string().trim().default('localhost').pipe(z.string().min(1, 'HOST must be a host name or address')),
  LOG_FORMAT: z
    .enum(['json', 'pretty', ''], { error: 'LOG_FORMAT must be json or pretty' })
    .default('json')
    .transform((v) => (v === 'pretty' ? 'pretty' : 'json')),
  CI_TRIAGE_SHUTDOWN_SECONDS: wholeNumber('CI_TRIAGE_SHUTDOWN_SECONDS', 1, 3600, 25),
  // Shared across instances in memory: probot's request throttling and the suspect finder's limiter.
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(
      z
        .string()
        .regex(/^rediss?:\/\/\S+$/, 'REDIS_URL must be a Redis URL such as redis://redis:6379')
        .nullable(),
    ),
  CI_TRIAGE_REDIS_PREFIX: z.string().trim().default('ci-triage:'),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .default('info')
    .pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })),
};

// PRIVATE_KEY / PRIVATE_KEY_PATH (one of the two) is checked by loadAppConfig, beside these, so that its
// message is reported together with the others (object refinements do not run when a field failed).
export const appEnvSchema = z.object({
  ...githubEnvShape,
  ...sourceEnvShape,
  ...triageEnvShape,
  ...watchEnvShape,
  ...serverEnvShape,
});

export type AppEnv = z.infer<typeof appEnvSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];
