import { Octokit } from 'octokit';
import { loadRuleCatalog } from '../analyze/index.ts';
import type { CliSettings } from '../config/index.ts';
import { MemoryPrCache } from '../suspects/index.ts';
import type { PrCache } from '../suspects/index.ts';
import type { TriageDeps } from '../triage.ts';
import type { CliProgress } from './progress.ts';

// Wiring for the CLI: one Octokit (retry + throttling come with the `octokit` package), the sources,
// the rule catalog, the PR cache and, on a terminal, progress.

export function makeOctokit(settings: CliSettings, progress: CliProgress | null): Octokit {
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
  cache?: PrCache;
  stdin?: AsyncIterable<Uint8Array | string>;
  progress: CliProgress | null;
}

export function wantsSuspects(mode: CliDepsInput['suspects'], settings: CliSettings): boolean {
  return mode === 'on' || (mode === 'auto' && Boolean(settings.githubToken));
}

export async function makeTriageDeps(input: CliDepsInput): Promise<TriageDeps> {
  const { settings, progress } = input;
  const octokit = makeOctokit(settings, progress);
  const catalog = await loadRuleCatalog(input.rulesFiles);
  return {
    sources: {
      gcsUrl: settings.sources.gcsUrl,
      prowUrl: settings.sources.prowUrls,
      githubWebUrl: settings.sources.webUrl,
      octokit,
      ...(progress ? { fetch: progress.wrapFetch(globalThis.fetch) } : {}),
      ...(input.stdin ? { stdin: input.stdin } : {}),
    },
    catalog,
    loadCatalog: (extra) => loadRuleCatalog([...input.rulesFiles, ...extra]),
    suspects: wantsSuspects(input.suspects, settings)
      ? { octokit, cache: input.cache ?? new MemoryPrCache(), configRepos: settings.sources.configRepos }
      : null,
    ...(progress ? { progress } : {}),
  };
}
