import type { LogArtifact, PodInfo, RunEvidence } from '../../types.ts';
import { describeError, IngestError } from '../errors.ts';
import type { Listing, ObjectStore, StoredObject } from '../objects/object-store.ts';
import { logArtifact, selectArtifacts } from './log-artifacts.ts';
import { parsePodInfo } from './pod-info.ts';
import { prowViewUrl, type ProwContext } from './prow-context.ts';
import { readJson, type JsonRead } from './read-json.ts';
import { buildRunInfo } from './run-info.ts';
import { parseRunPath } from './run-path.ts';

const MISSING = {
  prowjob: 'prowjob.json is missing: job type, env, labels and image are unknown',
  started: 'started.json is missing: start time and tested commit are unknown',
  finished: 'finished.json is missing: the run may still be running or was interrupted',
};

/** Reads one Prow run folder (`runKey` ends with `/`); missing or broken files become problem lines. */
export async function loadProwRun(store: ObjectStore, runKey: string, ctx: ProwContext): Promise<RunEvidence> {
  const problems: string[] = [];
  const [top, prowjob, started, finished, podinfo] = await Promise.all([
    listTop(store, runKey, problems),
    readJson(store, `${runKey}prowjob.json`, 'prowjob.json', MISSING.prowjob),
    readJson(store, `${runKey}started.json`, 'started.json', MISSING.started),
    readJson(store, `${runKey}finished.json`, 'finished.json', MISSING.finished),
    // Most runs have no podinfo.json: its absence is not worth a problem line.
    readJson(store, `${runKey}podinfo.json`, 'podinfo.json', null),
  ]);
  const reads = [prowjob, started, finished, podinfo];
  for (const read of reads) if (read.problem !== null) problems.push(read.problem);
  const buildLog = await findBuildLog(store, runKey, top, problems);
  const artifacts =
    top === null || top.prefixes.includes(`${runKey}artifacts/`)
      ? await selectArtifacts(store, runKey, ctx.maxArtifacts)
      : { logs: [], problems: [] };
  problems.push(...artifacts.problems);
  const logs: LogArtifact[] = buildLog === null ? artifacts.logs : [buildLog, ...artifacts.logs];
  if (logs.length === 0 && reads.every((read) => !read.found)) throw nothingFound(store, runKey, reads);
  const info = buildRunInfo(
    { prowjob: prowjob.value, started: started.value, finished: finished.value },
    parseRunPath(runKey),
    prowViewUrl(ctx.prowUrl, store, runKey),
  );
  return { info, logs, podInfo: podInfoOf(podinfo, problems), problems };
}

async function listTop(store: ObjectStore, runKey: string, problems: string[]): Promise<Listing | null> {
  try {
    const listing = await store.list(runKey);
    if (listing.truncated) problems.push('the run folder listing was cut short; some files may be missed');
    return listing;
  } catch (error) {
    problems.push(`could not list the run folder: ${describeError(error)}`);
    return null;
  }
}

async function findBuildLog(
  store: ObjectStore,
  runKey: string,
  top: Listing | null,
  problems: string[],
): Promise<LogArtifact | null> {
  const key = `${runKey}build-log.txt`;
  let object: StoredObject | undefined = top?.objects.find((entry) => entry.key === key);
  if (top === null) {
    // Without a listing, probe the log's first byte instead.
    const head = await store.readSmall(key, 1, true).catch(() => null);
    object = head === null ? undefined : { key, size: null };
  }
  if (object === undefined) {
    problems.push('build-log.txt is missing: the job printed nothing (look at the pod info for why)');
    return null;
  }
  if (object.size === 0) problems.push('build-log.txt is empty');
  return logArtifact(store, object, 'build-log.txt');
}

function podInfoOf(podinfo: JsonRead, problems: string[]): PodInfo | null {
  if (podinfo.value === null) return null;
  const parsed = parsePodInfo(podinfo.value);
  if (parsed.containerStatuses.length === 0 && parsed.events.length === 0) {
    problems.push('podinfo.json holds no container statuses or events');
  }
  return parsed;
}

function nothingFound(store: ObjectStore, runKey: string, reads: JsonRead[]): IngestError {
  // A transient failure (timeout, 503) must surface as itself so the caller can retry later.
  const failure = reads.find((read) => read.error instanceof IngestError)?.error;
  if (failure instanceof IngestError) return failure;
  return new IngestError(
    'not-found',
    `no Prow run at ${store.describe(runKey)}: none of prowjob.json, started.json, finished.json, build-log.txt exists`,
  );
}
