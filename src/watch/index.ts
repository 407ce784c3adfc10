// Public API of the periodic-job watcher: parse the configured jobs, run one tick, and the queue job
// a tick enqueues for a failed run.
export { parseWatchTarget } from './watch-target.ts';
export type { ParsedWatchTarget, WatchTarget } from './watch-target.ts';
export { gapListPrefix, parseLatestBuild, planWatch } from './plan-builds.ts';
export type { WatchPlan, WatchPlanInput } from './plan-builds.ts';
export { DEFAULT_WATCH_LIMITS, runWatchTick } from './run-watch-tick.ts';
export type { WatchDeps, WatchLimits, WatchOutcome, WatchScope, WatchTickStore } from './run-watch-tick.ts';
export { buildRunRecord } from './run-record.ts';
export { WATCH_RUN_KIND, watchRunJob, watchRunSchema } from './watch-job.ts';
export type { WatchRunJob } from './watch-job.ts';
