import type { Store } from '../store/types.ts';
import { buildRunRecord } from './run-record.ts';
import { gapListPrefix, planWatch } from './plan-builds.ts';
import { listBuilds, readBuildStatus, readLatestBuild, readStartedAt } from './read-build.ts';
import type { BuildStatus } from './read-build.ts';
import type { ObjectStore } from '../ingest/index.ts';
import { watchRunJob } from './watch-job.ts';
import type { WatchTarget } from './watch-target.ts';
import type { Logger } from '../logger.ts';

// One tick of the watcher, per watched job: read latest-build.txt, list the gap since the last build
// seen, then for each planned build (oldest first): unfinished -> pending (looked at again next tick);
// failed -> claim, enqueue a watch-run triage; any other result -> claim, record it. The claim comes
// first, so instances sharing the database (or a restart) handle each build once. A read failure stops
// that job for this tick; what it did not reach is planned again next time.

/** The installation (and its repository) whose token the engine uses for failed runs. */
export interface WatchScope {
  installationId: number;
  repo: string;
}

export interface WatchLimits {
  /** New builds looked at per job and tick (and unsettled ones revisited). */
  maxBuildsPerTick: number;
  /** A claim that never settled in this long is taken over (its holder died). */
  staleClaimMs: number;
  /** A build still unfinished this long after it was first seen is given up. */
  pendingGiveUpMs: number;
  /** Listing pages read to find the builds between the last seen and the latest. */
  gapListPages: number;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = {
  maxBuildsPerTick: 10,
  staleClaimMs: 5 * 60_000,
  pendingGiveUpMs: 24 * 60 * 60_000,
  gapListPages: 2,
};

export type WatchTickStore = Pick<
  Store,
  'loadWatchHistory' | 'markWatchPending' | 'claimWatchBuild' | 'settleWatchBuild' | 'enqueue' | 'saveTriage'
>;

export interface WatchDeps {
  store: WatchTickStore;
  bucket(name: string): ObjectStore;
  /** Asked at most once per tick, and only when a failed run is about to be enqueued. */
  scope(): Promise<WatchScope>;
  /** Deck base for run links of targets given as gs:// paths. */
  prowUrl: string;
  /** This instance, recorded on claims. */
  owner: string;
  maxAttempts: number;
  clock(): Date;
  /** New queue jobs: tell the worker. */
  wake(): void;
  log: Logger;
  limits?: Partial<WatchLimits>;
}

export interface WatchOutcome {
  target: string;
  latest: string | null;
  enqueued: string[];
  recorded: string[];
  pending: string[];
  abandoned: string[];
  /** New builds beyond the per-tick bound, never looked at. */
  skipped: string[];
  error: string | null;
}

type Tick = WatchDeps & { limits: WatchLimits };

export async function runWatchTick(deps: WatchDeps, targets: readonly WatchTarget[]): Promise<WatchOutcome[]> {
  let scope: Promise<WatchScope> | null = null;
  const d: Tick = {
    ...deps,
    limits: { ...DEFAULT_WATCH_LIMITS, ...deps.limits },
    scope: () => (scope ??= deps.scope()),
  };
  const outcomes: WatchOutcome[] = [];
  // One job after another: a tick's load on GCS stays bounded by the per-job limits.
  for (const t of targets) outcomes.push(await watchTarget(d, t));
  if (outcomes.some((o) => o.enqueued.length > 0)) deps.wake();
  return outcomes;
}

async function watchTarget(d: Tick, t: WatchTarget): Promise<WatchOutcome> {
  const out: WatchOutcome = {
    target: t.key,
    latest: null,
    enqueued: [],
    recorded: [],
    pending: [],
    abandoned: [],
    skipped: [],
    error: null,
  };
  try {
    const store = d.bucket(t.bucket);
    const history = await d.store.loadWatchHistory(t.key);
    const { latest, problem } = await readLatestBuild(store, t);
    if (problem) d.log.warn({ target: t.key, problem }, 'watched job has no usable latest build');
    out.latest = latest;
    const gap = gapListPrefix(history.lastSeen, latest);
    const listed = gap === null ? [] : await listBuilds(store, t, gap, d.limits.gapListPages);
    const plan = planWatch({
      latest,
      lastSeen: history.lastSeen,
      unsettled: history.unsettled.map((u) => u.buildId),
      listed,
      max: d.limits.maxBuildsPerTick,
    });
    out.skipped = plan.skipped;
    if (plan.skipped.length > 0)
      d.log.warn(
        { target: t.key, skipped: plan.skipped.length, oldest: plan.skipped[0] },
        'too many new builds: the oldest are not triaged',
      );
    const firstSeen = new Map(history.unsettled.map((u) => [u.buildId, u.firstSeenAt]));
    for (const buildId of plan.builds) await watchBuild(d, t, store, buildId, firstSeen.get(buildId) ?? null, out);
  } catch (err) {
    out.error = err instanceof Error ? err.message : String(err);
    d.log.warn({ target: t.key, err }, 'watching the job failed: retried next tick');
  }
  if (out.enqueued.length + out.recorded.length > 0)
    d.log.info({ target: t.key, enqueued: out.enqueued, recorded: out.recorded }, 'watched job has new runs');
  return out;
}

async function watchBuild(
  d: Tick,
  t: WatchTarget,
  store: ObjectStore,
  buildId: string,
  firstSeenAt: string | null,
  out: WatchOutcome,
): Promise<void> {
  const key = { target: t.key, buildId };
  const status = await readBuildStatus(store, t, buildId);
  if (!status.finished) {
    const giveUp = firstSeenAt !== null && d.clock().getTime() - Date.parse(firstSeenAt) > d.limits.pendingGiveUpMs;
    if (giveUp) await d.store.settleWatchBuild(key, { state: 'abandoned', error: 'finished.json never appeared' });
    else await d.store.markWatchPending(key);
    (giveUp ? out.abandoned : out.pending).push(buildId);
    return;
  }
  if (status.result === 'FAILURE' || status.result === 'ERROR') return enqueueFailed(d, t, buildId, status, out);
  return recordRun(d, t, store, buildId, status, out);
}

async function enqueueFailed(
  d: Tick,
  t: WatchTarget,
  buildId: string,
  status: BuildStatus & { finished: true },
  out: WatchOutcome,
): Promise<void> {
  // The installation first: without one nothing is claimed, and the next tick tries again.
  const scope = await d.scope();
  if (!(await claim(d, t, buildId))) return;
  const now = d.clock();
  const job = watchRunJob(
    {
      target: t.key,
      job: t.job,
      buildId,
      source: `gs://${t.bucket}/${t.prefix}/${buildId}`,
      ...scope,
      eventAt: now.toISOString(),
    },
    d.maxAttempts,
  );
  await d.store.enqueue({ jobs: [job], now: now.getTime() });
  await d.store.settleWatchBuild({ target: t.key, buildId }, { state: 'enqueued', result: status.result });
  out.enqueued.push(buildId);
}

async function recordRun(
  d: Tick,
  t: WatchTarget,
  store: ObjectStore,
  buildId: string,
  status: BuildStatus & { finished: true },
  out: WatchOutcome,
): Promise<void> {
  const startedAt = await readStartedAt(store, t, buildId);
  if (!(await claim(d, t, buildId))) return;
  const url = `${t.prowUrl ?? d.prowUrl}/view/gs/${t.bucket}/${t.prefix}/${buildId}`;
  const report = buildRunRecord({
    job: t.job,
    buildId,
    url,
    result: status.result,
    startedAt,
    finishedAt: status.finishedAt,
  });
  await d.store.saveTriage({ repo: null, trigger: 'watch', report });
  await d.store.settleWatchBuild({ target: t.key, buildId }, { state: 'recorded', result: status.result });
  out.recorded.push(buildId);
}

function claim(d: Tick, t: WatchTarget, buildId: string): Promise<boolean> {
  return d.store.claimWatchBuild({ target: t.key, buildId, owner: d.owner, staleMs: d.limits.staleClaimMs });
}
