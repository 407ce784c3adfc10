// The App end to end on six GitHub Actions failures, with the real engine: a signed workflow_run
// webhook on loopback, every GitHub answer (run, jobs, logs, workflow file at both heads, history,
// compare, commits, comments) from nock, and the comment the App posts checked for the definition
// changes, the change that touches the failure and the suspects.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { startApp } from '../../handlers/main.ts';
import type { RunningApp } from '../../handlers/main.ts';
import { COMMENT_MARKER } from '../../src/render/github/index.ts';
import { signBody, workflowRunPayload } from '../fixtures/webhooks/payloads.ts';
import { testAppConfig, testAppOptions } from '../fixtures/webhooks/test-app.ts';
import { API, PR, RED_ID, REPO, SCENARIOS, type Scenario, nockScenario } from './actions-scenarios.ts';

const SECRET = 'actions-e2e-secret';

function nockApp(): { posted: string[] } {
  const posted: string[] = [];
  nock(API)
    .post('/app/installations/42/access_tokens')
    .reply(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' })
    .persist();
  nock(API).get(`/repos/${REPO}/contents/.github%2Fci-triage.yml`).reply(404, { message: 'Not Found' });
  nock(API).get(`/repos/${REPO}/issues/${PR}/comments`).query(true).reply(200, []);
  nock(API)
    // nock also offers other requests' (empty) bodies to this matcher: keep only the comment's.
    .post(`/repos/${REPO}/issues/${PR}/comments`, (b: unknown) => {
      const body = (b as { body?: unknown } | null)?.body;
      if (typeof body === 'string') posted.push(body);
      return typeof body === 'string';
    })
    .reply(201, { id: 3001 });
  return { posted };
}

function payloadFor(s: Scenario): object {
  const p = workflowRunPayload({ repo: REPO, runId: RED_ID, conclusion: 'failure', pulls: [PR], name: 'CI' }) as {
    workflow_run: Record<string, unknown>;
  };
  p.workflow_run.head_sha = s.red.sha;
  return p;
}

describe('GitHub App on Actions failures, real engine', () => {
  let dir: string;
  let app: RunningApp;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-actions-e2e-'));
    app = await startApp(testAppConfig(dir, SECRET), testAppOptions(dir));
  });

  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const { posted } = nockApp();
    nockScenario(s);
    const body = JSON.stringify(payloadFor(s));

    const res = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-github-delivery': `delivery-${s.name}`,
        'x-hub-signature-256': signBody(SECRET, body),
      },
      body,
    });
    await app.worker.drain();

    expect(res.status).toBe(200);
    const jobs = await app.store.listJobs();
    expect(jobs.map((j) => `${j.kind}:${j.status}`)).toEqual(['triage-run:done', 'comment-sync:done']);
    expect(posted).toHaveLength(1);
    const comment = posted[0]!;
    if (process.env.SHOW_COMMENT === s.name) process.stderr.write(`${comment}\n`);
    expect(comment.startsWith(COMMENT_MARKER)).toBe(true);
    for (const text of s.expect.comment) expect(comment).toContain(text);
    if (s.expect.changes.length === 0) expect(comment).not.toContain('Definition changes since the baseline');
    if (s.expect.suspects.length === 0) expect(comment).not.toContain('Likely culprit');
  });
});
