import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { pino } from 'pino';
import { ProbotOctokit } from 'probot';
import { startApp } from '../../handlers/main.ts';
import type { RunningApp } from '../../handlers/main.ts';
import { loadAppConfig } from '../../src/config/index.ts';
import { createGitHubAuth } from '../../src/github-app/index.ts';
import type { Report, TriageRequest } from '../../src/types.ts';
import { startGcsServer } from '../helpers/gcs-server.ts';
import type { GcsServer } from '../helpers/gcs-server.ts';
import { B, BUCKET, JOB, copyWatchFixtures } from './watch-helpers.ts';
import type { GcsTree } from './watch-helpers.ts';

// The watcher as `npm start` wires it: settings from the environment, the App's store, queue worker and
// integrations' listeners.

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
// biome-ignore lint/suspicious/noExplicitAny: probot's defaults callback is typed loosely upstream
const TestOctokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
  ...o,
  retry: { enabled: false },
  throttle: { ...o.throttle, enabled: false },
}));

function redReport(req: TriageRequest): Report {
  const run = {
    job: JOB,
    buildId: req.source.split('/').at(-1) ?? '',
    url: null,
    result: 'FAILURE' as const,
    startedAt: null,
    finishedAt: null,
  };
  return {
    schemaVersion: 1,
    run,
    baseline: null,
    firstRed: null,
    findings: [],
    suspects: [],
    suspectsNote: null,
    history: null,
    definitionChanges: [],
    keyLines: [],
    problems: [],
  };
}

describe('the App with watched periodic jobs', () => {
  let tree: GcsTree;
  let gcs: GcsServer;
  let dir: string;
  let app: RunningApp;

  beforeEach(async () => {
    tree = copyWatchFixtures();
    gcs = await startGcsServer({ root: tree.root });
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-watch-app-'));
  });

  afterEach(async () => {
    await app?.close();
    await gcs.close();
    tree.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('triages a watched failure through the worker and tells the integrations once', async () => {
    const env = {
      APP_ID: '1',
      PRIVATE_KEY: PEM,
      WEBHOOK_SECRET: 's',
      CI_TRIAGE_DB: join(dir, 'app.db'),
      CI_TRIAGE_GCS_URL: gcs.url,
      CI_TRIAGE_WATCH_JOBS: `https://prow.k8s.io/job-history/gs/${BUCKET}/logs/${JOB}`,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const alerted: string[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    app = await startApp(loadAppConfig(env), {
      log: pino({ level: 'silent' }),
      Octokit: TestOctokit,
      worker: { pollMs: 50 },
      watch: { scope: async () => ({ installationId: 3, repo: 'kubernetes/test-infra' }) },
      createTriageProvider: async () => async () => async (req) => redReport(req),
      onTriaged: async (t) => {
        alerted.push(t.report.run.buildId);
        delivered();
      },
    });

    const outcomes = await app.watcher?.tick();
    await done;
    await app.watcher?.tick();

    expect(outcomes).toEqual([expect.objectContaining({ target: `gs://${BUCKET}/logs/${JOB}`, enqueued: [B(202)] })]);
    expect(alerted).toEqual([B(202)]);
    expect((await app.store.listTriages()).map((t) => t.trigger)).toEqual(['watch']);
    expect(app.watcher?.nextRun()).toBeInstanceOf(Date);
  });

  it('does not start a watcher when no job is listed', async () => {
    app = await startApp(
      loadAppConfig({
        APP_ID: '1',
        PRIVATE_KEY: PEM,
        WEBHOOK_SECRET: 's',
        CI_TRIAGE_DB: join(dir, 'app.db'),
        PORT: '0',
        HOST: '127.0.0.1',
      }),
      {
        log: pino({ level: 'silent' }),
        Octokit: TestOctokit,
        createTriageProvider: async () => async () => async (req) => redReport(req),
      },
    );

    expect(app.watcher).toBeNull();
  });
});

describe('GitHubAuth.watchScope', () => {
  const appInstallationScope = (repo: string) =>
    createGitHubAuth({ appId: 1, privateKey: PEM, apiUrl: 'https://api.github.com' }).watchScope(repo);

  it("uses the App's installation on the CI-config repository", async () => {
    nock('https://api.github.com').get('/repos/kubernetes/test-infra/installation').reply(200, { id: 11 });

    expect(await appInstallationScope('kubernetes/test-infra')).toEqual({
      installationId: 11,
      repo: 'kubernetes/test-infra',
    });
  });

  it('falls back to any installation, and says what to do when there is none', async () => {
    nock('https://api.github.com')
      .get('/repos/kubernetes/test-infra/installation')
      .twice()
      .reply(404, { message: 'Not Found' })
      .get('/app/installations')
      .query({ per_page: 1 })
      .reply(200, [{ id: 12 }])
      .get('/app/installations')
      .query({ per_page: 1 })
      .reply(200, []);

    expect(await appInstallationScope('kubernetes/test-infra')).toEqual({
      installationId: 12,
      repo: 'kubernetes/test-infra',
    });
    await expect(appInstallationScope('kubernetes/test-infra')).rejects.toThrow(
      'install it (e.g. on kubernetes/test-infra)',
    );
  });
});
