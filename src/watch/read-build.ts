import { toIso } from '../ingest/index.ts';
import { readJson } from '../ingest/index.ts';
import { resultOf } from '../ingest/index.ts';
import { isBuildId } from '../ingest/index.ts';
import type { RunResult } from '../types.ts';
import { parseLatestBuild } from './plan-builds.ts';
import type { ObjectStore } from '../ingest/index.ts';
import type { WatchTarget } from './watch-target.ts';

// The few reads a tick makes per job: latest-build.txt, a listing of the gap, and each build's
// finished.json (started.json too for runs recorded without the engine).

const LATEST_MAX_BYTES = 256;

/** The build id in latest-build.txt; null (with the reason) when it is missing or malformed. */
export async function readLatestBuild(
  store: ObjectStore,
  t: WatchTarget,
): Promise<{ latest: string | null; problem: string | null }> {
  const body = await store.readSmall(`${t.prefix}/latest-build.txt`, LATEST_MAX_BYTES);
  if (body === null) return { latest: null, problem: 'latest-build.txt does not exist' };
  const text = new TextDecoder().decode(body.bytes);
  const latest = body.truncated ? null : parseLatestBuild(text);
  return latest === null
    ? { latest, problem: `latest-build.txt does not hold a build id: ${JSON.stringify(text.slice(0, 40))}` }
    : { latest, problem: null };
}

/** Build ids under `<prefix>/<idPrefix>`, from at most `maxPages` listing pages. */
export async function listBuilds(
  store: ObjectStore,
  t: WatchTarget,
  idPrefix: string,
  maxPages: number,
): Promise<string[]> {
  const parent = `${t.prefix}/`;
  const listing = await store.list(`${parent}${idPrefix}`, maxPages);
  return listing.prefixes.map((p) => p.slice(parent.length).replace(/\/$/, '')).filter(isBuildId);
}

export type BuildStatus = { finished: false } | { finished: true; result: RunResult; finishedAt: string | null };

/** Whether the run finished (finished.json exists) and how; a read failure is thrown, so the tick retries later. */
export async function readBuildStatus(store: ObjectStore, t: WatchTarget, buildId: string): Promise<BuildStatus> {
  const finished = await readJson(store, `${t.prefix}/${buildId}/finished.json`, 'finished.json', null);
  if (finished.error !== null) throw finished.error;
  if (!finished.found) return { finished: false };
  // A finished.json that does not parse still means the run ended; its result is then UNKNOWN.
  return { finished: true, result: resultOf(finished.value, null), finishedAt: toIso(finished.value?.timestamp) };
}

export async function readStartedAt(store: ObjectStore, t: WatchTarget, buildId: string): Promise<string | null> {
  const started = await readJson(store, `${t.prefix}/${buildId}/started.json`, 'started.json', null);
  if (started.error !== null) throw started.error;
  return toIso(started.value?.timestamp);
}
