import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/index.ts';
import type { SqliteStore } from '../../src/store/index.ts';
import { createGcsBuckets } from '../../src/ingest/index.ts';
import { runWatchTick } from '../../src/watch/index.ts';
import type { WatchDeps } from '../../src/watch/index.ts';
import { startGcsServer } from '../helpers/gcs-server.ts';
import type { GcsServer } from '../helpers/gcs-server.ts';
import { B, TARGET, copyWatchFixtures } from './watch-helpers.ts';
import type { GcsTree } from './watch-helpers.ts';
import { quietLogger } from '../../src/logger.ts';

const quiet = quietLogger;
const key = (n: number) => ({ target: TARGET.key, buildId: B(n) });

describe('watch claims', () => {
  let dir: string;
  let now: number;
  let store: SqliteStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-watch-claim-'));
    now = Date.parse('2025-02-11T02:00:00Z');
    store = openSqliteStore({ path: join(dir, 'app.db'), clock: () => new Date(now) });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const claim = (n: number, owner: string) => store.claimWatchBuild({ ...key(n), owner, staleMs: 60_000 });

  it('gives a build to one claimer; a pending build can be claimed, a settled one never', async () => {
    await store.markWatchPending(key(2));

    expect(await claim(1, 'a')).toBe(true);
    expect(await claim(1, 'b')).toBe(false);
    expect(await claim(2, 'b')).toBe(true);
    await store.settleWatchBuild(key(1), { state: 'recorded', result: 'SUCCESS' });
    now += 3_600_000;
    expect(await claim(1, 'c')).toBe(false);
  });

  it('takes over a claim whose holder never settled it', async () => {
    await claim(1, 'a');

    now += 59_000;
    const early = await claim(1, 'b');
    now += 2_000;
    const late = await claim(1, 'b');

    expect([early, late]).toEqual([false, true]);
    expect(await store.getWatchBuild(key(1))).toMatchObject({ state: 'claimed', owner: 'b' });
  });

  it('reports the newest build seen by number and the unsettled ones', async () => {
    await store.markWatchPending({ target: TARGET.key, buildId: '99' });
    await store.markWatchPending({ target: TARGET.key, buildId: '100' });
    await claim(101, 'a');
    await store.settleWatchBuild({ target: TARGET.key, buildId: '100' }, { state: 'abandoned' });
    await store.markWatchPending({ target: 'gs://other/logs/x', buildId: '5' });

    const history = await store.loadWatchHistory(TARGET.key);

    expect(history.lastSeen).toBe(B(101));
    expect(history.unsettled.map((u) => [u.buildId, u.state])).toEqual([
      ['99', 'pending'],
      [B(101), 'claimed'],
    ]);
    expect(await store.loadWatchHistory('gs://nothing/logs/y')).toEqual({ lastSeen: null, unsettled: [] });
  });

  it('does not move a triaged build back to enqueued when the worker finished first', async () => {
    await claim(1, 'a');
    await store.settleWatchBuild(key(1), { state: 'triaged', result: 'FAILURE' });

    await store.settleWatchBuild(key(1), { state: 'enqueued', result: 'FAILURE' });

    expect((await store.getWatchBuild(key(1)))?.state).toBe('triaged');
  });

  it('prunes old settled rows but keeps each job newest build and unsettled ones', async () => {
    await claim(1, 'a');
    await store.settleWatchBuild(key(1), { state: 'recorded' });
    await store.markWatchPending(key(2));
    await claim(3, 'a');
    await store.settleWatchBuild(key(3), { state: 'triaged' });
    now += 40 * 86_400_000;

    await store.prune(new Date(now - 30 * 86_400_000).toISOString());

    expect((await store.listWatchBuilds()).map((b) => b.buildId)).toEqual([B(2), B(3)]);
  });
});

describe('two watchers on one database', () => {
  let tree: GcsTree;
  let gcs: GcsServer;
  let dir: string;
  let stores: SqliteStore[];

  beforeEach(async () => {
    tree = copyWatchFixtures();
    gcs = await startGcsServer({ root: tree.root });
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-watch-two-'));
    stores = [openSqliteStore({ path: join(dir, 'app.db') }), openSqliteStore({ path: join(dir, 'app.db') })];
  });

  afterEach(async () => {
    for (const s of stores) await s.close();
    await gcs.close();
    tree.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = (store: SqliteStore, owner: string): WatchDeps => ({
    store,
    bucket: createGcsBuckets({ gcsUrl: gcs.url }),
    scope: async () => ({ installationId: 7, repo: 'kubernetes/test-infra' }),
    prowUrl: 'https://prow.k8s.io',
    owner,
    maxAttempts: 2,
    clock: () => new Date(),
    wake() {},
    log: quiet,
  });

  it('handle each build once, red or green, when their ticks run at the same time', async () => {
    const [a, b] = stores as [SqliteStore, SqliteStore];

    const first = await Promise.all([runWatchTick(deps(a, 'a'), [TARGET]), runWatchTick(deps(b, 'b'), [TARGET])]);
    tree.addRun(B(203), 'SUCCESS');
    tree.addRun(B(204), 'ABORTED');
    const second = await Promise.all([runWatchTick(deps(a, 'a'), [TARGET]), runWatchTick(deps(b, 'b'), [TARGET])]);

    expect(first.flat().flatMap((o) => o.enqueued)).toEqual([B(202)]);
    expect(
      second
        .flat()
        .flatMap((o) => o.recorded)
        .sort(),
    ).toEqual([B(203), B(204)]);
    expect((await a.listJobs({ kind: 'watch-run' })).map((j) => (j.payload as { buildId: string }).buildId)).toEqual([
      B(202),
    ]);
    expect((await b.listTriages()).map((t) => [t.report.run.buildId, t.report.run.result]).sort()).toEqual([
      [B(203), 'SUCCESS'],
      [B(204), 'ABORTED'],
    ]);
  });
});
