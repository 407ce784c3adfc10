export { backoffDelay } from './backoff.ts';
export type { BackoffOptions } from './backoff.ts';
export { JobError, describeJobError, isTransient } from './errors.ts';
export type { JobErrorCode } from './errors.ts';
export type { JobContext, JobHandler, Worker, WorkerOptions } from './types.ts';
export { createWorker } from './worker.ts';
export { currentJobDelivery } from './run-job.ts';
