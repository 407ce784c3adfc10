import { Octokit } from 'octokit';
import { loadRuleCatalog } from '../analyze/index.ts';
import { MemoryPrCache } from '../suspects/index.ts';
import type { PrCache } from '../suspects/index.ts';
import type { TriageDeps } from '../triage.ts';
import { webUrlFor } from './env.schema.ts';
import type { CliEnv } from './env.schema.ts';

// Wiring for the CLI: one Octokit (retry + throttling come with the `octokit` package), the sources,
// the rule catalog and the PR cache.

export function makeOctokit(env: CliEnv): Octokit {
  return new Octokit({
    auth: env.GITHUB_TOKEN,
    baseUrl: env.GITHUB_API_URL.replace(/\/+$/, ''),
    userAgent: 'ci-triage',
    throttle: {
      // Wait out primary limits once; give up on secondary limits (the caller reports "suspects unavailable").
      onRateLimit: (_after: number, _opts: object, _o: Octokit, retryCount: number) => retryCount < 1,
      onSecondaryRateLimit: () => false,
    },
  });
}

export interface CliDepsInput {
  env: CliEnv;
  rulesFiles: string[];
  suspects: 'auto' | 'on' | 'off';
  cache?: PrCache;
  stdin?: AsyncIterable<Uint8Array | string>;
}

export async function makeTriageDeps(input: CliDepsInput): Promise<TriageDeps> {
  const { env } = input;
  const octokit = makeOctokit(env);
  const catalog = await loadRuleCatalog(input.rulesFiles);
  const wantSuspects = input.suspects === 'on' || (input.suspects === 'auto' && Boolean(env.GITHUB_TOKEN));
  return {
    sources: {
      gcsUrl: env.CI_TRIAGE_GCS_URL,
      prowUrl: env.CI_TRIAGE_PROW_URL,
      githubWebUrl: webUrlFor(env.GITHUB_API_URL, env.GITHUB_SERVER_URL),
      octokit,
      ...(input.stdin ? { stdin: input.stdin } : {}),
    },
    catalog,
    loadCatalog: (extra) => loadRuleCatalog([...input.rulesFiles, ...extra]),
    suspects: wantSuspects
      ? { octokit, cache: input.cache ?? new MemoryPrCache(), configRepos: env.CI_TRIAGE_CONFIG_REPOS }
      : null,
  };
}
