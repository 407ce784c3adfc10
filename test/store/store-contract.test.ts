import { createStorePrCache } from '../../src/store/index.ts';
import type { PrJobEntry, Store } from '../../src/store/index.ts';
import { capiDriftReport, windowsEmptyEnvReport } from '../render/sample-reports.ts';
import { BACKENDS } from './backends.ts';

// One contract for both store modes: SQLite (always) and PostgreSQL (skipped, and said so, only when
// no server answers; CI sets CI_TRIAGE_REQUIRE_PG=1 so it never skips there).

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

describe.each(BACKENDS)('$backend.name store', ({ backend, run }) => {
  let store: Store;
  let now: Date;
  const maybe = run ? it : it.skip;

  beforeEach(async () => {
    now = new Date(T0);
    if (run) store = await backend.open(() => now);
  });

  afterEach(async () => {
    if (run) await store.close();
  });

  afterAll(async () => {
    if (run) await backend.teardown();
  });

  // The queue's times: SQLite compares the `now` each call passes, PostgreSQL's pg-boss the database's
  // clock, so these tests schedule around the real time and leave lease expiry to each mode's own test.
  describe('enqueue', () => {
    maybe('enqueues nothing for a delivery id seen before, and carries the delivery id on the job', async () => {
      const t = Date.now();
      const first = await store.enqueue({
        jobs: [{ kind: 'k', payload: 1 }],
        delivery: { id: 'd-1', event: 'status' },
        now: t,
      });

      const again = await store.enqueue({
        jobs: [{ kind: 'k', payload: 1 }],
        delivery: { id: 'd-1', event: 'status' },
        now: t,
      });

      expect(first).toMatchObject({ duplicateDelivery: false, enqueued: [expect.any(String)], skipped: 0 });
      expect(again).toEqual({ duplicateDelivery: true, enqueued: [], skipped: 1 });
      const jobs = await store.listJobs();
      expect(jobs.map((j) => [j.id, j.kind, j.payload, j.deliveryId, j.status])).toEqual([
        [first.enqueued[0], 'k', 1, 'd-1', 'queued'],
      ]);
    });

    maybe('skips a job whose dedupe key was used, even from another delivery', async () => {
      const t = Date.now();
      await store.enqueue({
        jobs: [{ kind: 'k', payload: 'a', dedupeKey: 'run:o/r:sha:job:1' }],
        delivery: { id: 'd-1', event: 'status' },
        now: t,
      });

      const r = await store.enqueue({
        jobs: [
          { kind: 'k', payload: 'b', dedupeKey: 'run:o/r:sha:job:1' },
          { kind: 'k', payload: 'c', dedupeKey: 'run:o/r:sha:job:2' },
        ],
        delivery: { id: 'd-2', event: 'status' },
        now: t,
      });

      expect(r.skipped).toBe(1);
      expect((await store.listJobs()).map((j) => j.payload)).toEqual(['a', 'c']);
    });

    maybe('rolls the delivery and dedupe keys back with a failed enqueue', async () => {
      const t = Date.now();
      const bad = { kind: 'k', payload: 'x', dedupeKey: 'key-1', maxAttempts: Number.NaN };

      await expect(store.enqueue({ jobs: [bad], delivery: { id: 'd-9', event: 'status' }, now: t })).rejects.toThrow();
      const retried = await store.enqueue({
        jobs: [{ kind: 'k', payload: 'x', dedupeKey: 'key-1' }],
        delivery: { id: 'd-9', event: 'status' },
        now: t,
      });

      expect(retried).toMatchObject({ duplicateDelivery: false, skipped: 0 });
      expect(await store.listJobs()).toHaveLength(1);
    });

    maybe('coalesces into a queued job of the same kind and group, but not into a running one', async () => {
      const t = Date.now();
      const sync = { kind: 'comment-sync', payload: {}, groupKey: 'comment:o/r#1', coalesce: true };
      await store.enqueue({ jobs: [sync], now: t });
      const coalesced = await store.enqueue({ jobs: [sync], now: t });
      await store.claimJobs({ owner: 'w', limit: 1, leaseMs: 60_000, now: t });

      const afterClaim = await store.enqueue({ jobs: [sync], now: t });

      expect(coalesced).toEqual({ duplicateDelivery: false, enqueued: [], skipped: 1 });
      expect(afterClaim.enqueued).toHaveLength(1);
    });
  });

  describe('claimJobs', () => {
    // Order within one enqueue is SQLite's row order; pg-boss orders by creation time, the same for jobs of one transaction.
    maybe('claims due jobs up to the limit, leasing them', async () => {
      const t = Date.now();
      await store.enqueue({ jobs: [1, 2, 3].map((n) => ({ kind: 'k', payload: n })), now: t });
      await store.enqueue({ jobs: [{ kind: 'k', payload: 'later', runAfter: t + 60_000 }], now: t });

      const claimed = await store.claimJobs({ owner: 'w1', limit: 2, leaseMs: 30_000, now: t });
      const rest = await store.claimJobs({ owner: 'w2', limit: 10, leaseMs: 30_000, now: t });

      expect(claimed.map((j) => [j.status, j.attempts, j.leaseOwner])).toEqual([
        ['running', 1, 'w1'],
        ['running', 1, 'w1'],
      ]);
      expect(claimed.every((j) => (j.leaseUntil ?? 0) > t)).toBe(true);
      expect([...claimed, ...rest].map((j) => j.payload).sort()).toEqual([1, 2, 3]);
      expect(rest).toHaveLength(1);
      expect((await store.listJobs({ status: 'queued' })).map((j) => [j.payload, j.runAfter])).toEqual([
        ['later', t + 60_000],
      ]);
    });

    maybe('tells the worker when the next scheduled job is due', async () => {
      const t = Date.now();
      const empty = await store.nextRunAfter();
      await store.enqueue({ jobs: [{ kind: 'k', payload: 'later', runAfter: t + 60_000 }], now: t });

      const next = await store.nextRunAfter();

      expect(empty).toBeNull();
      expect(next).toBeGreaterThan(t + 59_000);
      expect(next).toBeLessThan(t + 61_000);
    });

    maybe('claims only the kinds asked for, or all but the excepted ones (worker lanes)', async () => {
      const t = Date.now();
      const jobs = [
        { kind: 'triage', payload: 't' },
        { kind: 'comment-sync', payload: 'c', groupKey: 'comment:o/r#1', coalesce: true },
      ];
      await store.enqueue({ jobs, now: t });

      const others = await store.claimJobs({
        owner: 'w',
        limit: 5,
        leaseMs: 60_000,
        now: t,
        exceptKinds: ['comment-sync'],
      });
      const writes = await store.claimJobs({ owner: 'w', limit: 5, leaseMs: 60_000, now: t, kinds: ['comment-sync'] });

      expect(others.map((j) => j.payload)).toEqual(['t']);
      expect(writes.map((j) => [j.payload, j.groupKey])).toEqual([['c', 'comment:o/r#1']]);
    });

    maybe('never runs two jobs of one group at once', async () => {
      const t = Date.now();
      await store.enqueue({ jobs: ['a', 'b'].map((p) => ({ kind: 'k', payload: p, groupKey: 'g' })), now: t });

      const first = await store.claimJobs({ owner: 'w', limit: 5, leaseMs: 60_000, now: t });
      const whileBusy = await store.claimJobs({ owner: 'w', limit: 5, leaseMs: 60_000, now: t + 10 });
      await store.completeJob(first[0]!.id, 'w', t + 20);
      const afterDone = await store.claimJobs({ owner: 'w', limit: 5, leaseMs: 60_000, now: t + 30 });

      expect(first.map((j) => j.payload)).toEqual(['a']);
      expect(whileBusy).toEqual([]);
      expect(afterDone.map((j) => j.payload)).toEqual(['b']);
      expect((await store.getJob(first[0]!.id))?.status).toBe('done');
    });

    maybe('lets only the lease owner settle or extend a job; a retry waits until its new time', async () => {
      const t = Date.now();
      await store.enqueue({ jobs: [{ kind: 'k', payload: 'x' }], now: t });
      const [job] = await store.claimJobs({ owner: 'w1', limit: 1, leaseMs: 60_000, now: t });

      const stolen = await store.extendLease(job!.id, 'w2', t + 99_999);
      await store.completeJob(job!.id, 'w2', t);
      const kept = await store.extendLease(job!.id, 'w1', t + 50_000);
      await store.retryJob(job!.id, 'w1', 'boom', t + 70_000, t + 1);
      const early = await store.claimJobs({ owner: 'w3', limit: 1, leaseMs: 60_000, now: t + 2 });

      expect(stolen).toBe(false);
      expect(kept).toBe(true);
      expect(early).toEqual([]);
      expect(await store.getJob(job!.id)).toMatchObject({
        status: 'queued',
        attempts: 1,
        runAfter: t + 70_000,
        lastError: 'boom',
        leaseOwner: null,
      });
    });

    maybe('fails a job for good at once, attempts left or not', async () => {
      const t = Date.now();
      await store.enqueue({ jobs: [{ kind: 'k', payload: 'x', maxAttempts: 5 }], now: t });
      const [job] = await store.claimJobs({ owner: 'w1', limit: 1, leaseMs: 60_000, now: t });

      await store.failJob(job!.id, 'w1', 'JobError: gone', t + 1);
      const again = await store.claimJobs({ owner: 'w1', limit: 1, leaseMs: 60_000, now: t + 2 });

      expect(again).toEqual([]);
      expect(await store.getJob(job!.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'JobError: gone' });
    });
  });

  describe('queueStats', () => {
    maybe('counts queued jobs per kind (due and scheduled, not running), and reads 0 once they ran', async () => {
      const t = Date.now();
      await store.enqueue({ jobs: [1, 2, 3].map((n) => ({ kind: 'a', payload: n })), now: t });
      await store.enqueue({ jobs: [{ kind: 'b', payload: 'later', runAfter: t + 60_000 }], now: t });
      const sync = { kind: 'comment-sync', payload: {}, groupKey: 'comment:o/r#1', coalesce: true };
      await store.enqueue({ jobs: [sync], now: t });

      const queued = await store.queueStats(t + 2000);
      const claimed = await store.claimJobs({ owner: 'w', limit: 10, leaseMs: 60_000, now: t });
      const whileRunning = await store.queueStats(t + 2000);
      for (const j of claimed) await store.completeJob(j.id, 'w', t + 3000);
      const after = await store.queueStats(t + 4000);

      // PostgreSQL's queues outlive the other tests' jobs (their kinds read 0): only these kinds are looked at.
      const ours = (stats: typeof queued) => stats.filter((s) => ['a', 'b', 'comment-sync'].includes(s.kind));
      const depths = (stats: typeof queued) => ours(stats).map((s) => [s.kind, s.depth]);
      expect(depths(queued)).toEqual([
        ['a', 3],
        ['b', 1],
        ['comment-sync', 1],
      ]);
      // SQLite ages by the `now` passed (2 s after the enqueue), PostgreSQL by its own clock (just now).
      for (const s of ours(queued)) expect(s.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
      for (const s of ours(queued)) expect(s.oldestAgeSeconds).toBeLessThanOrEqual(10);
      expect(claimed).toHaveLength(4);
      expect(depths(whileRunning)).toEqual([
        ['a', 0],
        ['b', 1],
        ['comment-sync', 0],
      ]);
      expect(ours(after).map((s) => [s.kind, s.depth, s.kind === 'b' ? 'waits' : s.oldestAgeSeconds])).toEqual([
        ['a', 0, 0],
        ['b', 1, 'waits'],
        ['comment-sync', 0, 0],
      ]);
    });
  });

  describe('PR comment state', () => {
    maybe('starts empty and keeps jobs, comment id and config note', async () => {
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

    maybe('does not let an older event overwrite a newer one', async () => {
      await store.savePrJob('o/r', 5, entry({ error: 'new', eventAt: '2025-02-11T03:00:00Z' }));

      const older = await store.savePrJob('o/r', 5, entry({ error: 'old', eventAt: '2025-02-11T02:00:00.000Z' }));

      expect(older).toBe(false);
      expect((await store.loadPrComment('o/r', 5)).jobs.map((j) => j.error)).toEqual(['new']);
    });

    maybe('resolves a failing job only with a later or equal event', async () => {
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

    maybe('rejects an entry whose time does not parse', async () => {
      await expect(store.savePrJob('o/r', 5, entry({ eventAt: 'yesterday' }))).rejects.toThrow(
        /not a time: "yesterday"/,
      );
    });
  });

  describe('triages', () => {
    maybe('saves reports with one finding row each, filterable by repo, job and time', async () => {
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

  maybe('serves the suspect finder a PR cache that survives re-opening', async () => {
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

  maybe('prunes finished jobs, deliveries and dedupe keys older than the cut-off', async () => {
    // Real time: PostgreSQL's queue stamps jobs with the database's clock.
    const t = Date.now();
    await store.enqueue({
      jobs: [{ kind: 'k', payload: 1, dedupeKey: 'd' }],
      delivery: { id: 'x', event: 'status' },
      now: t,
    });
    const [job] = await store.claimJobs({ owner: 'w', limit: 1, leaseMs: 60_000, now: t });
    await store.completeJob(job!.id, 'w', t);
    await store.enqueue({ jobs: [{ kind: 'k', payload: 2 }], now: t });

    const removed = await store.prune(new Date(t + 60_000).toISOString());

    expect(removed).toBe(3);
    expect((await store.listJobs()).map((j) => j.payload)).toEqual([2]);
    expect(
      (
        await store.enqueue({
          jobs: [{ kind: 'k', payload: 3, dedupeKey: 'd' }],
          delivery: { id: 'x', event: 'status' },
          now: t,
        })
      ).enqueued,
    ).toHaveLength(1);
  });

  maybe('saves a triage once per repo, job and build when asked to (a re-run job on another instance)', async () => {
    const input = { repo: 'kubernetes-csi/csi-proxy', trigger: 'status', report: windowsEmptyEnvReport() };

    const results = await Promise.all([store.saveTriageOnce(input), store.saveTriageOnce(input)]);
    const otherRepo = await store.saveTriageOnce({ ...input, repo: 'o/other' });
    const plain = await store.saveTriage(input);

    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0]?.id).toBe(results[1]?.id);
    expect(otherRepo.created).toBe(true);
    expect(plain).not.toBe(results[0]?.id);
    expect(await store.listTriages()).toHaveLength(3);
  });

  describe('Slack and watch claims', () => {
    const KEY = { channel: 'C0CAPI001', job: 'periodic-cluster-api-e2e-latestk8s-main', fingerprint: 'image-pull|x' };
    const claim = (buildId: string, owner: string) => ({ ...KEY, buildId, owner, staleMs: 60_000 });

    maybe('gives an alert parent once, threads later runs, and releases a failed post', async () => {
      const parent = await store.claimAlert(claim('1', 'a'));
      const pending = await store.claimAlert(claim('2', 'b'));
      await store.completeAlertParent(KEY, 'a', '1739350000.000100');
      const reply = await store.claimAlert(claim('2', 'b'));
      const duplicate = await store.claimAlert(claim('2', 'b'));
      await store.releaseAlert({ ...KEY, buildId: '2', owner: 'b' });

      expect([parent, pending, reply, duplicate]).toEqual([
        { kind: 'parent' },
        { kind: 'pending' },
        { kind: 'reply', ts: '1739350000.000100' },
        { kind: 'duplicate' },
      ]);
      expect((await store.listAlertThreads()).map((t) => [t.ts, t.owner, t.occurrences])).toEqual([
        ['1739350000.000100', 'a', 1],
      ]);
      expect(await store.claimAlert(claim('2', 'b'))).toEqual({ kind: 'reply', ts: '1739350000.000100' });
    });

    maybe('keeps one wrong-cause flag per user and finding, and one digest per scope and period', async () => {
      const id = await store.saveTriage({ repo: 'o/r', trigger: 'status', report: windowsEmptyEnvReport() });
      const flag = {
        triageId: id,
        fingerprint: 'f',
        classifier: 'empty-env',
        userId: 'U1',
        userName: null,
        teamId: null,
        channelId: null,
      };
      const first = await store.saveWrongCause(flag);
      const again = await store.saveWrongCause(flag);
      const unstored = await store.saveWrongCause({ ...flag, triageId: null });
      const digest = { scope: 'channel:C1|7d', periodStart: '2025-02-04T09:00:00Z', periodEnd: '2025-02-11T09:00:00Z' };
      const won = await store.claimDigestRun({ ...digest, owner: 'a' });
      const lost = await store.claimDigestRun({ ...digest, owner: 'b' });
      await store.finishDigestRun(digest, { status: 'posted', fileId: 'F1' });

      expect(again).toEqual({ id: first.id, duplicate: true });
      expect(unstored.duplicate).toBe(false);
      expect((await store.listWrongCause()).map((w) => [w.triageId, w.job])).toEqual([
        [id, 'pull-kubernetes-csi-csi-proxy-integration'],
        [null, null],
      ]);
      expect([won, lost]).toEqual([true, false]);
      expect((await store.listDigestRuns()).map((d) => [d.status, d.fileId, d.periodStart])).toEqual([
        ['posted', 'F1', '2025-02-04T09:00:00.000Z'],
      ]);
      const fp = windowsEmptyEnvReport().findings[0]!.fingerprint;
      expect(await store.firstSeenFingerprints([fp, 'never'])).toEqual({ [fp]: '2025-02-11T01:13:37.000Z' });
    });

    maybe('claims a watched build once, orders builds by number, and never moves triaged back', async () => {
      const key = (buildId: string) => ({ target: 'gs://b/logs/j', buildId });
      await store.markWatchPending(key('99'));
      const a = await store.claimWatchBuild({ ...key('100'), owner: 'a', staleMs: 60_000 });
      const b = await store.claimWatchBuild({ ...key('100'), owner: 'b', staleMs: 60_000 });
      const pending = await store.claimWatchBuild({ ...key('99'), owner: 'b', staleMs: 60_000 });
      await store.settleWatchBuild(key('100'), { state: 'triaged', result: 'FAILURE' });
      await store.settleWatchBuild(key('100'), { state: 'enqueued' });
      now = new Date(T0 + 61_000);
      const stale = await store.claimWatchBuild({ ...key('99'), owner: 'c', staleMs: 60_000 });

      expect([a, b, pending, stale]).toEqual([true, false, true, true]);
      expect(await store.getWatchBuild(key('100'))).toMatchObject({ state: 'triaged', result: 'FAILURE' });
      expect((await store.loadWatchHistory('gs://b/logs/j')).lastSeen).toBe('100');
      expect((await store.listWatchBuilds()).map((w) => [w.buildId, w.owner])).toEqual([
        ['99', 'c'],
        ['100', 'a'],
      ]);
    });

    maybe('keeps pattern verdicts by hash', async () => {
      await store.savePatternVerdicts([
        { hash: 'h1', problem: null },
        { hash: 'h2', problem: 'exponential' },
      ]);
      await store.savePatternVerdicts([{ hash: 'h1', problem: 'polynomial' }]);

      expect([...(await store.loadPatternVerdicts(['h1', 'h2', 'h3'])).entries()].sort()).toEqual([
        ['h1', 'polynomial'],
        ['h2', 'exponential'],
      ]);
    });
  });
});
