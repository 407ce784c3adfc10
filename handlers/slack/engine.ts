import type { Logger } from 'pino';
import { App, Octokit } from 'octokit';
import { getPullHead, listFailedChecks } from '../../src/app/github-reads.ts';
import type { AppConfig } from '../../src/config/index.ts';
import type { GitHubClient } from '../../src/deliver/github/index.ts';
import { storeLatestRedRun } from '../../src/slack/index.ts';
import type { LatestRedRun, PrFailures } from '../../src/slack/index.ts';
import type { Store } from '../../src/store/index.ts';
import type { TriageFn } from '../../src/types.ts';
import type { TriageProvider } from '../github/app.ts';
import { createEngineTriageProvider } from '../github/triage-provider.ts';

// The real engine and GitHub lookups for Slack. Slack requests carry no GitHub installation, so one is
// picked by repository: the PR's or Actions run's repository, else the first config repo (where the app
// must be installed for suspect lookups anyway). Installation ids are cached for the process.

export interface SlackEngine {
  triage: TriageFn;
  prFailures: PrFailures;
  latestRedRun: LatestRedRun;
  /** An installation client for a repository (the digest issue). */
  clientFor(repo: string): Promise<GitHubClient>;
}

export interface SlackEngineDeps {
  store: Store;
  log: Logger;
  /** Tests pass a fake engine; the default is the App's. */
  createTriageProvider?: (config: AppConfig, deps: { store: Store; log: Logger }) => Promise<TriageProvider>;
  Octokit?: typeof Octokit;
}

const ACTIONS_REPO = /^https?:\/\/[^/]+\/([\w.-]+\/[\w.-]+)\/actions\/runs\//;

export async function createSlackEngine(config: AppConfig, deps: SlackEngineDeps): Promise<SlackEngine> {
  const triageFor = await (deps.createTriageProvider ?? createEngineTriageProvider)(config, { store: deps.store, log: deps.log });
  const app = new App({
    appId: config.github.appId,
    privateKey: config.github.privateKey,
    Octokit: (deps.Octokit ?? Octokit).defaults({ baseUrl: config.github.apiUrl, userAgent: 'ci-triage' }),
  });
  const installations = new Map<string, Promise<number>>();
  const installationFor = (repo: string): Promise<number> => {
    const key = repo.toLowerCase();
    let id = installations.get(key);
    if (!id) {
      const [owner, name] = repo.split('/');
      id = app.octokit.request('GET /repos/{owner}/{repo}/installation', { owner: owner ?? '', repo: name ?? '' }).then((r) => r.data.id);
      id.catch(() => installations.delete(key));
      installations.set(key, id);
    }
    return id;
  };
  const clientFor = async (repo: string) => (await app.getInstallationOctokit(await installationFor(repo))) as unknown as GitHubClient;
  const defaultRepo = config.triage.configRepos[0] ?? '';
  return {
    async triage(req) {
      const repo = ACTIONS_REPO.exec(req.source)?.[1] ?? defaultRepo;
      const triage = await triageFor({ installationId: await installationFor(repo), repo });
      return triage(req);
    },
    async prFailures(repo, pr) {
      const client = await clientFor(repo);
      const head = await getPullHead(client, repo, pr);
      return (await listFailedChecks(client, repo, head.sha)).map((c) => ({ job: c.job, url: c.url }));
    },
    latestRedRun: storeLatestRedRun(deps.store),
    clientFor,
  };
}
