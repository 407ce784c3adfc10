import { Octokit } from 'octokit';
import { createRepoConfigCache } from '../../src/config/index.ts';
import type { AppServices } from '../../src/github-app/index.ts';
import { quietLogger } from '../../src/logger.ts';

/** The App's job services as tests use them: a real Octokit (retries and throttling off) for nock, the rest given. */
export function testAppServices(
  p: Pick<AppServices, 'store' | 'triageFor'> & { rulesDir: string } & Partial<AppServices>,
): AppServices {
  const { rulesDir, ...over } = p;
  return {
    github: async () => new Octokit({ auth: 't', retry: { enabled: false }, throttle: { enabled: false } }),
    repoConfig: createRepoConfigCache({ ttlMs: 60_000 }),
    settings: {
      prowUrls: ['https://prow.k8s.io'],
      webUrl: 'https://github.com',
      maxAttempts: 3,
      dryRun: false,
      rulesDir,
    },
    clock: () => new Date(),
    wake() {},
    log: quietLogger,
    ...over,
  };
}
