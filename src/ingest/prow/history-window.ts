import type { ObjectStore } from '../objects/object-store.ts';
import { compareBuildIds } from './run-path.ts';

export interface Candidate {
  buildId: string;
  /** Resolves to where the run lives; presubmits need one read of their directory file first. */
  locate(): Promise<{ store: ObjectStore; key: string } | null>;
}

export interface Window {
  candidates: Candidate[];
  truncated: boolean;
}

/** Lists the runs whose build ids start with `start`, reading at most `maxPages` listing pages when given. */
export type ListWindow = (start: string, maxPages?: number) => Promise<Window>;

// Enough for most jobs in one or two requests; busier jobs switch to id windows.
const PROBE_PAGES = 3;
// Leading digits shared with the current id. Prow ids are snowflakes (milliseconds << 22), so for 19-digit ids
// 4 digits span ~2.7 days, 3 digits ~27 days, 2 digits ~9 months.
const WINDOW_DIGITS = [4, 3, 2];

/**
 * Runs older than `buildId`. Listings come back in key order, oldest first, so a job with a huge history
 * would only show its oldest runs within the page limit; for those, list just the ids near the current one,
 * widening until `limit` older runs are found.
 */
export async function findOlderRuns(listWindow: ListWindow, buildId: string, limit: number): Promise<Candidate[]> {
  const older = (window: Window) => window.candidates.filter((c) => compareBuildIds(c.buildId, buildId) < 0);
  const whole = await listWindow('', PROBE_PAGES);
  if (!whole.truncated) return older(whole);
  let best = older(whole);
  for (const digits of WINDOW_DIGITS) {
    if (buildId.length <= digits) continue;
    const found = older(await listWindow(buildId.slice(0, digits)));
    if (found.length >= limit) return found;
    if (found.length > best.length) best = found;
  }
  return best;
}
