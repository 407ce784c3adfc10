import type { Octokit } from 'octokit';
import { loadRuleCatalog } from '../analyze/index.ts';
import type { CliSettings } from '../config/index.ts';
import type { PrCache } from '../suspects/index.ts';
import type { TriageDeps } from '../triage.ts';
import type { CliProgress } from './progress.ts';

// Wiring for the CLI: one Octokit (retry + throttling come with the `octokit` package), the sources,
// the rule catalog, the PR cache and, on a terminal, progress. Octokit and the suspects' modules are
// imported only when the triage can use them: a local log with --no-suspects loads neither.

export async function makeOctokit(settings: CliSettings, progress: CliProgress | null): Promise<Octokit> {
  const { Octokit } = await import('octokit');
  return new Octokit({
    auth: settings.githubToken,
    baseUrl: settings.sources.apiUrl,
    userAgent: 'ci-triage',
    ...(progress ? { request: { fetch: progress.wrapFetch(globalThis.fetch) } } : {}),
    throttle: {
      // Wait out primary limits once; give up on secondary limits (the caller reports "suspects unavailable").
      onRateLimit: (_after: number, _opts: object, _o: Octokit, retryCount: number) => retryCount < 1,
      onSecondaryRateLimit: () => false,
    },
  });
}

export interface CliDepsInput {
  settings: CliSettings;
  rulesFiles: string[];
  suspects: 'auto' | 'on' | 'off';
  /** The refs the triage reads (the source, and --baseline when given): GitHub is read only for URLs. */
  refs: readonly string[];
  cache?: PrCache;
  stdin?: AsyncIterable<Uint8Array | string>;
  progress: CliProgress | null;
}

export function wantsSuspects(mode: CliDepsInput['suspects'], settings: CliSettings): boolean {
  return mode === 'on' || (mode === 'auto' && Boolean(settings.githubToken));
}

/**
 * Whether a ref may need GitHub (an Actions run or job URL): any `scheme://` ref. Local files, run
 * folders and `-` never do; a `gs://` ref or Prow URL is counted too, which only costs loading Octokit.
 */
export function refNeedsGithub(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref.trim());
}

export async function makeTriageDeps(input: CliDepsInput): Promise<TriageDeps> {
  const { settings, progress } = input;
  const suspects = wantsSuspects(input.suspects, settings);
  const octokit = suspects || input.refs.some(refNeedsGithub) ? await makeOctokit(settings, progress) : undefined;
  const catalog = await loadRuleCatalog(input.rulesFiles);
  return {
    sources: {
      gcsUrl: settings.sources.gcsUrl,
      prowUrl: settings.sources.prowUrls,
      githubWebUrl: settings.sources.webUrl,
      ...(octokit ? { octokit } : {}),
      ...(progress ? { fetch: progress.wrapFetch(globalThis.fetch) } : {}),
      ...(input.stdin ? { stdin: input.stdin } : {}),
    },
    catalog,
    loadCatalog: (extra) => loadRuleCatalog([...input.rulesFiles, ...extra]),
    suspects:
      suspects && octokit
        ? {
            octokit,
            cache: input.cache ?? new (await import('../suspects/index.ts')).MemoryPrCache(),
            configRepos: settings.sources.configRepos,
          }
        : null,
    ...(progress ? { progress } : {}),
  };
}
