import { z } from 'zod';
import { githubWebUrl } from './github-web-url.ts';
import { list, optionalUrl, url } from './env-fields.ts';
import { REPO_FULL_NAME } from './repo-name.ts';

// Where runs and changes are read from: the one reader of these variables, shared by the CLI, the
// GitHub App and Slack, so a setting means the same thing on every surface.

export const sourceEnvShape = {
  GITHUB_API_URL: url(
    'GITHUB_API_URL',
    'https://api.github.com or https://ghes.example.com/api/v3',
    'https://api.github.com',
  ),
  GITHUB_SERVER_URL: optionalUrl('GITHUB_SERVER_URL', 'https://github.com or https://ghes.example.com'),
  CI_TRIAGE_PROW_URL: list(
    'CI_TRIAGE_PROW_URL',
    'https://prow.k8s.io',
    z.url({
      protocol: /^https?$/,
      error: 'CI_TRIAGE_PROW_URL must list http(s) Prow (Deck) URLs, comma-separated, e.g. https://prow.k8s.io',
    }),
  ),
  CI_TRIAGE_GCS_URL: url('CI_TRIAGE_GCS_URL', 'https://storage.googleapis.com', 'https://storage.googleapis.com'),
  CI_TRIAGE_CONFIG_REPOS: list(
    'CI_TRIAGE_CONFIG_REPOS',
    'kubernetes/test-infra',
    z.string().regex(REPO_FULL_NAME, 'CI_TRIAGE_CONFIG_REPOS must list owner/name repositories, comma-separated'),
  ),
};

const sourceEnvSchema = z.object(sourceEnvShape);
export type SourceEnv = z.infer<typeof sourceEnvSchema>;

export interface SourceSettings {
  /** GitHub REST API base, e.g. https://api.github.com or https://ghes.example.com/api/v3. */
  apiUrl: string;
  /** GitHub web host (GITHUB_SERVER_URL, else derived from the API URL). */
  webUrl: string;
  /** Prow decks whose run pages are accepted; the first one builds run links. */
  prowUrls: string[];
  gcsUrl: string;
  /** CI-config repositories searched for suspects. */
  configRepos: string[];
}

export function sourceSettingsOf(env: SourceEnv): SourceSettings {
  return {
    apiUrl: env.GITHUB_API_URL,
    webUrl: githubWebUrl(env.GITHUB_API_URL, env.GITHUB_SERVER_URL),
    prowUrls: env.CI_TRIAGE_PROW_URL.map((u) => u.replace(/\/+$/, '')),
    gcsUrl: env.CI_TRIAGE_GCS_URL,
    configRepos: env.CI_TRIAGE_CONFIG_REPOS,
  };
}
