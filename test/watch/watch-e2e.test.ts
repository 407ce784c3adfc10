import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from 'octokit';
import { createJobHandlers } from '../../src/github-app/index.ts';
import type { AppServices } from '../../src/github-app/index.ts';
import { createRepoConfigCache } from '../../src/config/index.ts';
import { IngestError } from '../../src/ingest/index.ts';
import { createWorker } from '../../src/queue/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import type { SqliteStore } from '../../src/store/index.ts';
import type { Report, TriageRequest } from '../../src/types.ts';
import { createGcsBuckets } from '../../src/ingest/index.ts';
import { runWatchTick } from '../../src/watch/index.ts';
import type { WatchOutcome } from '../../src/watch/index.ts';
import { startGcsServer } from '../helpers/gcs-server.ts';
import type { GcsServer } from '../helpers/gcs-server.ts';
import { B, JOB, TARGET, copyWatchFixtures } from './watch-helpers.ts';
import type { GcsTree } from './watch-helpers.ts';
import { quietLogger } from '../../src/logger.ts';

// The watcher end to end: a GCS fake on loopback serving runs that appear and finish between ticks,
// the real SQLite store (reopened to simulate a restart), the App's queue worker with its job handlers,
// and a fake engine.

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function fakeReport(req: TriageRequest): Report {
  const buildId = req.source.split('/').at(-1) ?? '';
  return {
    schemaVersion: 1,
    run: {
      job: JOB,
      buildId,
      url: req.source,
      result: 'FAILURE',
      startedAt: '2025-02-03T12:00:00Z',
      finishedAt: '2025-02-03T13:00:00Z',
    },
    baseline: null,
    firstRed: null,
    findings: [
      {
        classifier: 'image-pull-manifest',
        category: 'image',
        confidence: 0.9,
        summary: 'kindest/node:v1.33.0 does not exist',
        facts: { image: 'kindest/node:v1.33.0', repository: 'kindest/node', tool: 'docker', occurrences: 1 },
        evidence: [],
        fingerprint: 'image-pull-manifest:kindest/node',
      },
    ],
    suspects: [],
    suspectsNote: null,
    history: null,
    definitionChanges: [],
    keyLines: [],
    problems: [],
  };
}

describe('watching a periodic job end to end', () => {
  let tree: GcsTree;
  let gcs: GcsServer;
  let dir: string;
  let store: SqliteStore;
  let triaged: TriageRequest[];
  let told: { buildId: string; triageId: number; repo: string | null }[];
  let engine: (req: TriageRequest) => Promise<Report>;

  beforeEach(async () => {
    tree = copyWatchFixtures();
    gcs = await startGcsServer({ root: tree.root });
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-watch-db-'));
    store = openSqliteStore({ path: join(dir, 'app.db') });
    triaged = [];
    told = [];
    engine = async (req) => fakeReport(req);
  });

  afterEach(async () => {
    await store.close();
    await gcs.close();
    tree.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  function services(): AppServices {
    return {
      store,
      github: async () => new Octokit({ auth: 't' }),
      triageFor: async (scope) => async (req) => {
        expect(scope).toEqual({ installationId: 7, repo: 'kubernetes/test-infra' });
        triaged.push(req);
        return engine(req);
      },
      repoConfig: createRepoConfigCache({ ttlMs: 60_000 }),
      settings: {
        prowUrls: ['https://prow.k8s.io'],
        webUrl: 'https://github.com',
        maxAttempts: 2,
        dryRun: false,
        rulesDir: dir,
      },
      clock: () => new Date(),
      wake() {},
      log: quiet,
      onTriaged: async (t) => void told.push({ buildId: t.report.run.buildId, triageId: t.triageId, repo: t.repo }),
    };
  }

  /** One cron tick, then the worker runs whatever it enqueued. */
  async function tick(): Promise<WatchOutcome> {
    const deps = {
      store,
      bucket: createGcsBuckets({ gcsUrl: gcs.url, http: { retries: 0 } }),
      scope: async () => ({ installationId: 7, repo: 'kubernetes/test-infra' }),
      prowUrl: 'https://prow.k8s.io',
      owner: 'instance-a',
      maxAttempts: 2,
      clock: () => new Date(),
      wake() {},
      log: quiet,
    };
    const [outcome] = await runWatchTick(deps, [TARGET]);
    await createWorker({
      store,
      handlers: createJobHandlers(services()),
      concurrency: 1,
      leaseMs: 60_000,
      log: quiet,
      backoff: { baseMs: 1, maxMs: 1 },
    }).drain();
    return outcome as WatchOutcome;
  }

  function restart(): void {
    store.db.close();
    store = openSqliteStore({ path: join(dir, 'app.db') });
  }

  it('triages a new red build once, records green ones, survives a restart, and retries unfinished runs', async () => {
    const first = await tick();

    // First tick: the latest build only (202, red), not the green 201 before it.
    expect(first).toMatchObject({ latest: B(202), enqueued: [B(202)], recorded: [], pending: [], error: null });
    expect(triaged.map((r) => r.source)).toEqual([`gs://watch-ci-logs/logs/${JOB}/${B(202)}`]);
    expect(triaged[0]?.suspects).toBe(true);
    const saved = await store.listTriages();
    expect(saved.map((t) => [t.trigger, t.report.run.buildId, t.repo])).toEqual([['watch', B(202), null]]);
    expect(told).toEqual([{ buildId: B(202), triageId: saved[0]?.id, repo: null }]);

    tree.addRun(B(203), 'SUCCESS');
    tree.addRun(B(204));
    const second = await tick();

    expect(second).toMatchObject({ latest: B(204), enqueued: [], recorded: [B(203)], pending: [B(204)] });
    expect(triaged).toHaveLength(1);
    const green = (await store.listTriages()).find((t) => t.report.run.buildId === B(203));
    expect(green?.report).toMatchObject({
      run: {
        job: JOB,
        result: 'SUCCESS',
        startedAt: '2025-02-12T03:26:40Z',
        url: `https://prow.k8s.io/view/gs/watch-ci-logs/logs/${JOB}/${B(203)}`,
      },
      findings: [],
    });

    restart();
    const third = await tick();

    expect(third).toMatchObject({ enqueued: [], recorded: [], pending: [B(204)] });
    expect(triaged).toHaveLength(1);
    expect(told).toHaveLength(1);

    tree.finish(B(204), 'FAILURE');
    const fourth = await tick();
    const fifth = await tick();

    expect(fourth).toMatchObject({ enqueued: [B(204)], pending: [] });
    expect(fifth).toMatchObject({ enqueued: [], recorded: [], pending: [] });
    expect(triaged.map((r) => r.source.split('/').at(-1))).toEqual([B(202), B(204)]);
    expect(told.map((t) => t.buildId)).toEqual([B(202), B(204)]);
    expect((await store.listWatchBuilds()).map((b) => [b.buildId, b.state, b.result])).toEqual([
      [B(202), 'triaged', 'FAILURE'],
      [B(203), 'recorded', 'SUCCESS'],
      [B(204), 'triaged', 'FAILURE'],
    ]);
  });

  it('catches up the builds between ticks (bounded), oldest first', async () => {
    await tick();
    for (let n = 203; n <= 215; n++) tree.addRun(B(n), n % 2 === 0 ? 'FAILURE' : 'SUCCESS');

    const outcome = await tick();

    expect(outcome.skipped).toEqual([B(203), B(204), B(205)]);
    expect(outcome.enqueued).toEqual([B(206), B(208), B(210), B(212), B(214)]);
    expect(outcome.recorded).toEqual([B(207), B(209), B(211), B(213), B(215)]);
    expect(gcs.requests.filter((r) => r.startsWith('/storage/v1/b/watch-ci-logs/o?'))).toHaveLength(1);
  });

  it('keeps watching when latest-build.txt is malformed, and says why', async () => {
    tree.setLatest('<html>oops</html>');
    const warnings: object[] = [];

    const [outcome] = await runWatchTick(
      {
        store,
        bucket: createGcsBuckets({ gcsUrl: gcs.url }),
        scope: async () => ({ installationId: 7, repo: 'kubernetes/test-infra' }),
        prowUrl: 'https://prow.k8s.io',
        owner: 'a',
        maxAttempts: 2,
        clock: () => new Date(),
        wake() {},
        log: { ...quietLogger, warn: (obj) => void warnings.push(obj) },
      },
      [TARGET],
    );

    expect(outcome).toMatchObject({ latest: null, enqueued: [], recorded: [], error: null });
    expect(warnings).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('does not hold a build id') }),
    ]);
  });

  it('marks the build failed when the engine gives up, and does not pick it up again', async () => {
    engine = async () => {
      throw new IngestError('not-found', 'gs://watch-ci-logs/... does not exist');
    };

    await tick();
    await tick();

    expect(triaged).toHaveLength(1);
    expect(told).toEqual([]);
    expect(await store.getWatchBuild({ target: TARGET.key, buildId: B(202) })).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('does not exist'),
    });
  });
});
