import { openSlackTestStore } from '../fixtures/slack/slack-store.ts';
import type { SlackTestStore } from '../fixtures/slack/slack-store.ts';
import { capiDriftReport, quotaReport } from '../render/sample-reports.ts';

// The store's digest-run claims, feedback rows and first sightings.

describe('Slack store: digest runs, feedback, first sightings', () => {
  let store: SlackTestStore;
  let now: Date;

  beforeEach(() => {
    now = new Date('2025-02-12T09:00:01Z');
    store = openSlackTestStore(':memory:', () => now);
  });

  afterEach(async () => {
    await store.close();
  });

  it('lets exactly one caller claim a scope and period, and records how it ended', async () => {
    const key = { scope: 'channel:C1|7d', periodStart: '2025-02-05T09:00:00Z' };

    const first = await store.claimDigestRun({ ...key, periodEnd: '2025-02-12T09:00:00Z', owner: 'a' });
    const second = await store.claimDigestRun({ ...key, periodEnd: '2025-02-12T09:00:00Z', owner: 'b' });
    const otherScope = await store.claimDigestRun({
      scope: 'channel:C2|7d',
      periodStart: key.periodStart,
      periodEnd: '2025-02-12T09:00:00Z',
      owner: 'b',
    });
    await store.finishDigestRun(key, { status: 'posted', fileId: 'F0CHART01' });

    expect([first, second, otherScope]).toEqual([true, false, true]);
    expect(await store.listDigestRuns('channel:C1|7d')).toEqual([
      expect.objectContaining({
        scope: 'channel:C1|7d',
        periodStart: '2025-02-05T09:00:00.000Z',
        status: 'posted',
        owner: 'a',
        fileId: 'F0CHART01',
        error: null,
      }),
    ]);
  });

  it('records one "Wrong cause?" per user, triage and finding, with the triage\'s job', async () => {
    const triageId = await store.saveTriage({
      repo: 'kubernetes-sigs/cluster-api',
      trigger: 'status',
      report: capiDriftReport(),
    });
    const click = {
      triageId,
      fingerprint: 'fp',
      classifier: 'image-pull-manifest',
      userId: 'U1',
      userName: 'alice',
      teamId: 'T1',
      channelId: 'C1',
    };

    const a = await store.saveWrongCause(click);
    const again = await store.saveWrongCause(click);
    const other = await store.saveWrongCause({ ...click, userId: 'U2' });
    const unstored = await store.saveWrongCause({ ...click, triageId: null });
    const unstoredAgain = await store.saveWrongCause({ ...click, triageId: null });

    expect([a.duplicate, again.duplicate, other.duplicate, unstored.duplicate, unstoredAgain.duplicate]).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
    expect(again.id).toBe(a.id);
    const rows = await store.listWrongCause({ since: '2025-02-12T00:00:00Z', until: '2025-02-13T00:00:00Z' });
    expect(rows.map((r) => [r.userId, r.triageId, r.job, r.repo])).toEqual([
      ['U1', triageId, 'periodic-cluster-api-e2e-latestk8s-main', 'kubernetes-sigs/cluster-api'],
      ['U2', triageId, 'periodic-cluster-api-e2e-latestk8s-main', 'kubernetes-sigs/cluster-api'],
      ['U1', null, null, null],
    ]);
    expect(await store.listWrongCause({ until: '2025-02-12T00:00:00Z' })).toEqual([]);
  });

  it('finds when each fingerprint was first recorded, by run start', async () => {
    const early = quotaReport();
    early.run = { ...early.run, startedAt: '2025-01-30T21:05:33Z' };
    const late = quotaReport();
    late.run = { ...late.run, buildId: '2', startedAt: '2025-02-08T16:40:00Z' };
    await store.saveTriage({ repo: null, trigger: 'status', report: late });
    await store.saveTriage({ repo: null, trigger: 'status', report: early });

    const quota = early.findings.find((f) => f.classifier === 'rule:gce-quota-exceeded')?.fingerprint ?? '';
    const drift = early.findings.find((f) => f.classifier === 'env-drift')?.fingerprint ?? '';
    const seen = await store.firstSeenFingerprints([quota, drift, 'never-seen']);

    expect(quota).toMatch(/^rule:gce-quota-exceeded\|.*quota=NETWORKS/);
    expect(drift).toMatch(/^env-drift\|.*KUBERNETES_NODE_PLATFORM/);
    expect(seen).toEqual({ [quota]: '2025-01-30T21:05:33.000Z', [drift]: '2025-01-30T21:05:33.000Z' });
  });

  it('answers first sightings for more fingerprints than one SQL statement takes', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => `fp-${i}`);
    const report = capiDriftReport();
    report.findings = [{ ...(report.findings[0] as (typeof report.findings)[number]), fingerprint: 'fp-1100' }];
    await store.saveTriage({ repo: null, trigger: 'status', report });

    expect(Object.keys(await store.firstSeenFingerprints(many))).toEqual(['fp-1100']);
  });
});
