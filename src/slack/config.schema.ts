import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, isCron } from '../config/index.ts';
import { DIGEST_LENGTHS } from '../digest/period.ts';
import type { DigestLength } from '../digest/period.ts';
import type { ConfigIssue, EnvInput } from '../config/index.ts';
import { parseSlackRoutes } from './routes.ts';
import type { SlackRoute } from './routes.ts';
import { parseSlackAccess } from './access.ts';
import type { SlackAccess } from './access.ts';

// The Slack side's environment, validated once at start-up like the App's (src/config). Slack is off
// when neither SLACK_BOT_TOKEN nor SLACK_SIGNING_SECRET is set; one without the other is an error.

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Request URL path for the slash command and interactivity (one path serves both). */
  eventsPath: string;
  command: string;
  /** Known bot ids skip bolt's auth.test call at the first request. */
  botId: string | null;
  botUserId: string | null;
  routes: SlackRoute[];
  /** Which repositories each channel or workspace may triage; null: no restriction (SLACK_ACCESS unset). */
  access: SlackAccess | null;
  digest: { enabled: boolean; cron: string; timezone: string; length: DigestLength; issueRepo: string | null };
  /** Slack's Web API base (SLACK_API_URL: a proxy or a test server); null: Slack's own. */
  apiUrl: string | null;
}

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null));

export const slackEnvShape = {
  SLACK_BOT_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^xoxb-/, 'SLACK_BOT_TOKEN must be the bot token (xoxb-...) from OAuth & Permissions')
      .nullable(),
  ),
  SLACK_SIGNING_SECRET: optional,
  SLACK_EVENTS_PATH: z
    .string()
    .trim()
    .default('/slack/events')
    .pipe(z.string().regex(/^\/\S*$/, 'SLACK_EVENTS_PATH must be a path starting with "/"')),
  SLACK_COMMAND: z
    .string()
    .trim()
    .default('/triage')
    .pipe(z.string().regex(/^\/[\w-]{1,31}$/, 'SLACK_COMMAND must look like /triage')),
  SLACK_BOT_ID: optional,
  SLACK_BOT_USER_ID: optional,
  SLACK_ROUTES: optional,
  SLACK_ROUTES_FILE: optional,
  SLACK_ACCESS: optional,
  SLACK_DIGEST_ENABLED: z
    .enum(['true', 'false', '1', '0', ''], { error: 'SLACK_DIGEST_ENABLED must be true or false' })
    .default('true')
    .transform((v) => v !== 'false' && v !== '0'),
  SLACK_DIGEST_CRON: z
    .string()
    .trim()
    .default('0 9 * * *')
    .refine(
      isCron,
      'SLACK_DIGEST_CRON must be a cron expression such as "0 9 * * *" (daily 09:00) or "0 9 * * 1" (Mondays)',
    ),
  SLACK_DIGEST_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine(isTimeZone, 'SLACK_DIGEST_TIMEZONE must be an IANA time zone such as UTC or Europe/Berlin'),
  SLACK_DIGEST_PERIOD: z.enum(DIGEST_LENGTHS, { error: 'SLACK_DIGEST_PERIOD must be 24h or 7d' }).default('24h'),
  SLACK_DIGEST_ISSUE_REPO: optional.pipe(
    z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'SLACK_DIGEST_ISSUE_REPO must be owner/name')
      .nullable(),
  ),
  SLACK_API_URL: optional.pipe(
    z
      .url({ protocol: /^https?$/, error: 'SLACK_API_URL must be an http(s) URL such as https://slack.com/api/' })
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .nullable(),
  ),
};

export const slackEnvSchema = z.object(slackEnvShape);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface LoadSlackConfigOptions {
  readFile?: (path: string) => string;
}

/** Null when Slack is not configured; throws ConfigError listing every problem otherwise. */
export function loadSlackConfig(env: EnvInput, options: LoadSlackConfigOptions = {}): SlackConfig | null {
  const parsed = slackEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i): ConfigIssue => ({ setting: String(i.path[0] ?? 'environment'), message: i.message }),
      ),
    );
  }
  const e = parsed.data;
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET) return null;
  const issues: ConfigIssue[] = [];
  if (!e.SLACK_BOT_TOKEN)
    issues.push({
      setting: 'SLACK_BOT_TOKEN',
      message: 'SLACK_BOT_TOKEN is missing: Slack needs both the bot token and the signing secret',
    });
  if (!e.SLACK_SIGNING_SECRET) {
    issues.push({
      setting: 'SLACK_SIGNING_SECRET',
      message: "SLACK_SIGNING_SECRET is missing: copy it from the Slack app's Basic Information page",
    });
  }
  const routes = readRoutes(
    e.SLACK_ROUTES,
    e.SLACK_ROUTES_FILE,
    options.readFile ?? ((p) => readFileSync(p, 'utf8')),
    issues,
  );
  const access = readAccess(e.SLACK_ACCESS, issues);
  if (issues.length > 0 || !e.SLACK_BOT_TOKEN || !e.SLACK_SIGNING_SECRET) throw new ConfigError(issues);
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    eventsPath: e.SLACK_EVENTS_PATH,
    command: e.SLACK_COMMAND,
    botId: e.SLACK_BOT_ID,
    botUserId: e.SLACK_BOT_USER_ID,
    routes,
    access,
    apiUrl: e.SLACK_API_URL,
    digest: {
      enabled: e.SLACK_DIGEST_ENABLED,
      cron: e.SLACK_DIGEST_CRON,
      timezone: e.SLACK_DIGEST_TIMEZONE,
      length: e.SLACK_DIGEST_PERIOD,
      issueRepo: e.SLACK_DIGEST_ISSUE_REPO,
    },
  };
}

function readRoutes(
  inline: string | null,
  file: string | null,
  readFile: (p: string) => string,
  issues: ConfigIssue[],
): SlackRoute[] {
  if (inline && file) {
    issues.push({ setting: 'SLACK_ROUTES', message: 'set SLACK_ROUTES or SLACK_ROUTES_FILE, not both' });
    return [];
  }
  let text = inline ?? '';
  if (file) {
    try {
      text = readFile(file);
    } catch (err) {
      issues.push({
        setting: 'SLACK_ROUTES_FILE',
        message: `SLACK_ROUTES_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): ${file}`,
      });
      return [];
    }
  }
  try {
    return parseSlackRoutes(text);
  } catch (err) {
    issues.push({ setting: file ? 'SLACK_ROUTES_FILE' : 'SLACK_ROUTES', message: (err as Error).message });
    return [];
  }
}

function readAccess(text: string | null, issues: ConfigIssue[]): SlackAccess | null {
  if (text === null) return null;
  try {
    return parseSlackAccess(text);
  } catch (err) {
    issues.push({ setting: 'SLACK_ACCESS', message: (err as Error).message });
    return null;
  }
}
