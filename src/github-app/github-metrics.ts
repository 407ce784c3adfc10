import type { Octokit } from 'octokit';
import { githubPurpose, metrics } from '../ops/index.ts';

// An Octokit plugin: counts the engine's GitHub requests (the suspect finder's apart) and keeps the
// rate-limit headroom GitHub reports on each answer, per rate-limit resource.

type Headers = Record<string, string | number | undefined>;

function observe(status: number, url: string, headers: Headers | undefined): void {
  metrics.githubRequests.inc({ purpose: githubPurpose(url), status: String(status) });
  const remaining = headers?.['x-ratelimit-remaining'];
  if (remaining !== undefined) {
    metrics.githubRateLimitRemaining.set(
      { resource: String(headers?.['x-ratelimit-resource'] ?? 'core') },
      Number(remaining),
    );
  }
}

export function githubMetricsPlugin(octokit: Pick<Octokit, 'hook'>): void {
  octokit.hook.after('request', (response, options) => {
    observe(response.status, String(options.url), response.headers as Headers);
  });
  octokit.hook.error('request', (error, options) => {
    const e = error as { status?: number; response?: { headers?: Headers } };
    observe(e.status ?? 0, String(options.url), e.response?.headers);
    throw error;
  });
}
