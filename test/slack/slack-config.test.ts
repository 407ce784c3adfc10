import { ConfigError } from '../../src/config/index.ts';
import { alertChannels, loadSlackConfig, parseSlackRoutes, scheduledDigestTargets } from '../../src/slack/index.ts';

const BASE = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'secret' };

function issues(env: Record<string, string>, readFile?: (p: string) => string): string[] {
  try {
    loadSlackConfig(env, { readFile });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => i.message);
    throw err;
  }
  return [];
}

describe('loadSlackConfig', () => {
  it('is off when neither the token nor the secret is set', () => {
    expect(loadSlackConfig({ PORT: '3000' })).toBeNull();
  });

  it('defaults to a daily 09:00 UTC digest over 24h on /slack/events', () => {
    expect(loadSlackConfig(BASE)).toEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: 'secret',
      eventsPath: '/slack/events',
      command: '/triage',
      botId: null,
      botUserId: null,
      routes: [],
      access: null,
      digest: { enabled: true, cron: '0 9 * * *', timezone: 'UTC', length: '24h', issueRepo: null },
      apiUrl: null,
    });
  });

  it('points the Web API elsewhere with SLACK_API_URL (a proxy or a test server)', () => {
    expect(loadSlackConfig({ ...BASE, SLACK_API_URL: 'http://127.0.0.1:9999/api' })?.apiUrl).toBe(
      'http://127.0.0.1:9999/api/',
    );
    expect(issues({ ...BASE, SLACK_API_URL: 'slack.internal' })).toEqual([
      'SLACK_API_URL must be an http(s) URL such as https://slack.com/api/',
    ]);
  });

  it('reads routes from a file', () => {
    const config = loadSlackConfig(
      { ...BASE, SLACK_ROUTES_FILE: '/etc/routes.yml' },
      { readFile: () => '- channel: C0CAPI001\n  repos: [kubernetes-sigs/cluster-api]\n' },
    );

    expect(config?.routes.map((r) => [r.channel, r.repos])).toEqual([['C0CAPI001', ['kubernetes-sigs/cluster-api']]]);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET is missing'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN is missing'],
    [{ ...BASE, SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN must be the bot token (xoxb-...)'],
    [{ ...BASE, SLACK_DIGEST_CRON: 'every morning' }, 'SLACK_DIGEST_CRON must be a cron expression'],
    [{ ...BASE, SLACK_DIGEST_TIMEZONE: 'Mars/Olympus' }, 'SLACK_DIGEST_TIMEZONE must be an IANA time zone'],
    [{ ...BASE, SLACK_DIGEST_PERIOD: '30d' }, 'SLACK_DIGEST_PERIOD must be 24h or 7d'],
    [{ ...BASE, SLACK_EVENTS_PATH: 'slack' }, 'SLACK_EVENTS_PATH must be a path'],
    [{ ...BASE, SLACK_ROUTES: '- channel: "#ci"\n  jobs: ["*"]' }, 'channel must be a Slack channel ID'],
    [{ ...BASE, SLACK_ROUTES: '- channel: C0CAPI001' }, 'a route needs at least one of jobs, job_pattern or repos'],
    [{ ...BASE, SLACK_ROUTES: '- channel: C0CAPI001\n  job_pattern: "^(a+)+$"' }, 'may backtrack catastrophically'],
    [{ ...BASE, SLACK_ROUTES: '- channel: C0CAPI001\n  job_pattern: "("' }, 'does not compile'],
    [{ ...BASE, SLACK_ROUTES: '- channel: C0CAPI001\n  jobz: ["*"]' }, 'Unrecognized key'],
    [{ ...BASE, SLACK_ROUTES: '[', SLACK_ROUTES_FILE: 'x' }, 'not both'],
  ])('explains a bad setting: %j', (env, message) => {
    expect(issues(env).join('\n')).toContain(message);
  });

  it('says which routes file cannot be read', () => {
    const enoent = Object.assign(new Error('no such file'), { code: 'ENOENT' });

    expect(
      issues({ ...BASE, SLACK_ROUTES_FILE: '/nope.yml' }, () => {
        throw enoent;
      }),
    ).toEqual(['SLACK_ROUTES_FILE cannot be read (ENOENT): /nope.yml']);
  });
});

describe('routes', () => {
  const routes = parseSlackRoutes(`
routes:
  - channel: C0CIWIN01
    jobs: ["pull-kubernetes-csi-*"]
    repos: [kubernetes-csi/csi-proxy]
  - channel: C0KUBE001
    job_pattern: "^(periodic|ci)-"
    digest: false
  - channel: C0KUBE001
    jobs: ["pull-kubernetes-e2e-?ind"]
`);

  it('needs every selector of a rule to match, and matches repos case-insensitively', () => {
    expect(
      alertChannels(routes, { job: 'pull-kubernetes-csi-csi-proxy-integration', repo: 'Kubernetes-CSI/csi-proxy' }),
    ).toEqual(['C0CIWIN01']);
    expect(
      alertChannels(routes, { job: 'pull-kubernetes-csi-csi-proxy-integration', repo: 'kubernetes/kubernetes' }),
    ).toEqual([]);
    expect(alertChannels(routes, { job: 'pull-kubernetes-csi-csi-proxy-integration', repo: null })).toEqual([]);
    expect(alertChannels(routes, { job: 'ci-kubernetes-unit', repo: null })).toEqual(['C0KUBE001']);
    expect(alertChannels(routes, { job: 'pull-kubernetes-e2e-kind', repo: null })).toEqual(['C0KUBE001']);
  });

  it('gives each channel with a digest rule one digest, scoped to all its rules', () => {
    const targets = scheduledDigestTargets(routes, '7d');

    expect(targets.map((t) => [t.channel, t.scope.key])).toEqual([
      ['C0CIWIN01', 'channel:C0CIWIN01|7d'],
      ['C0KUBE001', 'channel:C0KUBE001|7d'],
    ]);
    expect(targets[1]?.scope.label).toBe('jobs /^(periodic|ci)-/; jobs pull-kubernetes-e2e-?ind');
    expect(targets[1]?.includes('periodic-cluster-api-e2e-latestk8s-main', null)).toBe(true);
    expect(targets[1]?.includes('pull-kubernetes-csi-csi-proxy-integration', 'kubernetes-csi/csi-proxy')).toBe(false);
  });

  it('accepts an empty document', () => {
    expect(parseSlackRoutes('')).toEqual([]);
  });
});
