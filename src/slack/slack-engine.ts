// The engine and GitHub lookups as Slack needs them. Slack requests carry no GitHub installation, so
// one is picked by repository: the Actions run's repository, else the first config repo (where the
// App must be installed for suspect lookups anyway).
import { getPullHead, listFailedChecks, parseRunUrl } from '../github-app/index.ts';
import type { GitHubAuth, RunUrlSettings, TriageProvider } from '../github-app/index.ts';
import type { Store } from '../store/index.ts';
import type { TriageFn } from '../types.ts';
import { storeLatestRedRun } from './store-latest-red-run.ts';
import type { LatestRedRun, PrFailures } from './types.ts';

export interface SlackEngine {
  triage: TriageFn;
  prFailures: PrFailures;
  latestRedRun: LatestRedRun;
}

export interface SlackEngineParts {
  triageFor: TriageProvider;
  auth: GitHubAuth;
  store: Store;
  runUrls: RunUrlSettings;
  /** The repository whose installation triages runs that name none (the first config repo). */
  defaultRepo: string;
}

export function createSlackEngine(p: SlackEngineParts): SlackEngine {
  return {
    async triage(req) {
      const link = parseRunUrl(req.source, p.runUrls);
      const repo = link?.kind === 'actions' ? link.repo : p.defaultRepo;
      const triage = await p.triageFor({ installationId: await p.auth.installationFor(repo), repo });
      return triage(req);
    },
    async prFailures(repo, pr) {
      const client = await p.auth.clientForRepo(repo);
      const head = await getPullHead(client, repo, pr);
      return (await listFailedChecks(client, repo, head.sha)).map((c) => ({ job: c.job, url: c.url }));
    },
    latestRedRun: storeLatestRedRun(p.store),
  };
}
