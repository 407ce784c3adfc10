import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueueJob, QueueStore } from '../store/types.ts';
import { backoffDelay } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { describeJobError, isTransient, retryAfterMs } from './errors.ts';
import type { JobContext, JobHandler } from './types.ts';
import { childLogger } from '../logger.ts';
import type { Logger } from '../logger.ts';
import { metrics } from '../ops/index.ts';

export interface RunJobDeps {
  store: QueueStore;
  handlers: Record<string, JobHandler>;
  owner: string;
  leaseMs: number;
  backoff?: BackoffOptions;
  log: Logger;
  now: () => number;
}

const running = new AsyncLocalStorage<QueueJob>();

/** The webhook delivery behind the job this code runs in (null outside a job), for its follow-up jobs. */
export function currentJobDelivery(): string | null {
  return running.getStore()?.deliveryId ?? null;
}

/**
 * Runs one claimed job to a settled state: done, queued again after a backoff, or failed. Every line
 * it and its handler log carries the job id, kind and the webhook delivery that enqueued it.
 */
export async function runClaimedJob(job: QueueJob, queueDeps: RunJobDeps): Promise<void> {
  const log = childLogger(queueDeps.log, { jobId: job.id, kind: job.kind, deliveryId: job.deliveryId });
  const d: RunJobDeps = { ...queueDeps, log };
  const ctx: JobContext = { job, log };
  const handler = d.handlers[job.kind];
  // Renew well before expiry so a slow analysis is never mistaken for a dead worker.
  const heartbeat = setInterval(() => void renewLease(job, d), Math.max(50, Math.floor(d.leaseMs / 3)));
  heartbeat.unref();
  try {
    if (!handler) throw Object.assign(new Error(`no handler for job kind "${job.kind}"`), { permanent: true });
    await running.run(job, () => handler.run(job.payload, ctx));
    await d.store.completeJob(job.id, d.owner, d.now());
    metrics.jobs.inc({ kind: job.kind, outcome: 'done' });
    d.log.debug({ attempts: job.attempts }, 'job done');
  } catch (err) {
    await settleFailure(job, handler, err, ctx, d);
  } finally {
    clearInterval(heartbeat);
  }
}

async function settleFailure(
  job: QueueJob,
  handler: JobHandler | undefined,
  err: unknown,
  ctx: JobContext,
  d: RunJobDeps,
): Promise<void> {
  const reason = describeJobError(err);
  if (isTransient(err) && job.attempts < job.maxAttempts) {
    const delay = Math.max(backoffDelay(job.attempts, d.backoff), retryAfterMs(err) ?? 0);
    d.log.warn({ attempts: job.attempts, delayMs: delay, err: reason }, 'job failed, will retry');
    await d.store.retryJob(job.id, d.owner, reason, d.now() + delay, d.now());
    metrics.jobs.inc({ kind: job.kind, outcome: 'retry' });
    return;
  }
  d.log.error({ attempts: job.attempts, err: reason }, 'job failed for good');
  try {
    await handler?.onGiveUp?.(job.payload, err, ctx);
  } catch (giveUpErr) {
    d.log.error({ err: describeJobError(giveUpErr) }, 'recording the failure failed');
  }
  await d.store.failJob(job.id, d.owner, reason, d.now());
  metrics.jobs.inc({ kind: job.kind, outcome: 'failed' });
}

async function renewLease(job: QueueJob, d: RunJobDeps): Promise<void> {
  try {
    const kept = await d.store.extendLease(job.id, d.owner, d.now() + d.leaseMs);
    if (!kept) d.log.warn({}, 'lease lost: another worker may run this job too');
  } catch (err) {
    d.log.warn({ err: describeJobError(err) }, 'lease renewal failed');
  }
}
