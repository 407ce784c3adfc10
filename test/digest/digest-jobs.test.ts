import nock from 'nock';
import { parseSlackRoutes } from '../../src/slack/index.ts';
import type { Store } from '../../src/store/index.ts';
import { BACKENDS } from '../store/backends.ts';
import { slackConfig, startSlackHarness } from '../fixtures/slack/slack-harness.ts';
import type { Harness } from '../fixtures/slack/slack-harness.ts';
import { capiDriftReport } from '../render/sample-reports.ts';

// digest-post and digest-issue jobs on a real store (SQLite; PostgreSQL when a server answers), Slack's
// upload flow answered by nock: one post per scope and period across instances, retries by code.

const TICK = new Date('2025-02-12T09:00:00.250Z');
const CAPI_ONLY = parseSlackRoutes('- channel: C0CAPI001\n  repos: [kubernetes-sigs/cluster-api]\n');

/** Slack's three-step upload, `times` times; completeUploadExternal answers `complete` in turn. */
function uploads(times: number, complete: [number, object][] = []): string[] {
  const channels: string[] = [];
  const answers = [...complete];
  nock('https://slack.com')
    .post('/api/files.getUploadURLExternal')
    .times(times)
    .reply(200, () => ({ ok: true, upload_url: 'https://files.slack.com/upload/v1/U1', file_id: 'F0CHART01' }))
    .post('/api/files.completeUploadExternal', (b: Record<string, string>) =>
      Boolean(channels.push(b.channel_id ?? '')),
    )
    .times(times)
    .reply(() => answers.shift() ?? [200, { ok: true, files: [{ id: 'F0CHART01' }] }]);
  nock('https://files.slack.com').post('/upload/v1/U1').times(times).reply(200, 'OK');
  return channels;
}

describe.each(BACKENDS)('digest jobs on $backend.name', ({ backend, run }) => {
  const maybe = run ? it : it.skip;
  let store: Store;
  let now: Date;
  const open: Harness[] = [];

  async function harness(over: Parameters<typeof startSlackHarness>[1] = {}): Promise<Harness> {
    const h = await startSlackHarness(store, over);
    open.push(h);
    return h;
  }

  beforeEach(async () => {
    if (!run) return;
    now = new Date('2025-02-10T12:00:00Z');
    store = await backend.open(() => now);
    const report = capiDriftReport();
    await store.saveTriage({
      repo: 'kubernetes-sigs/cluster-api',
      trigger: 'status',
      report: { ...report, run: { ...report.run, startedAt: '2025-02-10T11:00:00Z' } },
    });
  });

  afterEach(async () => {
    if (!run) return;
    for (const h of open.splice(0)) await h.close();
    await store.close();
  });

  afterAll(async () => {
    await backend.teardown();
  });

  maybe('posts each scope once when two instances tick in the same minute', async () => {
    const channels = uploads(2);
    const a = await harness();
    const b = await harness({ instanceId: 'second' });

    const enqueued = await Promise.all([
      a.slack.tickDigests(TICK),
      b.slack.tickDigests(new Date(TICK.getTime() + 300)),
    ]);
    await Promise.all([a.settle(), b.settle()]);

    // Three scopes with a digest: C0CIWIN01's has no failure this week and posts nothing.
    expect(enqueued[0] + enqueued[1]).toBe(3);
    expect(channels.sort()).toEqual(['C0CAPI001', 'C0KUBE001']);
    expect((await store.listDigestRuns()).map((r) => [r.scope, r.status])).toEqual([
      ['channel:C0CAPI001|7d', 'posted'],
      ['channel:C0KUBE001|7d', 'posted'],
    ]);
    expect(await a.slack.tickDigests(TICK)).toBe(0);
  });

  maybe('retries a digest whose upload Slack answered with a 500, and posts it once', async () => {
    const channels = uploads(2, [[500, { ok: false }]]);
    const h = await harness({ config: slackConfig({ routes: CAPI_ONLY }) });

    await h.slack.tickDigests(TICK);
    await h.settle();

    const [job] = await store.listJobs({ kind: 'digest-post' });
    expect([job?.status, job?.attempts]).toEqual(['done', 2]);
    expect(channels).toEqual(['C0CAPI001', 'C0CAPI001']);
    expect((await store.listDigestRuns()).map((r) => [r.status, r.owner])).toEqual([['posted', `job:${job?.id}`]]);
  });

  maybe('updates the digest issue as a job of its own, retrying a GitHub 502', async () => {
    uploads(1);
    const bodies: string[] = [];
    const upsertDigestIssue = async (input: { title: string; body: string }) => {
      bodies.push(input.title);
      if (bodies.length === 1) throw Object.assign(new Error('Bad Gateway'), { status: 502 });
    };
    const h = await harness({ config: slackConfig({ routes: CAPI_ONLY }), upsertDigestIssue });

    await h.slack.tickDigests(TICK);
    await h.settle();

    expect((await store.listJobs()).map((j) => [j.kind, j.status, j.attempts])).toEqual([
      ['digest-post', 'done', 1],
      ['digest-issue', 'done', 2],
    ]);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
  });

  maybe('posts nothing for a period another run (an older version, a manual run) already claimed', async () => {
    await store.claimDigestRun({
      scope: 'channel:C0CAPI001|7d',
      periodStart: '2025-02-05T09:00:00.000Z',
      periodEnd: '2025-02-12T09:00:00.000Z',
      owner: 'older-version',
    });
    const h = await harness({ config: slackConfig({ routes: CAPI_ONLY }) });

    await h.slack.tickDigests(TICK);
    await h.settle();

    const [job] = await store.listJobs({ kind: 'digest-post' });
    expect(job?.status).toBe('done');
    expect((await store.listDigestRuns()).map((r) => [r.status, r.owner])).toEqual([['claimed', 'older-version']]);
  });
});
