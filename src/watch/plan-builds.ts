// Which builds of a watched job to look at on one tick: pure, given what latest-build.txt says, what the
// store has seen, and (when the job moved on by more than one build) what a listing of the gap found.

import { compareBuildIds, isBuildId } from '../ingest/index.ts';

/** latest-build.txt holds one build id; anything else (HTML error page, empty, several lines) is null. */
export function parseLatestBuild(text: string): string | null {
  const id = text.trim();
  return id.length <= 30 && isBuildId(id) ? id : null;
}

// Snowflake ids sharing their first 3 of 19 digits are at most ~27 days apart. A longer gap (the watcher
// was off for a month) is not caught up: the next tick behaves like the first one.
const MIN_SHARED_DIGITS = 3;

/**
 * The id prefix to list to find builds between the last one seen and the latest, or null when there is no
 * gap to list (first tick, nothing new, or a gap too long to be worth catching up).
 */
export function gapListPrefix(lastSeen: string | null, latest: string | null): string | null {
  if (lastSeen === null || latest === null || compareBuildIds(latest, lastSeen) <= 0) return null;
  if (lastSeen.length !== latest.length) return null;
  let shared = 0;
  while (shared < latest.length && latest[shared] === lastSeen[shared]) shared++;
  return shared >= MIN_SHARED_DIGITS ? latest.slice(0, shared) : null;
}

export interface WatchPlanInput {
  /** From latest-build.txt; null when it is missing or malformed. */
  latest: string | null;
  /** Newest build the store knows for the job (any state); null before the first tick. */
  lastSeen: string | null;
  /** Builds seen before but not settled yet (unfinished, or a claim whose owner died): looked at again. */
  unsettled: readonly string[];
  /** Build ids found by listing the gap; empty when nothing was listed. */
  listed: readonly string[];
  /** Most new builds taken per tick, and most unsettled ones revisited. */
  max: number;
}

export interface WatchPlan {
  /** Oldest first, so that a failure part-way leaves the newest ones for the next tick. */
  builds: string[];
  /** New builds left out by the bound (the oldest of the gap): never looked at. */
  skipped: string[];
}

export function planWatch(input: WatchPlanInput): WatchPlan {
  const { latest, lastSeen, max } = input;
  // First tick: only the latest build, never the job's whole past.
  const candidates = lastSeen === null ? [latest] : [...input.listed, latest];
  const fresh = unique(
    candidates.filter(
      (b): b is string => b !== null && isBuildId(b) && (lastSeen === null || compareBuildIds(b, lastSeen) > 0),
    ),
  );
  const cut = Math.max(fresh.length - max, 0);
  const kept = fresh.slice(cut);
  const again = unique(input.unsettled.filter((b) => isBuildId(b) && !kept.includes(b))).slice(-max);
  return { builds: unique([...again, ...kept]), skipped: fresh.slice(0, cut) };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort(compareBuildIds);
}
