import { createWorker, currentJobDelivery } from '../../src/queue/index.ts';
import type { JobHandler } from '../../src/queue/index.ts';
import type { Store } from '../../src/store/index.ts';
import type { Logger } from '../../src/logger.ts';
import { BACKENDS } from '../store/backends.ts';

// The worker on both queues, in real time (PostgreSQL's pg-boss schedules on the database's clock):
// what a job logs, retries after the backoff, and jobs handed back at shutdown.

interface Line {
  level: string;
  fields: Record<string, unknown>;
  msg: string;
}

function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (fields: object, msg: string): void =>
      void lines.push({ level, fields: { ...fields }, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(BACKENDS)('queue worker on the $backend.name store', ({ backend, run }) => {
  let store: Store;
  const maybe = run ? it : it.skip;

  beforeEach(async () => {
    if (run) store = await backend.open(() => new Date());
  });

  afterEach(async () => {
    if (run) await store.close();
  });

  afterAll(async () => {
    if (run) await backend.teardown();
  });

  const worker = (handlers: Record<string, JobHandler>, log: Logger, owner?: string) =>
    createWorker({
      store,
      handlers,
      concurrency: 2,
      leaseMs: 60_000,
      log,
      backoff: { baseMs: 300, jitter: 0 },
      ...(owner ? { owner } : {}),
    });

  maybe('logs every line of a job with its job id, kind and the webhook delivery id', async () => {
    const lines: Line[] = [];
    const r = await store.enqueue({
      jobs: [{ kind: 'triage-run', payload: { n: 1 } }],
      delivery: { id: 'delivery-7f3a', event: 'status' },
      now: Date.now(),
    });
    let calls = 0;
    const w = worker(
      {
        'triage-run': {
          async run(_p, ctx) {
            calls++;
            ctx.log.info({ step: 'fetch' }, 'fetching the log');
            if (calls === 1) throw Object.assign(new Error('GitHub 502'), { status: 502 });
          },
        },
      },
      recordingLogger(lines),
    );

    await w.drain();

    const ids = { jobId: r.enqueued[0], kind: 'triage-run', deliveryId: 'delivery-7f3a' };
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'fetching the log'],
      ['warn', 'job failed, will retry'],
    ]);
    expect(lines.map((l) => l.fields)).toEqual([expect.objectContaining(ids), expect.objectContaining(ids)]);
    expect(lines[0]?.fields.step).toBe('fetch');
  });

  maybe("gives a job's follow-ups the webhook delivery id of the job that enqueued them", async () => {
    const lines: Line[] = [];
    await store.enqueue({
      jobs: [{ kind: 'triage-run', payload: null }],
      delivery: { id: 'delivery-9c', event: 'check_run' },
      now: Date.now(),
    });
    const w = worker(
      {
        'triage-run': {
          async run() {
            await store.enqueue({
              jobs: [{ kind: 'comment-sync', payload: null, groupKey: 'comment:o/r#1', coalesce: true }],
              fromDelivery: currentJobDelivery(),
              now: Date.now(),
            });
          },
        },
        'comment-sync': { run: async (_p, ctx) => ctx.log.info({}, 'synced') },
      },
      recordingLogger(lines),
    );

    await w.drain();

    const [sync] = await store.listJobs({ kind: 'comment-sync' });
    expect(sync).toMatchObject({ status: 'done', deliveryId: 'delivery-9c' });
    expect(lines.find((l) => l.msg === 'synced')?.fields).toMatchObject({ jobId: sync?.id, deliveryId: 'delivery-9c' });
    expect(currentJobDelivery()).toBeNull();
  });

  maybe('retries a transient failure once the backoff has passed, not before', async () => {
    let calls = 0;
    const [id] = (await store.enqueue({ jobs: [{ kind: 'flaky', payload: null }], now: Date.now() })).enqueued;
    const w = worker(
      {
        flaky: {
          async run() {
            calls++;
            if (calls === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
          },
        },
      },
      recordingLogger([]),
    );

    await w.drain();
    await w.drain();
    const beforeBackoff = calls;
    const queued = await store.getJob(id!);
    await sleep(400);
    await w.drain();

    expect(beforeBackoff).toBe(1);
    expect(queued).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Error: connect ECONNREFUSED' });
    expect(calls).toBe(2);
    expect(await store.getJob(id!)).toMatchObject({ status: 'done', attempts: 2 });
  });

  maybe('hands an unfinished job back at stop, so another worker starts it at once', async () => {
    const ran: string[] = [];
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await store.enqueue({ jobs: [{ kind: 'long', payload: null }], now: Date.now() });
    const hang: JobHandler = {
      async run() {
        ran.push('first');
        await held;
      },
    };
    const first = worker({ long: hang }, recordingLogger([]), 'first');
    first.start();
    for (let i = 0; i < 200 && ran.length === 0; i++) await sleep(10);

    await first.stop(50);
    const second = worker({ long: { run: async () => void ran.push('second') } }, recordingLogger([]), 'second');
    await second.drain();
    release();

    expect(ran).toEqual(['first', 'second']);
    expect((await store.listJobs({ kind: 'long' }))[0]).toMatchObject({ status: 'done', attempts: 2 });
  });
});
