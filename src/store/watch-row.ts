import type { WatchBuildRecord, WatchBuildState } from './watch-types.ts';

// A watch_builds row as both stores read it, and the record it is.

export interface BuildRow {
  target: string;
  build_id: string;
  state: WatchBuildState;
  result: string | null;
  owner: string | null;
  error: string | null;
  first_seen_at: string;
  claimed_at: string | null;
  updated_at: string;
}

export function toRecord(r: BuildRow): WatchBuildRecord {
  return {
    target: r.target,
    buildId: r.build_id,
    state: r.state,
    result: r.result,
    owner: r.owner,
    error: r.error,
    firstSeenAt: r.first_seen_at,
    claimedAt: r.claimed_at,
    updatedAt: r.updated_at,
  };
}
