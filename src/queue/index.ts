export { backoffDelay } from './backoff.ts';
export type { BackoffOptions } from './backoff.ts';
export { JobError, describeJobError, isTransient, retryAfterMs } from './errors.ts';
export type { JobErrorCode } from './errors.ts';
export type { JobContext, JobHandler, Worker, WorkerLane, WorkerOptions } from './types.ts';
export { createWorker } from './worker.ts';
export { parsePayload } from './parse-payload.ts';
export { currentJobDelivery } from './run-job.ts';
