export { renderPrComment } from './render-pr-comment.ts';
export { COMMENT_MARKER, GITHUB_COMMENT_LIMIT } from './pr-comment-state.ts';
export type { PrCommentJob, PrCommentOptions, PrCommentState } from './pr-comment-state.ts';
export { DETAIL_LEVELS } from './detail-levels.ts';
export type { DetailLevel } from './detail-levels.ts';
