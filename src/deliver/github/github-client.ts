// The one octokit method the app and its reporters use. Probot's and octokit's clients both have it,
// so src/ stays free of probot while the composition root hands in an installation's client.

export interface GitHubResponse {
  status: number;
  data: unknown;
  headers?: Record<string, unknown>;
}

export interface GitHubClient {
  request(route: string, params?: Record<string, unknown>): Promise<GitHubResponse>;
}

export function splitRepo(repo: string): { owner: string; repo: string } {
  const [owner, name, ...rest] = repo.split('/');
  if (!owner || !name || rest.length > 0) throw new Error(`not an owner/name repository: ${JSON.stringify(repo)}`);
  return { owner, repo: name };
}

/** Octokit raises RequestError with `status`; anything else is not an HTTP answer. */
export function httpStatusOf(err: unknown): number | null {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}
