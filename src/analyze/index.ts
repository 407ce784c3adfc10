// Public API of the analyze stage: load the rule catalog once, observe each run in one streaming
// pass, classify (pure) against an optional baseline, and compare causes across runs.
export { loadRuleCatalog } from './catalog/load-rule-catalog.ts';
export { createPatternCheckPool } from './catalog/pattern-check-pool.ts';
export type { PatternCheckPool, PatternCheckPoolOptions } from './catalog/pattern-check-pool.ts';
export { screenRuleFiles } from './catalog/screen-rules.ts';
export type { RuleScreenOptions, ScreenResult, VerdictCache } from './catalog/screen-rules.ts';
export { observeRun } from './observe-run.ts';
export { classifyRun, isSameCause } from './classify-run.ts';
export { isCoreFinding, isLatentFinding, rankFindings, topCause } from './rank-findings.ts';
export { findingOf, isFinding } from './finding-kind.ts';
export { AnalyzeError, isAnalyzeError, type AnalyzeErrorCode } from './errors.ts';
export { DEFAULT_LIMITS } from './limits.ts';
export { normaliseLine } from './normalise.ts';
export { keyLinesOf } from './key-lines/index.ts';
export type { KeyLineOptions } from './key-lines/index.ts';
export { definitionChangesOf, describeChange, flattenWorkflow, listDelta } from './definition/index.ts';
export type { CompiledRule, RuleCatalog } from './catalog/types.ts';
export type { RunObservations, ScanLimits } from './types.ts';
