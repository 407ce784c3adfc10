import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { createRepoConfigCache } from '../../src/config/index.ts';
import { createJobHandlers } from '../../src/github-app/index.ts';
import type { AppServices } from '../../src/github-app/index.ts';
import { quietLogger } from '../../src/logger.ts';
import { createWorker } from '../../src/queue/index.ts';
import type { JobHandler } from '../../src/queue/index.ts';
import { parseSlackRoutes } from '../../src/slack/index.ts';
import { slackAlertJobs } from '../../src/slack/jobs/index.ts';
import type { EnqueueRequest, Store } from '../../src/store/index.ts';
import { BACKENDS } from '../store/backends.ts';
import { testAppServices } from '../helpers/app-services.ts';
import { CSI_REPO, triageRunPayload } from '../fixtures/webhooks/payloads.ts';
import { windowsEmptyEnvReport } from '../render/sample-reports.ts';

// A saved triage's Slack alerts are enqueued by the triage-run job itself, before it completes: a
// crash between saving the triage and enqueueing the alert re-runs the job, which enqueues the alert
// then (the triage is found saved); a further re-run enqueues nothing more.

const ROUTES = parseSlackRoutes('- channel: C0CIWIN01\n  jobs: ["pull-kubernetes-csi-*"]\n');
const CONFIG_PATH = `/repos/${CSI_REPO}/contents/.github%2Fci-triage.yml`;

describe.each(BACKENDS)('alerts of a saved triage on $backend.name', ({ backend, run }) => {
  const maybe = run ? it : it.skip;
  let store: Store;
  let rulesDir: string;

  beforeEach(async () => {
    if (!run) return;
    store = await backend.open(() => new Date());
    rulesDir = mkdtempSync(join(tmpdir(), 'ci-triage-rules-'));
  });

  afterEach(async () => {
    if (!run) return;
    await store.close();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await backend.teardown();
  });

  /** The store, except that the first enqueue carrying a slack-alert dies (the process went away). */
  function crashingOnce(): Store {
    let crashed = false;
    const enqueue = (req: EnqueueRequest) => {
      if (!crashed && req.jobs.some((j) => j.kind === 'slack-alert')) {
        crashed = true;
        return Promise.reject(Object.assign(new Error('connection terminated'), { code: 'ECONNRESET' }));
      }
      return store.enqueue(req);
    };
    return new Proxy(store, {
      get(target, prop) {
        if (prop === 'enqueue') return enqueue;
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** Runs the triage-run jobs until none is left queued (the comment syncs they ask for stay queued). */
  async function triageRuns(worker: { drain(): Promise<void> }): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await worker.drain();
      if ((await store.listJobs({ kind: 'triage-run', status: 'queued' })).length === 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('triage-run jobs did not settle');
  }

  function services(s: Store): AppServices {
    return testAppServices({
      store: s,
      triageFor: async () => async () => windowsEmptyEnvReport(),
      rulesDir,
      repoConfig: createRepoConfigCache({ ttlMs: 0 }),
      triagedJobs: (t) => slackAlertJobs(t, ROUTES, 3),
    });
  }

  maybe('enqueues the alert once, though the first attempt died before enqueueing it', async () => {
    nock('https://api.github.com').get(CONFIG_PATH).times(3).reply(404);
    const flaky = crashingOnce();
    const worker = createWorker({
      store: flaky,
      handlers: { 'triage-run': createJobHandlers(services(flaky))['triage-run'] as JobHandler },
      concurrency: 1,
      leaseMs: 60_000,
      backoff: { baseMs: 5, jitter: 0 },
      log: quietLogger,
    });
    await store.enqueue({
      jobs: [{ kind: 'triage-run', payload: triageRunPayload({ prs: [369] }), maxAttempts: 3 }],
      now: Date.now(),
    });

    await triageRuns(worker);
    // Another instance runs the same triage again (a redelivery under a new id): still one alert.
    await store.enqueue({
      jobs: [{ kind: 'triage-run', payload: triageRunPayload({ prs: [369] }), maxAttempts: 3 }],
      now: Date.now(),
    });
    await triageRuns(worker);

    const jobs = await store.listJobs();
    expect(jobs.filter((j) => j.kind === 'triage-run').map((j) => [j.status, j.attempts])).toEqual([
      ['done', 2],
      ['done', 1],
    ]);
    const alerts = jobs.filter((j) => j.kind === 'slack-alert');
    expect(alerts.map((j) => (j.payload as { channel: string }).channel)).toEqual(['C0CIWIN01']);
    expect((await store.listTriages()).length).toBe(1);
  });
});
