import { deliverChannelAlert } from '../../../src/slack/alerts/index.ts';
import type { AlertDeps, AlertOutcome, Incident } from '../../../src/slack/alerts/index.ts';
import { slackAlertJobs } from '../../../src/slack/jobs/index.ts';
import type { SlackAlertJob } from '../../../src/slack/jobs/index.ts';
import type { SlackReporter } from '../../../src/deliver/slack/index.ts';
import type { SlackMessage } from '../../../src/render/index.ts';
import { parseSlackRoutes } from '../../../src/slack/index.ts';
import type { SlackRoute } from '../../../src/slack/index.ts';
import type { Report } from '../../../src/types.ts';
import { openSlackTestStore } from '../../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../../fixtures/slack/slack-store.ts';
import { capiDriftReport, quotaReport, windowsEmptyEnvReport } from '../../render/sample-reports.ts';
import { quietLogger } from '../../../src/logger.ts';

const ROUTES = parseSlackRoutes(`
- channel: C0CAPI001
  repos: [kubernetes-sigs/cluster-api]
- channel: C0KUBE001
  job_pattern: "^periodic-"
- channel: C0CIWIN01
  jobs: ["pull-kubernetes-csi-*"]
- channel: C0QUIET01
  jobs: ["*"]
  alerts: false
`);

interface Post {
  channel: string;
  message: SlackMessage;
  threadTs: string | null;
}

function fakeReporter(fail: (channel: string) => boolean = () => false): SlackReporter & { posts: Post[] } {
  const posts: Post[] = [];
  return {
    posts,
    async post(channel, message, threadTs = null) {
      if (fail(channel))
        throw Object.assign(new Error('Slack chat.postMessage failed: ratelimited'), { permanent: false });
      posts.push({ channel, message, threadTs });
      return `17393500${String(posts.length).padStart(2, '0')}.000100`;
    },
    async postWithFile() {
      throw new Error('not used');
    },
  };
}

function capiRunAt(buildId: string): Report {
  const r = capiDriftReport();
  return { ...r, run: { ...r.run, buildId } };
}

const quiet = quietLogger;

/**
 * What the queue does with one incident: a slack-alert job per routed channel (none for a green run),
 * each run on its own; the first failure is thrown after the others ran.
 */
async function deliverIncidentAlert(
  deps: AlertDeps & { routes: readonly SlackRoute[] },
  incident: Incident,
): Promise<AlertOutcome[]> {
  const channels = slackAlertJobs(incident, deps.routes, 1).map((j) => (j.payload as SlackAlertJob).channel);
  const outcomes: AlertOutcome[] = [];
  let firstError: unknown = null;
  for (const channel of channels) {
    try {
      outcomes.push(await deliverChannelAlert(deps, incident, channel));
    } catch (err) {
      firstError ??= err;
    }
  }
  if (firstError !== null) throw firstError;
  return outcomes;
}

describe('slack alerts by channel', () => {
  let store: SlackTestStore;

  beforeEach(() => {
    store = openSlackTestStore();
  });

  afterEach(async () => {
    await store.close();
  });

  type RoutedDeps = AlertDeps & { routes: SlackRoute[] };
  const deps = (reporter: SlackReporter, over: Partial<RoutedDeps> = {}): RoutedDeps => ({
    store,
    reporter,
    routes: ROUTES,
    owner: 'test',
    log: quiet,
    ...over,
  });

  it('posts to every channel whose rule matches (by repo, regex, glob), once per channel', async () => {
    const reporter = fakeReporter();

    const capi = await deliverIncidentAlert(deps(reporter), {
      report: capiDriftReport(),
      repo: 'kubernetes-sigs/cluster-api',
      triageId: 7,
    });
    const win = await deliverIncidentAlert(deps(reporter), {
      report: windowsEmptyEnvReport(),
      repo: 'kubernetes-csi/csi-proxy',
      triageId: 8,
    });

    expect(capi.map((o) => [o.channel, o.kind])).toEqual([
      ['C0CAPI001', 'posted'],
      ['C0KUBE001', 'posted'],
    ]);
    expect(win.map((o) => [o.channel, o.kind])).toEqual([['C0CIWIN01', 'posted']]);
    // Each alert is followed by its details, once, in its own thread.
    expect(reporter.posts.map((p) => [p.channel, p.threadTs])).toEqual([
      ['C0CAPI001', null],
      ['C0CAPI001', '1739350001.000100'],
      ['C0KUBE001', null],
      ['C0KUBE001', '1739350003.000100'],
      ['C0CIWIN01', null],
      ['C0CIWIN01', '1739350005.000100'],
    ]);
    expect(reporter.posts[0]?.message.text).toBe(
      'periodic-cluster-api-e2e-latestk8s-main #1889575453191049217 flaky: image kindest/node:v1.33.0-alpha.1.199_25278540780516 not found (the job built v1.33.0-alpha.1.122+c81431de59a3bf); likely culprit example-org/widget#502',
    );
    expect(JSON.stringify(reporter.posts[0]?.message.blocks)).toContain('\\"t\\":\\"7\\"');
    expect(JSON.stringify(reporter.posts[1]?.message.blocks)).toContain('*Evidence:*');
    expect(JSON.stringify(reporter.posts[0]?.message.blocks)).not.toContain('*Evidence:*');
  });

  it('threads a later run with the same cause under the first message, and skips a run seen before', async () => {
    const reporter = fakeReporter();
    const routes = ROUTES.filter((r) => r.channel === 'C0CAPI001');

    await deliverIncidentAlert(deps(reporter, { routes }), {
      report: capiRunAt('1'),
      repo: 'kubernetes-sigs/cluster-api',
      triageId: 1,
    });
    const again = await deliverIncidentAlert(deps(reporter, { routes }), {
      report: capiRunAt('2'),
      repo: 'kubernetes-sigs/cluster-api',
      triageId: 2,
    });
    const repeat = await deliverIncidentAlert(deps(reporter, { routes }), {
      report: capiRunAt('2'),
      repo: 'kubernetes-sigs/cluster-api',
      triageId: 3,
    });

    expect(again).toEqual([{ channel: 'C0CAPI001', kind: 'threaded', ts: '1739350003.000100' }]);
    expect(repeat).toEqual([{ channel: 'C0CAPI001', kind: 'duplicate', ts: null }]);
    // Alert, its details (once), then one line for the later run: all in the alert's thread.
    expect(reporter.posts.map((p) => p.threadTs)).toEqual([null, '1739350001.000100', '1739350001.000100']);
    expect(reporter.posts[2]?.message.blocks).toHaveLength(1);
    expect(reporter.posts[2]?.message.text).toMatch(/^↻ again in <https:\/\/prow\.k8s\.io\/[^|]+\|#2>, same cause$/);
  });

  it('starts a new thread for a different cause on the same job', async () => {
    const reporter = fakeReporter();
    const other = { ...quotaReport(), run: { ...capiRunAt('3').run } };

    await deliverIncidentAlert(deps(reporter), { report: capiRunAt('1'), repo: null, triageId: null });
    const outcome = await deliverIncidentAlert(deps(reporter), { report: other, repo: null, triageId: null });

    expect(outcome).toEqual([{ channel: 'C0KUBE001', kind: 'posted', ts: '1739350003.000100' }]);
  });

  it('alerts nothing for a green run or a job no rule routes', async () => {
    const reporter = fakeReporter();
    const green = capiDriftReport();
    green.run.result = 'SUCCESS';
    const unrouted = { ...capiDriftReport(), run: { ...capiDriftReport().run, job: 'ci-unrouted' } };

    expect(
      await deliverIncidentAlert(deps(reporter), { report: green, repo: 'kubernetes-sigs/cluster-api', triageId: 1 }),
    ).toEqual([]);
    expect(await deliverIncidentAlert(deps(reporter), { report: unrouted, repo: null, triageId: 1 })).toEqual([]);
    expect(reporter.posts).toEqual([]);
  });

  it('lets the other channels through when one fails, throws, and posts the failed one on retry', async () => {
    let down = true;
    const reporter = fakeReporter((channel) => down && channel === 'C0CAPI001');
    const incident = { report: capiDriftReport(), repo: 'kubernetes-sigs/cluster-api', triageId: 1 };

    const first = await deliverIncidentAlert(deps(reporter), incident).catch((e: Error) => e);
    down = false;
    const retry = await deliverIncidentAlert(deps(reporter), incident);

    expect((first as Error).message).toContain('ratelimited');
    expect(reporter.posts.map((p) => [p.channel, p.threadTs === null ? 'alert' : 'details'])).toEqual([
      ['C0KUBE001', 'alert'],
      ['C0KUBE001', 'details'],
      ['C0CAPI001', 'alert'],
      ['C0CAPI001', 'details'],
    ]);
    expect(retry.map((o) => [o.channel, o.kind])).toEqual([
      ['C0CAPI001', 'posted'],
      ['C0KUBE001', 'duplicate'],
    ]);
  });

  it('keeps the alert when its details cannot be posted, and does not post it again', async () => {
    const reporter = fakeReporter();
    const post = reporter.post.bind(reporter);
    reporter.post = async (channel, message, threadTs = null) => {
      if (threadTs !== null)
        throw Object.assign(new Error('Slack chat.postMessage failed: ratelimited'), { permanent: false });
      return post(channel, message, threadTs);
    };
    const routes = ROUTES.filter((r) => r.channel === 'C0CAPI001');
    const incident = { report: capiRunAt('1'), repo: 'kubernetes-sigs/cluster-api', triageId: 1 };

    const first = await deliverIncidentAlert(deps(reporter, { routes }), incident);
    const again = await deliverIncidentAlert(deps(reporter, { routes }), incident);

    expect(first).toEqual([{ channel: 'C0CAPI001', kind: 'posted', ts: '1739350001.000100' }]);
    expect(again).toEqual([{ channel: 'C0CAPI001', kind: 'duplicate', ts: null }]);
    expect(reporter.posts).toHaveLength(1);
  });

  it('waits for another instance that is posting the parent, then threads under it', async () => {
    const reporter = fakeReporter();
    const routes = ROUTES.filter((r) => r.channel === 'C0CAPI001');
    const key = {
      channel: 'C0CAPI001',
      job: 'periodic-cluster-api-e2e-latestk8s-main',
      fingerprint: capiDriftReport().findings[0]?.fingerprint as string,
    };
    await store.claimAlert({ ...key, buildId: '1', owner: 'other', staleMs: 60_000 });
    let slept = 0;
    const sleep = async () => {
      slept += 1;
      if (slept === 2) await store.completeAlertParent(key, 'other', '1739340000.000900');
    };

    const outcome = await deliverIncidentAlert(deps(reporter, { routes, sleep }), {
      report: capiRunAt('2'),
      repo: 'kubernetes-sigs/cluster-api',
      triageId: 2,
    });

    expect(outcome).toEqual([{ channel: 'C0CAPI001', kind: 'threaded', ts: '1739350001.000100' }]);
    expect(reporter.posts[0]?.threadTs).toBe('1739340000.000900');
  });
});
