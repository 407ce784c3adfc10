import { findSuspectsForTerms, MemoryPrCache, parseTermList } from '../suspects/index.ts';
import type { PrCache } from '../suspects/index.ts';
import { REPO_FULL_NAME } from '../config/index.ts';
import { checkTime } from './analyze-command.ts';
import type { CommandIo } from './analyze-command.ts';
import { makeOctokit } from './deps.ts';
import { openCliPrCache } from './pr-cache.ts';
import type { CliProgress } from './progress.ts';
import { CliUsageError } from './usage-error.ts';

/** `suspects`'s flags as commander hands them over. */
export interface SuspectsFlags {
  repo: string[];
  since?: string;
  until?: string;
  terms?: string;
  job?: string;
  top: string;
  json?: boolean;
}

interface SuspectsQuery {
  repos: string[];
  since: string;
  until: string;
  top: number;
  terms: string[];
  job: string;
}

export async function runSuspects(flags: SuspectsFlags, io: CommandIo, progress: CliProgress | null): Promise<void> {
  const q = checkQuery(flags);
  const opened = io.cache ? null : await openCliPrCache(io.settings.cachePath);
  try {
    const cache = io.cache ?? opened?.cache ?? new MemoryPrCache();
    await rankAndPrint(q, flags.json === true, io, cache, progress);
  } finally {
    progress?.end();
    await opened?.close();
  }
}

function checkQuery(flags: SuspectsFlags): SuspectsQuery {
  const usage = (message: string) => new CliUsageError(message, 'suspects');
  const repos = flags.repo;
  if (repos.length === 0) throw usage('--repo is required');
  for (const r of repos) if (!REPO_FULL_NAME.test(r)) throw usage(`--repo must be owner/name, got "${r}"`);
  const since = checkTime(flags.since, '--since', 'suspects');
  const until = checkTime(flags.until, '--until', 'suspects');
  if (!since || !until) throw usage('--since and --until are required');
  const top = Number(flags.top);
  if (!Number.isInteger(top) || top < 1) throw usage(`--top must be a positive whole number, got "${flags.top}"`);
  const terms = parseTermList(flags.terms ?? '');
  if (terms.length === 0)
    throw usage('--terms needs at least one term, e.g. --terms KUBERNETES_NODE_PLATFORM,preset-common-gce-windows');
  return { repos, since, until, top, terms, job: flags.job ?? '' };
}

async function rankAndPrint(
  q: SuspectsQuery,
  json: boolean,
  io: CommandIo,
  cache: PrCache,
  progress: CliProgress | null,
): Promise<void> {
  const started = performance.now();
  progress?.step(`searching PRs merged into ${q.repos.join(', ')}`);
  const result = await findSuspectsForTerms(
    await makeOctokit(io.settings, progress),
    {
      repos: q.repos.map((repo) => ({ repo })),
      since: q.since,
      until: q.until,
      terms: q.terms,
      job: q.job,
      firstRedAt: q.until,
    },
    { cache, top: q.top },
  );
  const ms = Math.round(performance.now() - started);
  progress?.end();
  if (json) {
    io.out(`${JSON.stringify({ ...result, ms }, null, 2)}\n`);
    return;
  }
  const lines = result.suspects.map((s, i) => {
    const why = s.reasons.slice(0, 3).map((r) => `      ${r.sign ?? ' '} ${r.file ? `${r.file}: ` : ''}${r.text}`);
    return [
      `${i + 1}. ${s.repo}#${s.number ?? '?'} ${s.title} (score ${s.score.toFixed(1)}, merged ${s.mergedAt})`,
      `   ${s.url}`,
      ...why,
    ].join('\n');
  });
  if (result.note) lines.push(result.note);
  if (result.suspects.length === 0 && !result.note) lines.push('no merged PR in the window touches these terms');
  lines.push(`(${result.requests} GitHub requests, ${ms} ms)`);
  io.out(`${lines.join('\n')}\n`);
}
