// The digest stage: build (pure), and the digest-post / digest-issue queue jobs (store -> render -> deliver,
// once per scope and period).
export { buildDigest } from './build-digest.ts';
export type { DigestFeedback, DigestInput, DigestLimits } from './build-digest.ts';
export type { DigestSource } from './digest-runs.ts';
export { DIGEST_LENGTHS, isDigestLength, periodEndingAt } from './period.ts';
export type { DigestLength } from './period.ts';
export { loadDigest, postDigest } from './run-digest.ts';
export type { DigestStore, DigestTarget, UpsertDigestIssue } from './run-digest.ts';
export { DIGEST_JOB_KINDS, digestIssueJob, digestPostJobs } from './digest-jobs.ts';
export type { DigestIssueJob, DigestPostJob } from './digest-jobs.ts';
export { createDigestJobHandlers } from './digest-job-handlers.ts';
export type { DigestJobDeps } from './digest-job-handlers.ts';
export { UNCLASSIFIED } from './types.ts';
export type * from './types.ts';
