import { createStorePrCache, openSqliteStore } from '../../src/store/index.ts';
import type { PrJobEntry, SqliteStore } from '../../src/store/index.ts';
import { capiDriftReport, windowsEmptyEnvReport } from '../render/sample-reports.ts';

const T0 = Date.parse('2025-02-11T02:00:00Z');

function entry(over: Partial<PrJobEntry> = {}): PrJobEntry {
  return {
    job: 'pull-csi-integration',
    url: 'https://prow.k8s.io/view/gs/b/x/1',
    status: 'failing',
    report: null,
    error: null,
    updatedAt: '2025-02-11T02:00:00Z',
    eventAt: '2025-02-11T01:59:49Z',
    ...over,
  };
}

describe('SQLite store', () => {
  let store: SqliteStore;
  let now: Date;

  beforeEach(() => {
    now = new Date(T0);
    store = openSqliteStore({ path: ':memory:', clock: () => now });
  });

  afterEach(async () => {
    await store.close();
  });

  describe('enqueue', () => {
    it('enqueues nothing for a delivery id seen before', async () => {
      const first = await store.enqueue({
        jobs: [{ kind: 'k', payload: 1 }],
        delivery: { id: 'd-1', event: 'status' },
        now: T0,
      });

      const again = await store.enqueue({
        jobs: [{ kind: 'k', payload: 1 }],
        delivery: { id: 'd-1', event: 'status' },
        now: T0,
      });

      expect(first).toEqual({ duplicateDelivery: false, enqueued: [1], skipped: 0 });
      expect(again).toEqual({ duplicateDelivery: true, enqueued: [], skipped: 1 });
      expect(await store.listJobs()).toHaveLength(1);
    });

    it('skips a job whose dedupe key was used, even from another delivery', async () => {
      await store.enqueue({
        jobs: [{ kind: 'k', payload: 'a', dedupeKey: 'run:o/r:sha:job:1' }],
        delivery: { id: 'd-1', event: 'status' },
        now: T0,
      });

      const r = await store.enqueue({
        jobs: [
          { kind: 'k', payload: 'b', dedupeKey: 'run:o/r:sha:job:1' },
          { kind: 'k', payload: 'c', dedupeKey: 'run:o/r:sha:job:2' },
        ],
        delivery: { id: 'd-2', event: 'status' },
        now: T0,
      });

      expect(r.skipped).toBe(1);
      expect((await store.listJobs()).map((j) => j.payload)).toEqual(['a', 'c']);
    });

    it('coalesces into a queued job of the same kind and group, but not into a running one', async () => {
      const sync = { kind: 'comment-sync', payload: {}, groupKey: 'comment:o/r#1', coalesce: true };
      await store.enqueue({ jobs: [sync], now: T0 });
      const coalesced = await store.enqueue({ jobs: [sync], now: T0 });
      await store.claimJobs({ owner: 'w', limit: 1, leaseMs: 1000, now: T0 });

      const afterClaim = await store.enqueue({ jobs: [sync], now: T0 });

      expect(coalesced.enqueued).toEqual([]);
      expect(afterClaim.enqueued).toHaveLength(1);
    });
  });

  describe('claimJobs', () => {
    it('claims due jobs in order up to the limit, leasing them', async () => {
      await store.enqueue({ jobs: [1, 2, 3].map((n) => ({ kind: 'k', payload: n })), now: T0 });
      await store.enqueue({ jobs: [{ kind: 'k', payload: 'later', runAfter: T0 + 60_000 }], now: T0 });

      const claimed = await store.claimJobs({ owner: 'w1', limit: 2, leaseMs: 30_000, now: T0 });
      const rest = await store.claimJobs({ owner: 'w2', limit: 10, leaseMs: 30_000, now: T0 });

      expect(claimed.map((j) => [j.payload, j.status, j.attempts, j.leaseOwner, j.leaseUntil])).toEqual([
        [1, 'running', 1, 'w1', T0 + 30_000],
        [2, 'running', 1, 'w1', T0 + 30_000],
      ]);
      expect(rest.map((j) => j.payload)).toEqual([3]);
      expect(await store.nextRunAfter()).toBe(T0 + 30_000);
    });

    it('never runs two jobs of one group at once', async () => {
      await store.enqueue({ jobs: ['a', 'b'].map((p) => ({ kind: 'k', payload: p, groupKey: 'g' })), now: T0 });

      const first = await store.claimJobs({ owner: 'w', limit: 5, leaseMs: 1000, now: T0 });
      const whileBusy = await store.claimJobs({ owner: 'w', limit: 5, leaseMs: 1000, now: T0 + 10 });
      await store.completeJob(first[0]!.id, 'w', T0 + 20);
      const afterDone = await store.claimJobs({ owner: 'w', limit: 5, leaseMs: 1000, now: T0 + 30 });

      expect(first.map((j) => j.payload)).toEqual(['a']);
      expect(whileBusy).toEqual([]);
      expect(afterDone.map((j) => j.payload)).toEqual(['b']);
    });

    it('re-claims a job whose lease expired, and fails it once out of attempts', async () => {
      await store.enqueue({ jobs: [{ kind: 'k', payload: 'x', maxAttempts: 2 }], now: T0 });
      await store.claimJobs({ owner: 'dead-1', limit: 1, leaseMs: 1000, now: T0 });

      const beforeExpiry = await store.claimJobs({ owner: 'w2', limit: 1, leaseMs: 1000, now: T0 + 999 });
      const reclaimed = await store.claimJobs({ owner: 'w2', limit: 1, leaseMs: 1000, now: T0 + 1001 });
      const exhausted = await store.claimJobs({ owner: 'w3', limit: 1, leaseMs: 1000, now: T0 + 5000 });

      expect(beforeExpiry).toEqual([]);
      expect(reclaimed.map((j) => [j.leaseOwner, j.attempts])).toEqual([['w2', 2]]);
      expect(exhausted).toEqual([]);
      const job = await store.getJob(reclaimed[0]!.id);
      expect(job?.status).toBe('failed');
      expect(job?.lastError).toMatch(/lease expired after 2 attempt/);
    });

    it('lets only the lease owner settle or extend a job', async () => {
      await store.enqueue({ jobs: [{ kind: 'k', payload: 'x' }], now: T0 });
      const [job] = await store.claimJobs({ owner: 'w1', limit: 1, leaseMs: 1000, now: T0 });

      const stolen = await store.extendLease(job!.id, 'w2', T0 + 9999);
      await store.completeJob(job!.id, 'w2', T0);
      const kept = await store.extendLease(job!.id, 'w1', T0 + 5000);
      await store.retryJob(job!.id, 'w1', 'boom', T0 + 7000, T0 + 1);

      expect(stolen).toBe(false);
      expect(kept).toBe(true);
      expect(await store.getJob(job!.id)).toMatchObject({
        status: 'queued',
        runAfter: T0 + 7000,
        lastError: 'boom',
        leaseOwner: null,
      });
    });
  });

  describe('PR comment state', () => {
    it('starts empty and keeps jobs, comment id and config note', async () => {
      const empty = await store.loadPrComment('o/r', 5);
      await store.savePrJob('o/r', 5, entry({ report: windowsEmptyEnvReport() }));
      await store.savePrCommentId('o/r', 5, 123);
      await store.savePrConfigNote('o/r', 5, 'bad config');

      const loaded = await store.loadPrComment('o/r', 5);

      expect(empty).toEqual({ repo: 'o/r', pr: 5, commentId: null, configNote: null, jobs: [] });
      expect(loaded.commentId).toBe(123);
      expect(loaded.configNote).toBe('bad config');
      expect(loaded.jobs[0]?.report?.run.buildId).toBe('1889120572684636160');
      expect(loaded.jobs[0]?.eventAt).toBe('2025-02-11T01:59:49.000Z');
    });

    it('does not let an older event overwrite a newer one', async () => {
      await store.savePrJob('o/r', 5, entry({ error: 'new', eventAt: '2025-02-11T03:00:00Z' }));

      const older = await store.savePrJob('o/r', 5, entry({ error: 'old', eventAt: '2025-02-11T02:00:00.000Z' }));

      expect(older).toBe(false);
      expect((await store.loadPrComment('o/r', 5)).jobs.map((j) => j.error)).toEqual(['new']);
    });

    it('resolves a failing job only with a later or equal event', async () => {
      await store.savePrJob('o/r', 5, entry({ eventAt: '2025-02-11T03:00:00Z' }));

      const stale = await store.resolvePrJob(
        'o/r',
        5,
        'pull-csi-integration',
        '2025-02-11T02:00:00Z',
        '2025-02-11T04:00:00Z',
      );
      const failingBefore = await store.hasFailingJob('o/r', 'pull-csi-integration');
      const fresh = await store.resolvePrJob(
        'o/r',
        5,
        'pull-csi-integration',
        '2025-02-11T03:30:00Z',
        '2025-02-11T04:00:00Z',
      );

      expect(stale).toBe(false);
      expect(failingBefore).toBe(true);
      expect(fresh).toBe(true);
      expect(await store.hasFailingJob('o/r', 'pull-csi-integration')).toBe(false);
      expect((await store.loadPrComment('o/r', 5)).jobs[0]?.status).toBe('resolved');
    });

    it('rejects an entry whose time does not parse', async () => {
      await expect(store.savePrJob('o/r', 5, entry({ eventAt: 'yesterday' }))).rejects.toThrow(
        /not a time: "yesterday"/,
      );
    });
  });

  describe('triages', () => {
    it('saves reports with one finding row each, filterable by repo, job and time', async () => {
      await store.saveTriage({ repo: 'kubernetes-csi/csi-proxy', trigger: 'status', report: windowsEmptyEnvReport() });
      now = new Date(T0 + 86_400_000);
      await store.saveTriage({ repo: 'kubernetes-sigs/cluster-api', trigger: 'command', report: capiDriftReport() });

      const all = await store.listTriages();
      const csi = await store.listFindings({ repo: 'kubernetes-csi/csi-proxy' });
      const recent = await store.listTriages({ since: new Date(T0 + 1000).toISOString() });

      expect(all.map((t) => t.report.run.job)).toEqual([
        'periodic-cluster-api-e2e-latestk8s-main',
        'pull-kubernetes-csi-csi-proxy-integration',
      ]);
      // One row per finding the engine made of the Windows run: the cause first, then the other findings.
      expect(csi.map((f) => f.classifier)).toEqual(windowsEmptyEnvReport().findings.map((f) => f.classifier));
      expect(csi[0]).toEqual(
        expect.objectContaining({
          job: 'pull-kubernetes-csi-csi-proxy-integration',
          classifier: 'empty-env',
          result: 'FAILURE',
          startedAt: '2025-02-11T01:13:37Z',
        }),
      );
      expect(csi[0]?.fingerprint).toBe(windowsEmptyEnvReport().findings[0]?.fingerprint);
      expect(recent.map((t) => t.trigger)).toEqual(['command']);
    });
  });

  it('serves the suspect finder a PR cache that survives re-opening', async () => {
    const cache = createStorePrCache(store);
    await cache.putFiles('kubernetes/test-infra', 34103, [
      {
        filename: 'config/jobs/kubernetes/sig-windows/windows-gce.yaml',
        status: 'removed',
        changes: 120,
        patch: null,
        previousFilename: null,
      },
    ]);
    await cache.putList('kubernetes/test-infra@master:2024-12-18..2025-01-14', []);

    expect((await cache.getFiles('kubernetes/test-infra', 34103))?.[0]?.status).toBe('removed');
    expect(await cache.getFiles('kubernetes/test-infra', 1)).toBeNull();
    expect(await cache.getList('kubernetes/test-infra@master:2024-12-18..2025-01-14')).toEqual([]);
  });

  it('prunes finished jobs, deliveries and dedupe keys older than the cut-off', async () => {
    await store.enqueue({
      jobs: [{ kind: 'k', payload: 1, dedupeKey: 'd' }],
      delivery: { id: 'x', event: 'status' },
      now: T0,
    });
    const [job] = await store.claimJobs({ owner: 'w', limit: 1, leaseMs: 1000, now: T0 });
    await store.completeJob(job!.id, 'w', T0);
    await store.enqueue({ jobs: [{ kind: 'k', payload: 2 }], now: T0 });

    const removed = await store.prune(new Date(T0 + 1).toISOString());

    expect(removed).toBe(3);
    expect((await store.listJobs()).map((j) => j.payload)).toEqual([2]);
    expect(
      (
        await store.enqueue({
          jobs: [{ kind: 'k', payload: 3, dedupeKey: 'd' }],
          delivery: { id: 'x', event: 'status' },
          now: T0,
        })
      ).enqueued,
    ).toHaveLength(1);
  });
});
