import { JobError, createWorker } from '../../src/queue/index.ts';
import type { JobHandler } from '../../src/queue/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import type { SqliteStore } from '../../src/store/index.ts';
import type { Logger } from '../../src/logger.ts';
import { metrics } from '../../src/ops/index.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('queue worker', () => {
  let store: SqliteStore;
  let clock: number;

  beforeEach(() => {
    clock = Date.parse('2025-02-11T02:00:00Z');
    store = openSqliteStore({ path: ':memory:' });
  });

  afterEach(async () => {
    await store.close();
  });

  const worker = (handlers: Record<string, JobHandler>, over: Partial<Parameters<typeof createWorker>[0]> = {}) =>
    createWorker({
      store,
      handlers,
      concurrency: 2,
      leaseMs: 60_000,
      log: quiet,
      now: () => clock,
      backoff: { baseMs: 1000, jitter: 0 },
      ...over,
    });

  it('exports every kind it runs in ci_triage_jobs_total from the start, at 0, and honours Retry-After', async () => {
    const handlers = {
      'kind-never-run': { run: async () => undefined },
      'kind-rate-limited': {
        run: async () =>
          Promise.reject(Object.assign(new Error('rate limited'), { permanent: false, retryAfterMs: 42_000 })),
      },
    };
    const w = worker(handlers);
    await store.enqueue({ jobs: [{ kind: 'kind-rate-limited', payload: {}, maxAttempts: 3 }], now: clock });

    await w.drain();

    const text = await metrics.registry.getSingleMetricAsString('ci_triage_jobs_total');
    for (const outcome of ['done', 'retry', 'failed'])
      expect(text).toContain(`ci_triage_jobs_total{kind="kind-never-run",outcome="${outcome}"} 0`);
    expect(text).toContain('ci_triage_jobs_total{kind="kind-rate-limited",outcome="retry"} 1');
    // The backoff alone would be 1 s; the error asked for 42.
    const [job] = await store.listJobs({ kind: 'kind-rate-limited' });
    expect([job?.status, (job?.runAfter ?? 0) - clock]).toEqual(['queued', 42_000]);
  });

  it('runs jobs with at most `concurrency` at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await store.enqueue({ jobs: [1, 2, 3, 4, 5].map((n) => ({ kind: 'slow', payload: n })), now: clock });
    const w = worker({
      slow: {
        async run(p) {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await sleep(20);
          seen.push(p as number);
          inFlight--;
        },
      },
    });

    await w.drain();

    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect((await store.listJobs({ status: 'done' })).length).toBe(5);
  });

  it('gives a lane its own slots: stuck writes do not starve triage, and triage does not hold theirs', async () => {
    let releaseWrites = () => {};
    const writesHeld = new Promise<void>((r) => {
      releaseWrites = r;
    });
    const order: string[] = [];
    const jobs = [
      ...[1, 2, 3].map((n) => ({ kind: 'write', payload: `w${n}` })),
      ...[1, 2, 3].map((n) => ({ kind: 'triage', payload: `t${n}` })),
    ];
    await store.enqueue({ jobs, now: clock });
    const w = worker(
      {
        write: {
          async run(p) {
            await writesHeld;
            order.push(p as string);
          },
        },
        triage: {
          async run(p) {
            order.push(p as string);
          },
        },
      },
      { concurrency: 1, lanes: [{ kinds: ['write'], concurrency: 1 }] },
    );

    const drained = w.drain();
    for (let i = 0; i < 100 && order.length < 3; i++) await sleep(10);
    const beforeRelease = [...order];
    releaseWrites();
    await drained;

    expect(beforeRelease).toEqual(['t1', 't2', 't3']);
    expect(order.slice(3)).toEqual(['w1', 'w2', 'w3']);
  });

  it('runs jobs of one group one after the other', async () => {
    const log: string[] = [];
    await store.enqueue({
      jobs: ['a', 'b', 'c'].map((p) => ({ kind: 'sync', payload: p, groupKey: 'comment:o/r#1' })),
      now: clock,
    });
    const w = worker(
      {
        sync: {
          async run(p) {
            log.push(`start ${p}`);
            await sleep(10);
            log.push(`end ${p}`);
          },
        },
      },
      { concurrency: 3 },
    );

    await w.drain();

    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('retries a transient failure after an exponential backoff, then succeeds', async () => {
    let calls = 0;
    const [id] = (await store.enqueue({ jobs: [{ kind: 'flaky', payload: null }], now: clock })).enqueued;
    const w = worker({
      flaky: {
        async run() {
          calls++;
          if (calls <= 2) throw Object.assign(new Error('GitHub 502'), { status: 502 });
        },
      },
    });

    await w.drain();
    const afterFirst = await store.getJob(id!);
    clock += 1000;
    await w.drain();
    const afterSecond = await store.getJob(id!);
    clock += 1999;
    await w.drain();
    const tooEarly = calls;
    clock += 1;
    await w.drain();

    expect(afterFirst).toMatchObject({
      status: 'queued',
      attempts: 1,
      runAfter: Date.parse('2025-02-11T02:00:01Z'),
      lastError: 'Error 502: GitHub 502',
    });
    expect(afterSecond).toMatchObject({ status: 'queued', attempts: 2, runAfter: Date.parse('2025-02-11T02:00:03Z') });
    expect(tooEarly).toBe(2);
    expect(calls).toBe(3);
    expect((await store.getJob(id!))?.status).toBe('done');
  });

  it('records a permanent failure at once and tells the handler', async () => {
    const gaveUp: unknown[] = [];
    const [id] = (await store.enqueue({ jobs: [{ kind: 'bad', payload: { url: 'x' } }], now: clock })).enqueued;
    const w = worker({
      bad: {
        async run() {
          throw new JobError('not-found', 'run gs://b/x/1 does not exist');
        },
        async onGiveUp(payload, err) {
          gaveUp.push([payload, (err as Error).message]);
        },
      },
    });

    await w.drain();

    expect(await store.getJob(id!)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'JobError: run gs://b/x/1 does not exist',
    });
    expect(gaveUp).toEqual([[{ url: 'x' }, 'run gs://b/x/1 does not exist']]);
  });

  it('gives up on a transient failure once out of attempts', async () => {
    let calls = 0;
    const [id] = (await store.enqueue({ jobs: [{ kind: 'down', payload: null, maxAttempts: 2 }], now: clock }))
      .enqueued;
    const w = worker({
      down: {
        async run() {
          calls++;
          throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        },
      },
    });

    await w.drain();
    clock += 60_000;
    await w.drain();

    expect(calls).toBe(2);
    expect(await store.getJob(id!)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('leaves a job of a kind it has no handler for to a worker that has one (rolling upgrade)', async () => {
    const [id] = (await store.enqueue({ jobs: [{ kind: 'from-the-future', payload: 'x' }], now: clock })).enqueued;

    await worker({ triage: { run: async () => {} } }).drain();
    expect(await store.getJob(id!)).toMatchObject({ status: 'queued', attempts: 0 });

    const seen: unknown[] = [];
    await worker({ 'from-the-future': { run: async (p) => void seen.push(p) } }).drain();
    expect(seen).toEqual(['x']);
    expect(await store.getJob(id!)).toMatchObject({ status: 'done' });
  });

  it('re-runs a job whose worker died once its lease has expired', async () => {
    const ran: string[] = [];
    await store.enqueue({ jobs: [{ kind: 'triage', payload: 'run-1' }], now: clock });
    await store.claimJobs({ owner: 'crashed-process', limit: 1, leaseMs: 60_000, now: clock });
    const w = worker({
      triage: {
        async run(p) {
          ran.push(p as string);
        },
      },
    });

    await w.drain();
    const whileLeased = [...ran];
    clock += 60_001;
    await w.drain();

    expect(whileLeased).toEqual([]);
    expect(ran).toEqual(['run-1']);
    expect((await store.listJobs())[0]).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('keeps renewing the lease of a long job so no other worker takes it', async () => {
    const runs: string[] = [];
    await store.enqueue({ jobs: [{ kind: 'long', payload: null }], now: Date.now() });
    const handler = (name: string): JobHandler => ({
      async run() {
        runs.push(name);
        await sleep(900);
      },
    });
    const a = worker({ long: handler('a') }, { leaseMs: 300, now: Date.now });
    const b = worker({ long: handler('b') }, { leaseMs: 300, now: Date.now });

    const draining = a.drain();
    await sleep(600);
    await b.drain();
    await draining;

    expect(runs).toEqual(['a']);
  });

  it('processes work when started and woken, and stops cleanly', async () => {
    const done: number[] = [];
    const w = worker({ k: { run: async (p) => void done.push(p as number) } }, { now: Date.now, pollMs: 10_000 });
    w.start();

    await store.enqueue({ jobs: [{ kind: 'k', payload: 7 }], now: Date.now() });
    w.wake();
    for (let i = 0; i < 200 && done.length === 0; i++) await sleep(10);
    await w.stop();

    expect(done).toEqual([7]);
  });
});
