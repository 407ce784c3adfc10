// The digest stage: build (pure) and run (store -> render -> deliver, claimed once per scope and period).
export { buildDigest } from './build-digest.ts';
export type { DigestFeedback, DigestInput, DigestLimits } from './build-digest.ts';
export type { DigestSource } from './digest-runs.ts';
export { DIGEST_LENGTHS, isDigestLength, periodEndingAt } from './period.ts';
export type { DigestLength } from './period.ts';
export { loadDigest, postDigest, runScheduledDigest, runScheduledDigests } from './run-digest.ts';
export type { DigestDeps, DigestOutcome, DigestStore, DigestTarget, UpsertDigestIssue } from './run-digest.ts';
export { UNCLASSIFIED } from './types.ts';
export type * from './types.ts';
