import { checkSync } from 'recheck';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { matchGlob } from '../config/index.ts';

// Channel routing: which channel hears about which jobs. A rule matches an incident when every
// selector it has matches (job globs / job regex, and repos); an incident goes to every channel
// with a matching rule, once per channel. A channel's digest covers what its rules match.

export interface SlackRoute {
  /** Channel ID (C…/G…); names are not stable, IDs are. */
  channel: string;
  /** Job-name globs (`*`, `?`); empty means any job. */
  jobs: string[];
  /** A job-name regular expression (checked for catastrophic backtracking at load). */
  jobPattern: RegExp | null;
  /** owner/name; empty means any repository. */
  repos: string[];
  /** Alert new incidents here. */
  alerts: boolean;
  /** Post the scheduled digest here. */
  digest: boolean;
  /** Post the digest even for a period without failures (otherwise a quiet period posts nothing). */
  digestWhenEmpty: boolean;
}

export interface RouteTarget {
  job: string;
  repo: string | null;
}

const MAX_JOB_CHARS = 400;

const ruleSchema = z
  .object({
    channel: z
      .string()
      .regex(
        /^[CGD][A-Z0-9]{4,}$/,
        'channel must be a Slack channel ID such as C0123ABCD (channel details > About > Channel ID)',
      ),
    jobs: z.array(z.string().min(1).max(MAX_JOB_CHARS)).default([]),
    job_pattern: z.string().min(1).max(500).optional(),
    repos: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'repos must list owner/name repositories')).default([]),
    alerts: z.boolean().default(true),
    digest: z.boolean().default(true),
    digest_when_empty: z.boolean().default(false),
  })
  .strict()
  .refine((r) => r.jobs.length > 0 || r.job_pattern !== undefined || r.repos.length > 0, {
    message: 'a route needs at least one of jobs, job_pattern or repos (use jobs: ["*"] for everything)',
  });

const routesSchema = z.array(ruleSchema);

/** Parses the routes document (YAML or JSON: a list of rules); throws an Error naming the bad rule. */
export function parseSlackRoutes(text: string): SlackRoute[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new Error(`Slack routes are not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return [];
  const rules = Array.isArray(doc) ? doc : (doc as { routes?: unknown }).routes;
  const parsed = routesSchema.safeParse(rules ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `route ${issue.path.join('.')}` : 'routes';
    throw new Error(`Slack ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.map((r, i) => ({
    channel: r.channel,
    jobs: r.jobs,
    jobPattern: r.job_pattern === undefined ? null : safePattern(r.job_pattern, i),
    repos: r.repos,
    alerts: r.alerts,
    digest: r.digest,
    digestWhenEmpty: r.digest_when_empty,
  }));
}

function safePattern(source: string, index: number): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (err) {
    throw new Error(`Slack route ${index}.job_pattern does not compile: ${(err as Error).message}`);
  }
  const verdict = checkSync(source, '');
  if (verdict.status !== 'safe')
    throw new Error(`Slack route ${index}.job_pattern may backtrack catastrophically; simplify it: ${source}`);
  return re;
}

export function routeMatches(route: SlackRoute, target: RouteTarget): boolean {
  const job = target.job.slice(0, MAX_JOB_CHARS);
  const byGlob = route.jobs.length === 0 || route.jobs.some((g) => matchGlob(g, job));
  const byPattern = route.jobPattern === null || route.jobPattern.test(job);
  const byRepo =
    route.repos.length === 0 ||
    (target.repo !== null && route.repos.some((r) => r.toLowerCase() === target.repo?.toLowerCase()));
  return byGlob && byPattern && byRepo;
}

/** Channels that get an alert for this incident, each once, in rule order. */
export function alertChannels(routes: readonly SlackRoute[], target: RouteTarget): string[] {
  return [...new Set(routes.filter((r) => r.alerts && routeMatches(r, target)).map((r) => r.channel))];
}

/** The rules that make up a channel's scope (for digests); empty when the channel has none. */
export function channelRoutes(routes: readonly SlackRoute[], channel: string): SlackRoute[] {
  return routes.filter((r) => r.channel === channel);
}

/** Channels that get the scheduled digest. */
export function digestChannels(routes: readonly SlackRoute[]): string[] {
  return [...new Set(routes.filter((r) => r.digest).map((r) => r.channel))];
}
