import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { formatReport } from '../../src/cli/output-format.ts';
import { createJobHandlers } from '../../src/github-app/index.ts';
import type { AppServices } from '../../src/github-app/index.ts';
import { createWorker } from '../../src/queue/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { CSI_BUILD, CSI_HEAD, CSI_JOB, CSI_REPO, prowView, triageRunPayload } from '../fixtures/webhooks/payloads.ts';
import { windowsEmptyEnvReport } from '../render/sample-reports.ts';
import { testAppServices } from '../helpers/app-services.ts';

// `analyze --format markdown` must print what the App posts: the same report through the App's own
// jobs (triage-run records it on the PR, the comment-sync it queues renders and posts), captured at GitHub, equals
// the CLI's output for it.

const API = 'https://api.github.com';
const R = `/repos/${CSI_REPO}`;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const NOW = new Date('2025-02-11T02:05:00Z');

it('prints the body the App posts on the PR for the same run', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const rulesDir = mkdtempSync(join(tmpdir(), 'ci-triage-rules-'));
  // A Prow status links the run page the report names.
  const report = { ...windowsEmptyEnvReport() };
  report.run = { ...report.run, url: prowView(CSI_JOB, CSI_BUILD) };
  const services: AppServices = testAppServices({
    store,
    triageFor: async () => async () => report,
    rulesDir,
    clock: () => NOW,
    log: quiet,
  });
  let posted = '';
  nock(API)
    .get(`${R}/contents/.github%2Fci-triage.yml`)
    .reply(404)
    .get(`${R}/commits/${CSI_HEAD}/pulls`)
    .query(true)
    .reply(200, [{ number: 369, state: 'open' }])
    .get(`${R}/issues/369/comments`)
    .query(true)
    .reply(200, [])
    .post(`${R}/issues/369/comments`, (body: { body: string }) => {
      posted = body.body;
      return true;
    })
    .reply(201, { id: 1 });
  const handlers = createJobHandlers(services);

  try {
    await store.enqueue({
      jobs: [{ kind: 'triage-run', payload: triageRunPayload(), maxAttempts: 1 }],
      now: Date.now(),
    });
    await createWorker({ store, handlers, concurrency: 1, leaseMs: 60_000, log: quiet }).drain();

    expect(posted).toContain('<!-- ci-triage:pr-comment -->');
    expect(formatReport(report, 'markdown', { now: NOW, source: prowView(CSI_JOB, CSI_BUILD) })).toBe(posted);
  } finally {
    await store.close();
    rmSync(rulesDir, { recursive: true, force: true });
  }
});
