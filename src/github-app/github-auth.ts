// The App's one authenticated GitHub entry for the engine and lookups (probot authenticates the
// webhooks and the comment writes): installation clients by id, and the installation of a repository,
// cached for the process so Slack requests and the watcher do not look it up each time.
import { App, Octokit } from 'octokit';
import type { GitHubClient } from '../deliver/github/index.ts';
import { githubMetricsPlugin } from './github-metrics.ts';

export interface GitHubAuth {
  /** The installation's client, with its token (Actions logs of private repos, suspect PR lookups). */
  octokitFor(installationId: number): Promise<Octokit>;
  /** The installation on `owner/name`; a failed lookup is not cached. */
  installationFor(repo: string): Promise<number>;
  /** The installation client for a repository (digest issue, PR lookups from Slack). */
  clientForRepo(repo: string): Promise<GitHubClient>;
  /**
   * The installation whose token triages watched runs: the App's on `repo` (the first CI-config repo,
   * where suspect PRs are looked up), else its first installation anywhere (periodic runs are public).
   */
  watchScope(repo: string): Promise<{ installationId: number; repo: string }>;
}

export interface GitHubAuthOptions {
  appId: number;
  privateKey: string;
  apiUrl: string;
  /** Tests pass an Octokit with retry and throttling tuned. */
  Octokit?: typeof Octokit;
}

export function createGitHubAuth(o: GitHubAuthOptions): GitHubAuth {
  const app = new App({
    appId: o.appId,
    privateKey: o.privateKey,
    Octokit: (o.Octokit ?? Octokit).plugin(githubMetricsPlugin).defaults({ baseUrl: o.apiUrl, userAgent: 'ci-triage' }),
  });
  const installations = new Map<string, Promise<number>>();
  const installationFor = (repo: string): Promise<number> => {
    const key = repo.toLowerCase();
    const known = installations.get(key);
    if (known) return known;
    const [owner = '', name = ''] = repo.split('/');
    const id = app.octokit
      .request('GET /repos/{owner}/{repo}/installation', { owner, repo: name })
      .then((r) => r.data.id);
    id.catch(() => installations.delete(key));
    installations.set(key, id);
    return id;
  };
  const octokitFor = async (installationId: number) =>
    (await app.getInstallationOctokit(installationId)) as unknown as Octokit;
  const watchScope = async (repo: string) => {
    try {
      return { installationId: await installationFor(repo), repo };
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    const { data } = await app.octokit.request('GET /app/installations', { per_page: 1 });
    const first = data[0];
    if (!first)
      throw new Error(
        `the GitHub App has no installation: install it (e.g. on ${repo}) so that watched periodic jobs can be triaged`,
      );
    return { installationId: first.id, repo };
  };
  return {
    octokitFor,
    installationFor,
    watchScope,
    clientForRepo: async (repo) => (await octokitFor(await installationFor(repo))) as unknown as GitHubClient,
  };
}
