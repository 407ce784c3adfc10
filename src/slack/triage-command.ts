import { loadDigest, periodEndingAt } from '../digest/index.ts';
import type { DigestLength, DigestStore } from '../digest/index.ts';
import { cleanLogText, renderSlackError, renderSlackReport } from '../render/index.ts';
import type { SlackMessage } from '../render/index.ts';
import { renderDigestBlocks } from '../render/digest/index.ts';
import type { TriageStore } from '../store/types.ts';
import type { TriageFn } from '../types.ts';
import { channelDigestTarget } from './channel-scope.ts';
import { CommandError, describeCommandError } from './command-errors.ts';
import type { TriageCommand } from './parse-triage-command.ts';
import type { SlackRoute } from './routes.ts';
import { mayTriage } from './access.ts';
import type { SlackAccess } from './access.ts';
import type { LatestRedRun, PrFailures, SlackReply } from './types.ts';
import type { Logger } from '../logger.ts';

// The work behind /triage after the acknowledgement (a slack-triage-answer job): resolve the argument
// to runs, triage each, save it (its id goes on the "Wrong cause?" button) and return the answers for
// response_url. A response_url takes five posts within 30 minutes, so a PR gets at most four reports
// plus one line about the rest.

export interface TriageCommandDeps {
  triage: TriageFn;
  prFailures: PrFailures | null;
  latestRedRun: LatestRedRun | null;
  store: Pick<TriageStore, 'saveTriage'> & DigestStore;
  routes: readonly SlackRoute[];
  /** Repositories each channel or workspace may triage; null or absent: no restriction. */
  access?: SlackAccess | null;
  log: Logger;
  /** Stop waiting for one triage after this long (response_url expires after 30 minutes). */
  timeoutMs?: number;
  maxPrJobs?: number;
  now?: () => Date;
}

export interface CommandContext {
  channelId: string;
  teamId?: string | null;
  userId: string;
}

export type WorkCommand = Extract<TriageCommand, { kind: 'run' | 'pr' | 'job' | 'digest' }>;

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_MAX_PR_JOBS = 4;

/** The answers to one /triage, in order; every failure is an answer (an error line), never a throw of its own. */
export async function answerTriageCommand(
  deps: TriageCommandDeps,
  cmd: WorkCommand,
  ctx: CommandContext,
): Promise<SlackReply[]> {
  const visibility = cmd.inChannel ? 'in_channel' : 'ephemeral';
  const reply = (m: SlackMessage): SlackReply => ({ ...m, response_type: visibility, replace_original: false });
  try {
    if (cmd.kind === 'digest') return [reply(await digestNow(deps, cmd.length, ctx.channelId))];
    // Before any lookup: a channel sees only the repositories SLACK_ACCESS gives it.
    const repo = cmd.kind === 'job' ? null : cmd.repo;
    if (!mayTriage(deps.access ?? null, { channelId: ctx.channelId, teamId: ctx.teamId ?? null }, repo)) {
      deps.log.info({ channel: ctx.channelId, team: ctx.teamId, repo }, 'slash command not allowed here');
      return [reply(renderSlackError(notAllowed(repo)))];
    }
    const targets = await resolveTargets(deps, cmd);
    const limit = deps.maxPrJobs ?? DEFAULT_MAX_PR_JOBS;
    const replies: SlackReply[] = [];
    for (const t of targets.slice(0, limit))
      replies.push(reply(await triageOne(deps, t.url, t.label, cmd.kind === 'job' ? null : cmd.repo)));
    if (targets.length > limit) replies.push(reply(moreJobs(targets.slice(limit))));
    return replies;
  } catch (err) {
    deps.log.info({ channel: ctx.channelId, kind: cmd.kind, err }, 'slash command answered with an error');
    return [reply(renderSlackError(cleanLogText(describeCommandError(err, describe(cmd)))))];
  }
}

async function resolveTargets(
  deps: TriageCommandDeps,
  cmd: Exclude<WorkCommand, { kind: 'digest' }>,
): Promise<{ url: string; label: string }[]> {
  if (cmd.kind === 'run') return [{ url: cmd.source, label: cmd.label }];
  if (cmd.kind === 'job') {
    if (!deps.latestRedRun)
      throw new CommandError('Looking up a job by name is not configured here; pass the run URL instead.');
    const url = await deps.latestRedRun(cmd.job);
    if (!url)
      throw new CommandError(
        `No failed run found for job ${cmd.job}: its latest runs are green, or no such job exists.`,
      );
    return [{ url, label: cmd.job }];
  }
  if (!deps.prFailures)
    throw new CommandError('Looking up pull requests is not configured here; pass a run URL instead.');
  const failed = await deps.prFailures(cmd.repo, cmd.pr);
  if (failed.length === 0)
    throw new CommandError(`No failed jobs on ${cmd.repo}#${cmd.pr}: its checks are green or still running.`);
  return failed.map((f) => ({ url: f.url, label: f.job }));
}

/** One run: triage (bounded in time), save, render. A failure becomes an error line for that run only. */
async function triageOne(
  deps: TriageCommandDeps,
  url: string,
  label: string,
  repo: string | null,
): Promise<SlackMessage> {
  try {
    const report = await withTimeout(
      deps.triage({ source: url, suspects: true }),
      deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const triageId = await deps.store.saveTriage({ repo, trigger: 'slack', report });
    return renderSlackReport(report, { triageId: String(triageId) });
  } catch (err) {
    deps.log.info({ url, err }, 'slash command triage failed');
    return renderSlackError(cleanLogText(describeCommandError(err, label)));
  }
}

async function digestNow(deps: TriageCommandDeps, length: DigestLength, channel: string): Promise<SlackMessage> {
  const target = channelDigestTarget(channel, deps.routes, length);
  const digest = await loadDigest(deps.store, target, periodEndingAt((deps.now ?? (() => new Date()))(), length));
  return renderDigestBlocks(digest);
}

function notAllowed(repo: string | null): string {
  const what = repo ? `${repo} cannot be triaged` : 'runs cannot be triaged';
  return `Not allowed: ${what} from this channel. Ask an admin to add it to SLACK_ACCESS.`;
}

function moreJobs(rest: { url: string; label: string }[]): SlackMessage {
  const names = rest.map((r) => r.label).join(', ');
  return renderSlackError(
    `${rest.length} more failed jobs not triaged here (${names}); run /triage <run URL> for each.`,
  );
}

function describe(cmd: WorkCommand): string {
  if (cmd.kind === 'run') return cmd.label;
  if (cmd.kind === 'pr') return `${cmd.repo}#${cmd.pr}`;
  if (cmd.kind === 'job') return cmd.job;
  return 'the digest';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${Math.round(ms / 1000)} s`), { name: 'TimeoutError' })),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
