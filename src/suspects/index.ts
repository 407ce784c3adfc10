// The suspect finder's public API: which merged change broke the job, ranked with evidence.
export { findSuspects } from './find-suspects.ts';
export { findSuspectsForTerms, parseTermList, type PlainSuspectQuery } from './find-suspects-for-terms.ts';
export { termsFromFindings, termsFromList } from './terms-from-findings.ts';
export { termsFromDefinition } from './definition-terms.ts';
export { findWorkflowCommits, scriptsOf } from './find-workflow-commits.ts';
export { outsideSuspects } from './outside-suspects.ts';
export { rankSuspects, type RankWindow } from './rank-suspects.ts';
export { MemoryPrCache } from './memory-pr-cache.ts';
export type { SuspectsOctokit } from './github-requests.ts';
export type {
  ChangeToken,
  DanglingPreset,
  PrCache,
  PrFile,
  PullSummary,
  PullWithFiles,
  SuspectOptions,
  SuspectQuery,
  SuspectResult,
  SuspectTerms,
} from './types.ts';
