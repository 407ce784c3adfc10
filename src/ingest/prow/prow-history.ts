import type { HistoryEntry, RunSource } from '../../types.ts';
import { toIso } from '../json-access.ts';
import { mapLimit } from '../map-limit.ts';
import type { ObjectStore } from '../objects/object-store.ts';
import { findOlderRuns, type Candidate, type ListWindow, type Window } from './history-window.ts';
import { prowViewUrl, type ProwContext } from './prow-context.ts';
import { readJson } from './read-json.ts';
import { resultOf } from './run-info.ts';
import { compareBuildIds, isBuildId, parseRunPath } from './run-path.ts';

export type SourceFactory = (store: ObjectStore, runKey: string) => RunSource;

/**
 * Runs of the same job that started before this one, newest first, at most `historyLimit`.
 * Presubmits are indexed under `pr-logs/directory/<job>/<build>.txt`; other jobs are folders `logs/<job>/<build>/`.
 * Null when the run is not inside a bucket layout.
 */
export async function listProwHistory(
  store: ObjectStore,
  runKey: string,
  ctx: ProwContext,
  makeSource: SourceFactory,
): Promise<HistoryEntry[] | null> {
  if (!store.bucketRooted) return null;
  const { job, buildId } = parseRunPath(runKey);
  const listWindow: ListWindow = runKey.startsWith('pr-logs/')
    ? (start, maxPages) => directoryCandidates(store, job, start, maxPages)
    : (start, maxPages) => folderCandidates(store, runKey, start, maxPages);
  const older = (await findOlderRuns(listWindow, buildId, ctx.historyLimit))
    .sort((a, b) => compareBuildIds(b.buildId, a.buildId))
    .slice(0, ctx.historyLimit);
  const entries = await mapLimit(older, 8, (candidate) => summarise(candidate, ctx, makeSource));
  return entries.filter((entry): entry is HistoryEntry => entry !== null);
}

async function directoryCandidates(store: ObjectStore, job: string, start: string, maxPages?: number): Promise<Window> {
  const listing = await store.list(`pr-logs/directory/${job}/${start}`, maxPages);
  const candidates = listing.objects.flatMap((object) => {
    const name = object.key.slice(object.key.lastIndexOf('/') + 1);
    const buildId = name.replace(/\.txt$/, '');
    if (!name.endsWith('.txt') || !isBuildId(buildId)) return [];
    return [{ buildId, locate: () => readPointer(store, object.key) }];
  });
  return { candidates, truncated: listing.truncated };
}

async function readPointer(store: ObjectStore, key: string): Promise<{ store: ObjectStore; key: string } | null> {
  const body = await store.readSmall(key, 4096).catch(() => null);
  if (body === null) return null;
  const located = store.locate(new TextDecoder().decode(body.bytes).trim());
  return located === null ? null : { store: located.store, key: `${located.key.replace(/\/+$/, '')}/` };
}

async function folderCandidates(store: ObjectStore, runKey: string, start: string, maxPages?: number): Promise<Window> {
  const parent = runKey.replace(/[^/]+\/$/, '');
  const listing = await store.list(`${parent}${start}`, maxPages);
  const candidates = listing.prefixes.flatMap((prefix) => {
    const buildId = prefix.slice(parent.length).replace(/\/$/, '');
    return isBuildId(buildId) ? [{ buildId, locate: async () => ({ store, key: prefix }) }] : [];
  });
  return { candidates, truncated: listing.truncated };
}

async function summarise(
  candidate: Candidate,
  ctx: ProwContext,
  makeSource: SourceFactory,
): Promise<HistoryEntry | null> {
  const where = await candidate.locate();
  if (where === null) return null;
  const [finished, started] = await Promise.all([
    readJson(where.store, `${where.key}finished.json`, 'finished.json', null),
    readJson(where.store, `${where.key}started.json`, 'started.json', null),
  ]);
  return {
    buildId: candidate.buildId,
    startedAt: toIso(started.value?.timestamp),
    finishedAt: toIso(finished.value?.timestamp),
    result: finished.value === null ? 'UNKNOWN' : resultOf(finished.value, null),
    url: prowViewUrl(ctx.prowUrl, where.store, where.key),
    source: makeSource(where.store, where.key),
  };
}
