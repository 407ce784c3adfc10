// Finds the merged PRs most likely to have broken a job: list the window's merged PRs per repository,
// fetch their files (cached: merged PRs never change), rank them. Never throws: GitHub failures become
// a note next to whatever ranking the data that could be read supports.
import { createRequire } from 'node:module';
import type Bottleneck from 'bottleneck';
import { analyzePull } from './analyze-pull.ts';
import { describeGithubError, isPermanent, stopsEverything } from './describe-github-error.ts';
import { fetchMergedPulls } from './fetch-merged-pulls.ts';
import { fetchPrFiles } from './fetch-pr-files.ts';
import { isMechanicalPull } from './mechanical-pull.ts';
import { findDanglingPresets } from './find-dangling-presets.ts';
import { makeRequester, type SuspectsOctokit, type GithubRequester } from './github-requests.ts';
import { rankAnalyses } from './rank-suspects.ts';
import { safeCache } from './safe-cache.ts';
import { knownNotFound, NOT_FOUND_NOTE, rememberNotFound } from './unreadable-repos.ts';
import { normalizeTerms, validateQuery } from './validate-query.ts';
import type { PullSummary, PullWithFiles, SuspectOptions, SuspectQuery, SuspectResult } from './types.ts';

interface Gathered {
  pulls: PullWithFiles[];
  problems: string[];
  listedRepos: number;
  merged: number;
  /** Set after a failure that makes every further request pointless (bad token, rate limit, budget). */
  stopped: boolean;
}

export async function findSuspects(
  octokit: SuspectsOctokit,
  query: SuspectQuery,
  opts: SuspectOptions,
): Promise<SuspectResult> {
  const invalid = validateQuery(query);
  if (invalid) return { suspects: [], note: `suspects unavailable: ${invalid}`, requests: 0, danglingPresets: [] };
  const gh = makeRequester(octokit, opts.requestTimeoutMs ?? 20_000, opts.budgetMs ?? 120_000);
  const state: Gathered = { pulls: [], problems: [], listedRepos: 0, merged: 0, stopped: false };
  const safeOpts = { ...opts, cache: safeCache(opts.cache, opts.log) };
  try {
    // Bottleneck is loaded here, not at import: a triage without suspects (the CLI's --no-suspects) never loads it.
    const limiter =
      opts.limiter ??
      new (createRequire(import.meta.url)('bottleneck') as typeof Bottleneck)({
        maxConcurrent: Math.max(1, opts.concurrency ?? 4),
      });
    for (const target of query.repos) {
      if (state.stopped) break;
      await gatherRepo(gh, { repo: target.repo.trim(), branch: target.branch }, query, safeOpts, limiter, state);
    }
    return summarize(state, query, opts, gh.requests);
  } catch (err) {
    // Only a bug or malformed data can land here (GitHub errors are caught per request); never throw at the caller.
    const why = `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
    opts.log?.warn({ problem: why }, 'suspect search failed');
    return { suspects: [], note: `suspects unavailable: ${why}`, requests: gh.requests, danglingPresets: [] };
  } finally {
    gh.close();
  }
}

async function gatherRepo(
  gh: GithubRequester,
  target: { repo: string; branch?: string },
  query: SuspectQuery,
  opts: SuspectOptions,
  limiter: Bottleneck,
  state: Gathered,
): Promise<void> {
  const listOpts = { maxPages: opts.maxListPages ?? 30, now: (opts.now ?? Date.now)() };
  let pulls: PullSummary[];
  // A repository under test is often private or not installed: noted, and never asked again for this window.
  if (await knownNotFound(opts.cache, target, query)) {
    state.problems.push(`${target.repo}: ${NOT_FOUND_NOTE}`);
    return;
  }
  try {
    const listed = await gh.withinBudget(fetchMergedPulls(gh, opts.cache, target, query, listOpts));
    if (listed.truncated) state.problems.push(`${target.repo}: listing stopped after ${listOpts.maxPages} pages`);
    pulls = listed.pulls;
  } catch (err) {
    if ((err as { status?: unknown } | null)?.status === 404)
      await rememberNotFound(opts.cache, target, query, listOpts.now);
    fail(gh, state, opts, `${target.repo}: ${describeGithubError(err, gh)}`, err);
    return;
  }
  state.listedRepos += 1;
  state.merged += pulls.length;
  const { failed, firstError } = await gatherFiles(gh, target.repo, pulls, opts, limiter, state);
  if (failed > 0) {
    const why = `${target.repo}: files of ${failed} of ${pulls.length} PRs unreadable (${describeGithubError(firstError, gh)})`;
    fail(gh, state, opts, why, firstError);
  }
}

async function gatherFiles(
  gh: GithubRequester,
  repo: string,
  pulls: PullSummary[],
  opts: SuspectOptions,
  limiter: Bottleneck,
  state: Gathered,
): Promise<{ failed: number; firstError: unknown }> {
  let failed = 0;
  let firstError: unknown = null;
  let repoStopped = false;
  const fetchOne = (p: PullSummary) => {
    // Once a permanent error (e.g. 403) shows up, the remaining PRs would fail the same way.
    if (state.stopped || repoStopped) return Promise.reject(firstError ?? new Error('stopped'));
    return gh.withinBudget(fetchPrFiles(gh, opts.cache, repo, p.number, isMechanicalPull(p) ? 1 : undefined));
  };
  const settle = (p: PullSummary) =>
    limiter
      .schedule(() => fetchOne(p))
      .then(
        (files) => void state.pulls.push({ ...p, repo, files }),
        (err: unknown) => {
          failed += 1;
          firstError ??= err;
          // A 404 concerns that PR alone; 401/403/429 or the budget concern every PR of the repository.
          if (isPermanent(err) && (err as { status?: number }).status !== 404) repoStopped = true;
          if (stopsEverything(err, gh)) state.stopped = true;
        },
      );
  await Promise.all(pulls.map(settle));
  return { failed, firstError };
}

function fail(gh: GithubRequester, state: Gathered, opts: SuspectOptions, why: string, err: unknown): void {
  state.problems.push(why);
  opts.log?.warn({ problem: why, requests: gh.requests }, 'suspect search degraded');
  if (stopsEverything(err, gh)) state.stopped = true;
}

function summarize(state: Gathered, query: SuspectQuery, opts: SuspectOptions, requests: number): SuspectResult {
  const terms = normalizeTerms(query.terms);
  const analyses = state.pulls.map(analyzePull);
  const suspects = rankAnalyses(analyses, terms, query).slice(0, Math.max(0, opts.top ?? 5));
  const danglingPresets = findDanglingPresets(analyses, terms);
  return { suspects, note: noteFor(state, query, suspects.length), requests, danglingPresets };
}

function noteFor(state: Gathered, query: SuspectQuery, found: number): string | null {
  if (state.problems.length > 0) {
    const prefix = state.listedRepos === 0 ? 'suspects unavailable' : 'suspects incomplete';
    return `${prefix}: ${state.problems.join('; ')}`;
  }
  if (found > 0) return null;
  const repos = query.repos.map((r) => r.repo).join(', ');
  if (state.merged === 0)
    return `no suspects: no PR was merged into ${repos} between ${query.since} and ${query.until}`;
  return `no suspects: none of the ${state.merged} PRs merged into ${repos} touches the job's config, presets, env vars, images or version variables, or makes a change the job's definition shows`;
}
