import type { QueueJob, QueueStore } from '../store/types.ts';
import type { BackoffOptions } from './backoff.ts';
import type { Logger } from '../logger.ts';

export interface JobContext {
  job: QueueJob;
  log: Logger;
}

export interface JobHandler {
  run(payload: unknown, ctx: JobContext): Promise<void>;
  /** Called once when the job is given up (permanent error or out of attempts), before it is marked failed. */
  onGiveUp?(payload: unknown, error: unknown, ctx: JobContext): Promise<void>;
}

export interface WorkerOptions {
  store: QueueStore;
  handlers: Record<string, JobHandler>;
  /** Jobs run at once by this worker (beyond the lanes' own slots). */
  concurrency: number;
  /**
   * Kinds with slots of their own, so slow work of one kind cannot starve another (GitHub writes
   * waiting in the client's throttling do not hold the triage slots, and triage does not hold theirs).
   */
  lanes?: readonly WorkerLane[];
  /** A claimed job belongs to this worker until then; renewed while it runs. */
  leaseMs: number;
  /** Longest sleep between looks at the queue (a `wake()` cuts it short). */
  pollMs?: number;
  backoff?: BackoffOptions;
  owner?: string;
  log: Logger;
  now?: () => number;
}

export interface WorkerLane {
  kinds: readonly string[];
  concurrency: number;
}

export interface Worker {
  readonly owner: string;
  start(): void;
  /** New work was enqueued: look now instead of at the next poll. */
  wake(): void;
  /** Runs due jobs until none is due and none runs (tests, and the crash-recovery check). */
  drain(): Promise<void>;
  /** Stops claiming and waits up to `timeoutMs` for running jobs; unfinished ones are released to the queue. */
  stop(timeoutMs?: number): Promise<void>;
}
