import { channelDigestTarget, parseSlackRoutes } from '../../src/slack/index.ts';
import { loadDigest, periodEndingAt } from '../../src/digest/index.ts';
import type { Digest } from '../../src/digest/index.ts';
import { openSlackTestStore } from '../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../fixtures/slack/slack-store.ts';
import { FINGERPRINTS, JOBS, seedWeek, WEEK_END, WEEK_START } from '../fixtures/slack/week-of-incidents.ts';

// The weekly digest over the seeded fortnight (see week-of-incidents.ts for the runs behind each number).

const ROUTES = parseSlackRoutes(`
- channel: C0KUBE001
  jobs: ["*"]
- channel: C0CIWIN01
  jobs: ["pull-kubernetes-csi-*"]
`);

describe('loadDigest over a seeded week', () => {
  let store: SlackTestStore;
  let now = new Date(WEEK_END);
  let digest: Digest;

  beforeAll(async () => {
    store = openSlackTestStore(':memory:', () => now);
    await seedWeek(store, (iso) => {
      now = new Date(iso);
    });

    digest = await loadDigest(
      store,
      channelDigestTarget('C0KUBE001', ROUTES, '7d'),
      periodEndingAt(new Date('2025-02-12T09:00:30Z'), '7d'),
    );
  });

  afterAll(async () => {
    await store.close();
  });

  it('covers the week ending at the tick (floored to the minute) and compares with the week before', () => {
    expect(digest.period).toEqual({ start: WEEK_START, end: WEEK_END });
    expect(digest.previousPeriod).toEqual({ start: '2025-01-29T09:00:00.000Z', end: WEEK_START });
    expect(digest.scope).toEqual({ key: 'channel:C0KUBE001|7d', label: 'jobs *' });
  });

  it('counts failures and failing jobs against the previous week', () => {
    // This week: Windows 3, CAPI 3, OOM 2, flaky test 2, quota 1; last week: quota 1, flaky test 2, CAPI 1.
    expect(digest.totals).toEqual({ failures: 11, previous: 4, failingJobs: 5, previousFailingJobs: 3 });
  });

  it('groups failures by cause, marking the OOM as the only cause never seen before the week', () => {
    const rows = digest.causes.map((c) => [c.fingerprint, c.failures, c.previous, c.status, c.wrongCause]);

    expect(rows).toEqual([
      [FINGERPRINTS.emptyEnv, 3, 0, 'recurring', 0],
      [FINGERPRINTS.imagePull, 3, 1, 'recurring', 0],
      [FINGERPRINTS.flakyTest, 2, 2, 'recurring', 0],
      [FINGERPRINTS.oom, 2, 0, 'new', 1],
      [FINGERPRINTS.quota, 1, 1, 'recurring', 2],
    ]);
    expect([digest.newCauses, digest.recurringCauses, digest.goneCauses]).toEqual([1, 4, 0]);
    expect(digest.causes[0]?.firstSeen).toBe('2025-01-14T15:42:10.000Z');
    expect(digest.causes.find((c) => c.fingerprint === FINGERPRINTS.quota)?.jobs).toEqual([JOBS.gce]);
  });

  it('ranks the top failing jobs with their change and newest run', () => {
    expect(digest.topJobs.map((j) => [j.job, j.failures, j.previous])).toEqual([
      [JOBS.capi, 3, 1],
      [JOBS.csi, 3, 1],
      [JOBS.unit, 2, 0],
      [JOBS.kind, 2, 2],
      [JOBS.gce, 1, 0],
    ]);
    expect(digest.topJobs[1]?.lastUrl).toMatch(
      /\/369\/pull-kubernetes-csi-csi-proxy-integration\/1889120572684636160$/,
    );
  });

  it('names the suspect PRs behind the most failures', () => {
    expect(digest.suspects.map((s) => [s.ref, s.failures, s.jobs])).toEqual([
      ['example-org/widget#502', 3, [JOBS.capi]],
      ['kubernetes/test-infra#34103', 3, [JOBS.csi]],
    ]);
  });

  it('finds the jobs that flip between green and red', () => {
    expect(digest.flaky).toEqual([
      { job: JOBS.capi, flips: 3, passed: 1, failed: 2, flaggedByHistory: true },
      { job: JOBS.kind, flips: 3, passed: 2, failed: 2, flaggedByHistory: false },
    ]);
  });

  it('counts "Wrong cause?" feedback once per user, by classifier, against last week', () => {
    expect(digest.feedback).toEqual({
      total: 3,
      previous: 1,
      byClassifier: [
        { classifier: 'rule:gce-quota-exceeded', count: 2 },
        { classifier: 'rule:oom-killed', count: 1 },
      ],
    });
  });

  it('charts failures per day, stacked by cause', () => {
    expect(digest.series.bucketUnit).toBe('day');
    expect(digest.series.buckets[0]).toBe(WEEK_START.slice(0, 10));
    expect(digest.series.causes.map((c) => c.fingerprint)).toEqual([
      FINGERPRINTS.emptyEnv,
      FINGERPRINTS.imagePull,
      FINGERPRINTS.flakyTest,
      FINGERPRINTS.oom,
      FINGERPRINTS.quota,
    ]);
    // Columns follow the stack order above; rows are the calendar days Wed 5 .. Wed 12 (UTC), so the capi
    // failure at Fri 01:21 is Friday's and the Windows one at Sun 08:15 is Sunday's.
    expect(digest.series.counts).toEqual([
      [0, 0, 0, 0, 0],
      [1, 0, 1, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 1],
      [1, 0, 1, 0, 0],
      [0, 1, 0, 1, 0],
      [1, 0, 0, 1, 0],
      [0, 1, 0, 0, 0],
    ]);
  });

  it("narrows to a channel's scope: the Windows channel sees only the csi-proxy job", async () => {
    const windows = await loadDigest(store, channelDigestTarget('C0CIWIN01', ROUTES, '7d'), {
      start: WEEK_START,
      end: WEEK_END,
    });

    expect(windows.totals).toEqual({ failures: 3, previous: 1, failingJobs: 1, previousFailingJobs: 1 });
    expect(windows.causes.map((c) => c.fingerprint)).toEqual([FINGERPRINTS.emptyEnv]);
    expect(windows.goneCauses).toBe(1);
    expect(windows.feedback.total).toBe(0);
  });
});
