import { z } from 'zod';
import type { NewQueueJob } from '../store/types.ts';

// The queue job a tick enqueues for a failed run of a watched job; the App's worker runs it
// (src/app/processor/watch-run.ts): engine, save, the same listeners as the App's own triages.

export const WATCH_RUN_KIND = 'watch-run';

export const watchRunSchema = z.object({
  /** The watched job, `gs://<bucket>/logs/<job>` (the watch store's key). */
  target: z.string().min(1),
  job: z.string().min(1),
  buildId: z.string().regex(/^\d+$/),
  /** What the engine reads: `gs://<bucket>/logs/<job>/<build>`. */
  source: z.string().min(1),
  /** The installation whose token the engine uses (suspect PR lookups). */
  installationId: z.number().int().positive(),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  eventAt: z.string(),
});

export type WatchRunJob = z.infer<typeof watchRunSchema>;

/** Deduplicated by job and build, so a claim taken over after a crash never enqueues a second triage. */
export function watchRunJob(p: WatchRunJob, maxAttempts: number): NewQueueJob {
  return { kind: WATCH_RUN_KIND, payload: p, dedupeKey: `watch:${p.target}:${p.buildId}`, maxAttempts };
}
