import type { GitHubClient } from './github-client.ts';
import { splitRepo } from './github-client.ts';
import type { UpsertDigestIssue } from '../../digest/index.ts';

// SLACK_DIGEST_ISSUE_REPO: one issue per digest scope, carrying the latest digest. Found again by the
// marker in its body among the issues with our label (so a restart or another instance updates the same
// issue). Adapter glue for the composition root, which hands in the repository's installation client.

export const DIGEST_LABEL = 'ci-triage-digest';
const MAX_PAGES = 10;

export function createDigestIssueUpserter(client: () => Promise<GitHubClient>, repoName: string): UpsertDigestIssue {
  const { owner, repo } = splitRepo(repoName);
  return async ({ title, marker, body }) => {
    const gh = await client();
    const existing = await findIssue(gh, owner, repo, marker);
    if (existing === null) {
      await gh.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title, body, labels: [DIGEST_LABEL] });
      return;
    }
    await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: existing,
      title,
      body,
      state: 'open',
    });
  };
}

async function findIssue(gh: GitHubClient, owner: string, repo: string, marker: string): Promise<number | null> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await gh.request('GET /repos/{owner}/{repo}/issues', {
      owner,
      repo,
      labels: DIGEST_LABEL,
      state: 'all',
      per_page: 100,
      page,
    });
    const issues = r.data as { number: number; body?: string | null; pull_request?: unknown }[];
    const hit = issues.find((i) => !i.pull_request && (i.body ?? '').includes(marker));
    if (hit) return hit.number;
    if (issues.length < 100) return null;
  }
  return null;
}
