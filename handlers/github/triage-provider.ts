import type { Logger } from 'pino';
import { App, Octokit } from 'octokit';
import { webUrlFromApiUrl } from '../../src/app/index.ts';
import type { AppConfig } from '../../src/config/index.ts';
import { createStorePrCache } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import type { TriageProvider } from './app.ts';

/**
 * The real engine for the app: per installation, an `octokit` client with that installation's token
 * (Actions logs of private repos, suspect PR lookups), the shipped rule catalog, and the store-backed PR
 * cache. The engine modules are imported lazily so that the app's tests, which inject fakes, do not
 * load them.
 */
export async function createEngineTriageProvider(config: AppConfig, deps: { store: Store; log: Logger }): Promise<TriageProvider> {
  const [{ triage }, { loadRuleCatalog }] = await Promise.all([import('../../src/triage.ts'), import('../../src/analyze/index.ts')]);
  const catalog = await loadRuleCatalog([]);
  const app = new App({
    appId: config.github.appId,
    privateKey: config.github.privateKey,
    Octokit: Octokit.defaults({ baseUrl: config.github.apiUrl, userAgent: 'ci-triage' }),
  });
  const cache = createStorePrCache(deps.store);
  const log = deps.log.child({ name: 'triage' });
  return async ({ installationId }) => {
    const octokit = (await app.getInstallationOctokit(installationId)) as unknown as Octokit;
    const triageDeps = {
      sources: {
        gcsUrl: config.triage.gcsUrl,
        prowUrl: config.triage.prowUrls[0],
        githubWebUrl: webUrlFromApiUrl(config.github.apiUrl),
        octokit,
        logger: log,
      },
      catalog,
      loadCatalog: (extra: string[]) => loadRuleCatalog(extra),
      suspects: { octokit, cache, configRepos: config.triage.configRepos },
      log,
    };
    return (req) => triage(req, triageDeps);
  };
}
