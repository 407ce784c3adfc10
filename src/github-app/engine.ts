// The real engine for the App: per installation, the triage function with that installation's client
// (Actions logs of private repos, suspect PR lookups), the catalog loaded once at start, and the
// store-backed PR cache. Built once by the composition root and shared by GitHub, Slack and the watcher.
import type { RuleCatalog } from '../analyze/index.ts';
import { loadRuleCatalog } from '../analyze/index.ts';
import type { AppConfig } from '../config/index.ts';
import type { Logger } from '../logger.ts';
import type { PrCache } from '../suspects/index.ts';
import { triage } from '../triage.ts';
import type { TriageDeps } from '../triage.ts';
import type { TriageFn } from '../types.ts';
import type { GitHubAuth } from './github-auth.ts';
import type { TriageScope } from './processor/index.ts';

/** The engine as the App's jobs see it: a triage function per installation. */
export type TriageProvider = (scope: TriageScope) => Promise<TriageFn>;

export interface EngineParts {
  config: AppConfig;
  catalog: RuleCatalog;
  auth: GitHubAuth;
  cache: PrCache;
  log: Logger;
}

export function createEngineTriageProvider(p: EngineParts): TriageProvider {
  return async ({ installationId }) => {
    const octokit = await p.auth.octokitFor(installationId);
    const deps: TriageDeps = {
      sources: {
        gcsUrl: p.config.triage.gcsUrl,
        prowUrl: p.config.triage.prowUrls,
        githubWebUrl: p.config.triage.webUrl,
        octokit,
        logger: p.log,
      },
      catalog: p.catalog,
      loadCatalog: (extra: string[]) => loadRuleCatalog(extra),
      suspects: { octokit, cache: p.cache, configRepos: p.config.triage.configRepos },
      log: p.log,
    };
    return (req) => triage(req, deps);
  };
}
