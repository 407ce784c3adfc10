// Another CI's failed check run through the App: a signed check_run webhook (@octokit/webhooks-examples,
// CircleCI's app), the check run and its annotations from nock (shapes of GitHub's Checks API docs),
// and a comment built from the check run's own output that says only that output could be read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { startApp } from '../../handlers/main.ts';
import type { RunningApp } from '../../handlers/main.ts';
import { CSI_HEAD, CSI_REPO, checkRunPayload, signBody } from '../fixtures/webhooks/payloads.ts';
import { testAppConfig, testAppOptions } from '../fixtures/webhooks/test-app.ts';

const SECRET = 'check-run-e2e-secret';
const API = 'https://api.github.com';
const DETAILS = 'https://app.circleci.com/pipelines/github/kubernetes-csi/csi-proxy/812/workflows/1f2e/jobs/2044';

const CHECK_RUN = {
  id: 4242,
  head_sha: CSI_HEAD,
  node_id: 'MDg6Q2hlY2tSdW40',
  external_id: '2044',
  url: `${API}/repos/${CSI_REPO}/check-runs/4242`,
  html_url: `https://github.com/${CSI_REPO}/runs/4242`,
  details_url: DETAILS,
  status: 'completed',
  conclusion: 'failure',
  started_at: '2025-02-11T01:50:00Z',
  completed_at: '2025-02-11T01:59:49Z',
  output: {
    title: '1 test failed',
    summary: 'go test ./... failed in job unit-tests',
    text: '--- FAIL: TestGetWidget (0.01s)\n    widget_test.go:42: got status 500, want 200\nFAIL\tgithub.com/kubernetes-csi/csi-proxy/api\t0.398s',
    annotations_count: 1,
    annotations_url: `${API}/repos/${CSI_REPO}/check-runs/4242/annotations`,
  },
  name: 'ci/circleci: unit-tests',
  check_suite: { id: 5 },
  app: { id: 18001, slug: 'circleci-checks', name: 'CircleCI Checks' },
  pull_requests: [
    {
      url: `${API}/repos/${CSI_REPO}/pulls/369`,
      id: 1934,
      number: 369,
      head: { ref: 'fix', sha: CSI_HEAD, repo: { id: 1, url: `${API}/repos/${CSI_REPO}`, name: 'csi-proxy' } },
      base: { ref: 'master', sha: 'f'.repeat(40), repo: { id: 1, url: `${API}/repos/${CSI_REPO}`, name: 'csi-proxy' } },
    },
  ],
};

const ANNOTATIONS = [
  {
    path: 'api/widget_test.go',
    blob_href: `https://github.com/${CSI_REPO}/blob/${CSI_HEAD}/api/widget_test.go`,
    start_line: 42,
    start_column: null,
    end_line: 42,
    end_column: null,
    annotation_level: 'failure',
    title: 'TestGetWidget',
    message: 'got status 500, want 200',
    raw_details: null,
  },
];

describe('GitHub App on a check run of another CI', () => {
  let dir: string;
  let app: RunningApp;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-check-run-e2e-'));
    app = await startApp(testAppConfig(dir, SECRET), testAppOptions(dir));
  });

  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("posts a comment from the check run's output, saying only that output could be read", async () => {
    const posted: string[] = [];
    nock(API)
      .post('/app/installations/42/access_tokens')
      .reply(201, {
        token: 'ghs_test',
        expires_at: '2099-01-01T00:00:00Z',
        permissions: {},
        repository_selection: 'all',
      })
      .persist();
    nock(API).get(`/repos/${CSI_REPO}/contents/.github%2Fci-triage.yml`).reply(404, { message: 'Not Found' });
    nock(API).get(`/repos/${CSI_REPO}/check-runs/4242`).reply(200, CHECK_RUN);
    nock(API).get(`/repos/${CSI_REPO}/check-runs/4242/annotations`).query({ per_page: '100' }).reply(200, ANNOTATIONS);
    nock(API).get(`/repos/${CSI_REPO}/issues/369/comments`).query(true).reply(200, []);
    // nock also offers other requests' (empty) bodies to this matcher: keep only the comment's.
    nock(API)
      .post(`/repos/${CSI_REPO}/issues/369/comments`, (b: unknown) => {
        const body = (b as { body?: unknown } | null)?.body;
        if (typeof body === 'string') posted.push(body);
        return typeof body === 'string';
      })
      .reply(201, { id: 3002 });
    const payload = checkRunPayload({
      conclusion: 'failure',
      name: CHECK_RUN.name,
      detailsUrl: DETAILS,
      appSlug: 'circleci-checks',
    });
    const body = JSON.stringify(payload);

    const res = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'check_run',
        'x-github-delivery': 'cr-1',
        'x-hub-signature-256': signBody(SECRET, body),
      },
      body,
    });
    await app.worker.drain();

    expect(res.status).toBe(200);
    expect(posted).toHaveLength(1);
    const comment = posted[0]!;
    expect(comment).toContain('rule go-test-failure');
    expect(comment).toContain(
      "only the check run's own output could be read (its title, summary, text and 1 annotation)",
    );
    expect(comment).toContain('CircleCI Checks');
    expect(comment).toContain('TestGetWidget');
  });
});
