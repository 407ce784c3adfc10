import type { JobHandler } from '../../queue/index.ts';
import { JOB_KINDS } from '../jobs.ts';
import { commentSyncHandler } from './comment-sync.ts';
import { jobPassedHandler } from './job-passed.ts';
import type { AppServices } from './services.ts';
import { triageCommandHandler } from './triage-comment.ts';
import { triageRunHandler } from './triage-run.ts';
import { WATCH_RUN_KIND } from '../../watch/index.ts';
import { watchRunHandler } from './watch-run.ts';

export type { AppServices, TriageScope } from './services.ts';

/** The worker's handlers, one per job kind. */
export function createJobHandlers(s: AppServices): Record<string, JobHandler> {
  return {
    [JOB_KINDS.triageRun]: triageRunHandler(s),
    [JOB_KINDS.jobPassed]: jobPassedHandler(s),
    [JOB_KINDS.triageCommand]: triageCommandHandler(s),
    [JOB_KINDS.commentSync]: commentSyncHandler(s),
    [WATCH_RUN_KIND]: watchRunHandler(s),
  };
}
