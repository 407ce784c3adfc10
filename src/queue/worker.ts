import { randomUUID } from 'node:crypto';
import type { QueueJob, QueueStore } from '../store/types.ts';
import { backoffDelay } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { describeJobError, isTransient } from './errors.ts';

/** pino-compatible subset. */
export interface QueueLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobContext {
  job: QueueJob;
  log: QueueLogger;
}

export interface JobHandler {
  run(payload: unknown, ctx: JobContext): Promise<void>;
  /** Called once when the job is given up (permanent error or out of attempts), before it is marked failed. */
  onGiveUp?(payload: unknown, error: unknown, ctx: JobContext): Promise<void>;
}

export interface WorkerOptions {
  store: QueueStore;
  handlers: Record<string, JobHandler>;
  /** Jobs run at once by this worker. */
  concurrency: number;
  /** A claimed job belongs to this worker until then; renewed while it runs. */
  leaseMs: number;
  /** Longest sleep between looks at the queue (a `wake()` cuts it short). */
  pollMs?: number;
  backoff?: BackoffOptions;
  owner?: string;
  log: QueueLogger;
  now?: () => number;
}

export interface Worker {
  readonly owner: string;
  start(): void;
  /** New work was enqueued: look now instead of at the next poll. */
  wake(): void;
  /** Runs due jobs until none is due and none runs (tests, and the crash-recovery check). */
  drain(): Promise<void>;
  /** Stops claiming and waits up to `timeoutMs` for running jobs; unfinished ones keep their lease and expire. */
  stop(timeoutMs?: number): Promise<void>;
}

export function createWorker(options: WorkerOptions): Worker {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const owner = options.owner ?? `worker-${randomUUID()}`;
  const pollMs = options.pollMs ?? 5_000;
  const running = new Map<number, Promise<void>>();
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<number> | null = null;

  /** Claims what fits in the free slots and starts it; resolves to the number of jobs claimed. */
  const tick = (): Promise<number> => {
    ticking ??= claimAndStart().finally(() => {
      ticking = null;
    });
    return ticking;
  };

  async function claimAndStart(): Promise<number> {
    const free = options.concurrency - running.size;
    if (stopped || free <= 0) return 0;
    const jobs = await store.claimJobs({ owner, limit: free, leaseMs: options.leaseMs, now: now() });
    for (const job of jobs) {
      const done = runJob(job).finally(() => {
        running.delete(job.id);
        if (started && !stopped) void loop();
      });
      running.set(job.id, done);
    }
    return jobs.length;
  }

  async function runJob(job: QueueJob): Promise<void> {
    const ctx: JobContext = { job, log };
    const handler = options.handlers[job.kind];
    const heartbeat = setInterval(() => void renewLease(job), Math.max(50, Math.floor(options.leaseMs / 3)));
    heartbeat.unref();
    try {
      if (!handler) throw Object.assign(new Error(`no handler for job kind "${job.kind}"`), { permanent: true });
      await handler.run(job.payload, ctx);
      await store.completeJob(job.id, owner, now());
      log.debug({ jobId: job.id, kind: job.kind, attempts: job.attempts }, 'job done');
    } catch (err) {
      await settleFailure(job, handler, err, ctx);
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function settleFailure(job: QueueJob, handler: JobHandler | undefined, err: unknown, ctx: JobContext): Promise<void> {
    const reason = describeJobError(err);
    if (isTransient(err) && job.attempts < job.maxAttempts) {
      const delay = backoffDelay(job.attempts, options.backoff);
      log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, delayMs: delay, err: reason }, 'job failed, will retry');
      await store.retryJob(job.id, owner, reason, now() + delay, now());
      return;
    }
    log.error({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: reason }, 'job failed for good');
    try {
      await handler?.onGiveUp?.(job.payload, err, ctx);
    } catch (giveUpErr) {
      log.error({ jobId: job.id, err: describeJobError(giveUpErr) }, 'recording the failure failed');
    }
    await store.failJob(job.id, owner, reason, now());
  }

  async function renewLease(job: QueueJob): Promise<void> {
    try {
      const kept = await store.extendLease(job.id, owner, now() + options.leaseMs);
      if (!kept) log.warn({ jobId: job.id }, 'lease lost: another worker may run this job too');
    } catch (err) {
      log.warn({ jobId: job.id, err: describeJobError(err) }, 'lease renewal failed');
    }
  }

  function onTickError(err: unknown): void {
    log.error({ err: describeJobError(err) }, 'queue poll failed');
  }

  let looping = false;
  let again = false;

  /** One look at the queue, then sleep until the next due job (or `pollMs`); wakes coalesce. */
  async function loop(): Promise<void> {
    if (looping) {
      again = true;
      return;
    }
    looping = true;
    try {
      do {
        again = false;
        await tick().catch(onTickError);
      } while (again && !stopped);
      const next = await store.nextRunAfter().catch(() => null);
      const wait = next === null ? pollMs : Math.min(pollMs, Math.max(10, next - now()));
      if (timer) clearTimeout(timer);
      // unref: the HTTP server keeps the process alive, the worker alone should not.
      if (!stopped) timer = setTimeout(() => void loop(), wait).unref();
    } finally {
      looping = false;
    }
  }

  return {
    owner,
    start() {
      if (started) return;
      started = true;
      void loop();
    },
    wake() {
      if (started && !stopped) void loop();
    },
    async drain() {
      for (;;) {
        const claimed = await tick();
        if (running.size > 0) {
          await Promise.race(running.values());
          continue;
        }
        // Nothing claimable now (empty, scheduled later, or held by another worker's live lease).
        if (claimed === 0 || stopped) return;
      }
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      if (timer) clearTimeout(timer);
      let limit: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        limit = setTimeout(resolve, timeoutMs);
        limit.unref();
      });
      await Promise.race([Promise.allSettled([...running.values()]), deadline]);
      clearTimeout(limit);
    },
  };
}
