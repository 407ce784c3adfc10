export { httpStatusOf, splitRepo } from './github-client.ts';
export type { GitHubClient, GitHubResponse } from './github-client.ts';
export { reactToComment } from './react-to-comment.ts';
export type { ReactionContent } from './react-to-comment.ts';
export { deliverPrComment } from './upsert-pr-comment.ts';
export type { PrCommentDelivery, PrCommentResult } from './upsert-pr-comment.ts';
export { createDigestIssueUpserter, DIGEST_LABEL } from './digest-issue.ts';
