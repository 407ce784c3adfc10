import { randomUUID } from 'node:crypto';
import { metrics } from '../ops/index.ts';
import { describeJobError } from './errors.ts';
import { runClaimedJob } from './run-job.ts';
import type { RunJobDeps } from './run-job.ts';
import type { Worker, WorkerLane, WorkerOptions } from './types.ts';

const JOB_OUTCOMES = ['done', 'retry', 'failed'] as const;

export type { JobContext, JobHandler, Worker, WorkerLane, WorkerOptions } from './types.ts';

/**
 * The queue's consumer: claims due jobs into `concurrency` slots (the store keeps one job per group
 * running), runs them, and sleeps until the next due job or `pollMs`. Everything it knows is in the
 * store, so a new process picks up where a dead one stopped once the dead one's leases expire.
 */
export function createWorker(options: WorkerOptions): Worker {
  return new QueueWorker(options);
}

class QueueWorker implements Worker {
  readonly owner: string;
  readonly #o: WorkerOptions;
  readonly #deps: RunJobDeps;
  readonly #now: () => number;
  readonly #running = new Map<string, Promise<void>>();
  /** The default lane (every kind no lane names) first, then the named lanes; each with its running ids. */
  readonly #lanes: {
    claim: Pick<WorkerLane, 'concurrency'> & { kinds?: readonly string[]; exceptKinds?: readonly string[] };
    ids: Set<string>;
  }[];
  #started = false;
  #stopped = false;
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<number> | null = null;
  #looping = false;
  #again = false;

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    const { store, handlers, leaseMs, backoff, log } = options;
    this.#deps = { store, handlers, owner: this.owner, leaseMs, backoff, log, now: this.#now };
    // Every kind this worker runs shows in /metrics from the start, at 0, so rates and alerts on a
    // kind that has not failed yet are defined.
    for (const kind of Object.keys(handlers))
      for (const outcome of JOB_OUTCOMES) metrics.jobs.inc({ kind, outcome }, 0);
    const lanes = options.lanes ?? [];
    const named = lanes.flatMap((l) => l.kinds);
    // Only kinds this worker has a handler for: in a rolling upgrade, a job of a kind that only the new
    // version knows waits for a new instance instead of being failed by an old one.
    const rest = Object.keys(handlers).filter((k) => !named.includes(k));
    this.#lanes = [
      { claim: { concurrency: options.concurrency, kinds: rest }, ids: new Set() },
      ...lanes.map((l) => ({ claim: { concurrency: l.concurrency, kinds: l.kinds }, ids: new Set<string>() })),
    ];
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#loop();
  }

  wake(): void {
    if (this.#started && !this.#stopped) void this.#loop();
  }

  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.#tick();
      // Something started: look again at once (a lane may have freed while another lane claimed).
      if (claimed > 0 && !this.#stopped) continue;
      if (this.#running.size > 0) {
        await Promise.race(this.#running.values());
        continue;
      }
      // Nothing claimable now (empty, scheduled later, or held by another worker's live lease).
      if (claimed === 0 || this.#stopped) return;
    }
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    let limit: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      limit = setTimeout(resolve, timeoutMs).unref();
    });
    await Promise.race([Promise.allSettled([...this.#running.values()]), deadline]);
    clearTimeout(limit);
    // Out of grace: hand the unfinished jobs back now rather than when their leases expire, so another
    // instance starts them at once (their settle calls from here on find the lease gone and do nothing).
    for (const id of this.#running.keys()) {
      await this.#o.store
        .retryJob(id, this.owner, 'released at shutdown before it finished', this.#now(), this.#now())
        .catch((err: unknown) => this.#o.log.warn({ jobId: id, err: describeJobError(err) }, 'job release failed'));
    }
  }

  /** Claims what fits in the free slots and starts it; concurrent calls share one claim. */
  #tick(): Promise<number> {
    this.#ticking ??= this.#claimAndStart().finally(() => {
      this.#ticking = null;
    });
    return this.#ticking;
  }

  async #claimAndStart(): Promise<number> {
    let started = 0;
    for (const lane of this.#lanes) {
      const free = lane.claim.concurrency - lane.ids.size;
      if (this.#stopped || free <= 0) continue;
      const { kinds, exceptKinds } = lane.claim;
      const jobs = await this.#o.store.claimJobs({
        owner: this.owner,
        limit: free,
        leaseMs: this.#o.leaseMs,
        now: this.#now(),
        ...(kinds ? { kinds } : {}),
        ...(exceptKinds ? { exceptKinds } : {}),
      });
      for (const job of jobs) {
        const done = runClaimedJob(job, this.#deps).finally(() => {
          this.#running.delete(job.id);
          lane.ids.delete(job.id);
          if (this.#started && !this.#stopped) void this.#loop();
        });
        this.#running.set(job.id, done);
        lane.ids.add(job.id);
      }
      started += jobs.length;
    }
    return started;
  }

  /** One look at the queue, then sleep until the next due job (or `pollMs`); wakes coalesce. */
  async #loop(): Promise<void> {
    if (this.#looping) {
      this.#again = true;
      return;
    }
    this.#looping = true;
    try {
      do {
        this.#again = false;
        await this.#tick().catch((err: unknown) =>
          this.#o.log.error({ err: describeJobError(err) }, 'queue poll failed'),
        );
      } while (this.#again && !this.#stopped);
      const next = await this.#o.store.nextRunAfter().catch(() => null);
      const pollMs = this.#o.pollMs ?? 5_000;
      const wait = next === null ? pollMs : Math.min(pollMs, Math.max(10, next - this.#now()));
      if (this.#timer) clearTimeout(this.#timer);
      // unref: the HTTP server keeps the process alive; the worker alone should not.
      if (!this.#stopped) this.#timer = setTimeout(() => void this.#loop(), wait).unref();
    } finally {
      this.#looping = false;
    }
  }
}
