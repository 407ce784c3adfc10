import { parseArgs } from 'node:util';
import { findSuspectsForTerms, MemoryPrCache, parseTermList } from '../suspects/index.ts';
import { checkTime } from './analyze-command.ts';
import type { CommandIo } from './analyze-command.ts';
import { makeOctokit } from './deps.ts';
import { openCliPrCache } from './pr-cache.ts';
import type { PrCache } from '../suspects/index.ts';
import { CliUsageError } from './env.schema.ts';

export const SUSPECTS_USAGE = `usage: ci-triage suspects --repo <owner/repo>... --since <time> --until <time> --terms A,B[,C...] [--job <name>] [--top <n>] [--json]
  ranks the PRs merged into each repo's default branch in the window by how they touch the terms`;

export async function runSuspects(argv: string[], io: CommandIo): Promise<void> {
  const v = parseStrict(argv);
  const repos = v.repo ?? [];
  if (repos.length === 0) throw new CliUsageError(`--repo is required\n${SUSPECTS_USAGE}`);
  for (const r of repos)
    if (!/^[\w.-]+\/[\w.-]+$/.test(r)) throw new CliUsageError(`--repo must be owner/name, got "${r}"`);
  const since = checkTime(v.since, '--since');
  const until = checkTime(v.until, '--until');
  if (!since || !until) throw new CliUsageError(`--since and --until are required\n${SUSPECTS_USAGE}`);
  const top = v.top === undefined ? 5 : Number(v.top);
  if (!Number.isInteger(top) || top < 1)
    throw new CliUsageError(`--top must be a positive whole number, got "${v.top}"`);
  const terms = parseTermList(v.terms ?? '');
  if (terms.length === 0)
    throw new CliUsageError(
      '--terms needs at least one term, e.g. --terms KUBERNETES_NODE_PLATFORM,preset-common-gce-windows',
    );

  const opened = io.cache ? null : openCliPrCache(io.env.CI_TRIAGE_CACHE);
  try {
    await rankAndPrint(v, { repos, since, until, top, terms }, io, io.cache ?? opened?.cache ?? new MemoryPrCache());
  } finally {
    await opened?.close();
  }
}

async function rankAndPrint(
  v: ReturnType<typeof parseStrict>,
  q: { repos: string[]; since: string; until: string; top: number; terms: string[] },
  io: CommandIo,
  cache: PrCache,
): Promise<void> {
  const { repos, since, until, top, terms } = q;
  const started = performance.now();
  const result = await findSuspectsForTerms(
    makeOctokit(io.env),
    { repos: repos.map((repo) => ({ repo })), since, until, terms, job: v.job ?? '', firstRedAt: until },
    { cache, top },
  );
  const ms = Math.round(performance.now() - started);
  if (v.json) {
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

function parseStrict(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        repo: { type: 'string', multiple: true },
        since: { type: 'string' },
        until: { type: 'string' },
        terms: { type: 'string' },
        job: { type: 'string' },
        top: { type: 'string' },
        json: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message}\n${SUSPECTS_USAGE}`);
  }
}
