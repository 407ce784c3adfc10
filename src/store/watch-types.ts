// What the periodic-job watcher keeps across restarts and shares between instances: one row per watched
// job and build it has looked at. The row is the claim: inserted (or taken over) before the build is
// triaged or recorded, so two instances or a restart never handle the same build twice.

/**
 * pending: not finished yet, looked at again on later ticks. claimed: someone is handling it now.
 * enqueued: a failed run, its triage job is queued. triaged/recorded: done (failed / other runs).
 * failed: the triage job gave up. abandoned: it never finished within the watcher's patience.
 */
export type WatchBuildState = 'pending' | 'claimed' | 'enqueued' | 'triaged' | 'recorded' | 'failed' | 'abandoned';

export interface WatchBuildKey {
  /** The watched job, `gs://<bucket>/logs/<job>`. */
  target: string;
  buildId: string;
}

export interface WatchBuildRecord extends WatchBuildKey {
  state: WatchBuildState;
  /** The run's result once finished (SUCCESS, FAILURE, ...). */
  result: string | null;
  owner: string | null;
  error: string | null;
  firstSeenAt: string;
  claimedAt: string | null;
  updatedAt: string;
}

export interface WatchHistory {
  /** Newest build recorded for the target in any state; null before its first tick. */
  lastSeen: string | null;
  /** Pending builds and claims, oldest first, with when they were first seen. */
  unsettled: { buildId: string; state: 'pending' | 'claimed'; firstSeenAt: string }[];
}

export interface WatchClaimRequest extends WatchBuildKey {
  /** This instance. */
  owner: string;
  /** A claim older than this (ms) that never settled is taken over (its holder died mid-way). */
  staleMs: number;
}

export type WatchSettledState = Exclude<WatchBuildState, 'pending' | 'claimed'>;

export interface WatchStore {
  loadWatchHistory(target: string): Promise<WatchHistory>;
  /** Insert-or-ignore: an unfinished build, so later ticks look at it again. */
  markWatchPending(key: WatchBuildKey): Promise<void>;
  /** Atomic: true when the caller now owns the build (new, pending, or a stale claim). */
  claimWatchBuild(req: WatchClaimRequest): Promise<boolean>;
  /** Moves the build to a settled state (or back from `enqueued` to `triaged`/`failed`). */
  settleWatchBuild(
    key: WatchBuildKey,
    update: { state: WatchSettledState; result?: string | null; error?: string | null },
  ): Promise<void>;
  getWatchBuild(key: WatchBuildKey): Promise<WatchBuildRecord | null>;
  listWatchBuilds(target?: string): Promise<WatchBuildRecord[]>;
}
