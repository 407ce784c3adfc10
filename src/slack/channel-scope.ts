import type { DigestLength, DigestTarget } from '../digest/index.ts';
import { channelRoutes, digestChannels, routeMatches } from './routes.ts';
import type { SlackRoute } from './routes.ts';

// A channel's digest scope is what its routing rules send it; a channel without rules (someone ran
// `/triage digest` there) sees every job.

export function channelDigestTarget(
  channel: string,
  routes: readonly SlackRoute[],
  length: DigestLength,
): DigestTarget {
  const rules = channelRoutes(routes, channel);
  return {
    channel,
    scope: { key: `channel:${channel}|${length}`, label: rules.length === 0 ? 'all jobs' : describeRules(rules) },
    includes: (job, repo) => rules.length === 0 || rules.some((r) => routeMatches(r, { job, repo })),
    postEmpty: rules.some((r) => r.digest && r.digestWhenEmpty),
  };
}

/** The scheduled digests: one per channel that has a rule with `digest: true`. */
export function scheduledDigestTargets(routes: readonly SlackRoute[], length: DigestLength): DigestTarget[] {
  return digestChannels(routes).map((channel) => channelDigestTarget(channel, routes, length));
}

function describeRules(rules: readonly SlackRoute[]): string {
  const parts = rules.map((r) => {
    const what = [...r.jobs, ...(r.jobPattern ? [`/${r.jobPattern.source}/`] : [])];
    const jobs = what.length > 0 ? `jobs ${what.join(', ')}` : 'all jobs';
    return r.repos.length > 0 ? `${jobs} in ${r.repos.join(', ')}` : jobs;
  });
  const text = parts.join('; ');
  return text.length > 120 ? `${text.slice(0, 119)}\u2026` : text;
}
