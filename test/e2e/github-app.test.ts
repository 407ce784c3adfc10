import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../handlers/main.ts';
import type { RunningApp } from '../../handlers/main.ts';
import { COMMENT_MARKER } from '../../src/render/github/index.ts';
import type { Report, TriageRequest } from '../../src/types.ts';
import { CSI_BUILD, CSI_JOB, CSI_REPO, prowView, signBody, statusPayload } from '../fixtures/webhooks/payloads.ts';
import { testAppConfig, testAppOptions } from '../fixtures/webhooks/test-app.ts';
import { nockCommentFlow } from '../fixtures/webhooks/github-api.ts';
import { capiDriftReport, windowsEmptyEnvReport } from '../render/sample-reports.ts';

// The GitHub App end to end: the real server on loopback, signed webhooks in, GitHub answered by nock,
// a fake engine returning reports shaped like the two incidents.

const SECRET = 'e2e-webhook-secret';
const KIND_JOB = 'pull-kubernetes-csi-csi-proxy-e2e-kind';
const KIND_BUILD = '1889575453191049217';

function reportFor(req: TriageRequest): Report {
  if (req.source === prowView(CSI_JOB, CSI_BUILD)) return windowsEmptyEnvReport();
  const drift = capiDriftReport();
  return { ...drift, run: { ...drift.run, job: KIND_JOB, url: req.source } };
}

describe('GitHub App end to end', () => {
  let dir: string;
  let app: RunningApp;
  let triaged: string[];
  let gate: Promise<void> | null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-e2e-'));
    triaged = [];
    gate = null;
    app = await startApp(testAppConfig(dir, SECRET), {
      ...testAppOptions(dir),
      extraHandlers: [
        (req, res) => {
          if (req.url !== '/slack/events') return false;
          res.writeHead(200).end('second listener');
          return true;
        },
      ],
      createTriageProvider: async () => async () => async (req) => {
        triaged.push(req.source);
        await gate;
        return reportFor(req);
      },
    });
  });

  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(
    event: string,
    id: string,
    payload: object,
    headers: Record<string, string | null> = {},
  ): Promise<Response> {
    const body = JSON.stringify(payload);
    const all: Record<string, string | null> = {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-hub-signature-256': signBody(SECRET, body),
      ...headers,
    };
    const sent = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
    return fetch(`${app.url}/api/github/webhooks`, { method: 'POST', headers: sent, body });
  }

  const failure = (job: string, build: string) =>
    statusPayload({ state: 'failure', context: job, targetUrl: prowView(job, build) });

  it('posts one comment on the first failure and edits it in place as jobs fail and pass', async () => {
    const { posted, patched } = nockCommentFlow({
      lookups: 3,
      edits: 2,
      existing: [{ id: 9, body: 'LGTM', user: { login: 'andyzhangx', type: 'User' } }],
    });

    const first = await post('status', 'delivery-1', failure(CSI_JOB, CSI_BUILD));
    await app.worker.drain();
    const second = await post('status', 'delivery-2', failure(KIND_JOB, KIND_BUILD));
    await app.worker.drain();
    const green = await post(
      'status',
      'delivery-3',
      statusPayload({
        state: 'success',
        context: CSI_JOB,
        targetUrl: prowView(CSI_JOB, '1889999999999999999'),
        updatedAt: '2025-02-12T00:00:00Z',
      }),
    );
    await app.worker.drain();

    expect([first.status, second.status, green.status]).toEqual([200, 200, 200]);
    expect(posted).toHaveLength(1);
    const [created] = posted;
    expect(created?.startsWith(COMMENT_MARKER)).toBe(true);
    expect(created).toContain('**ci-triage:** 1 failing job');
    expect(created).toContain(CSI_JOB);
    expect(created).toContain('NODE_BINARY_TAR_URL');
    expect(created).toContain('https://github.com/kubernetes/test-infra/pull/34103');

    const [twoFailing, oneResolved] = patched;
    expect(twoFailing).toContain('**ci-triage:** 2 failing jobs');
    expect(twoFailing).toContain(KIND_JOB);
    expect(twoFailing).toContain('kindest/node:v1.33.0-alpha.1.199_25278540780516');
    expect(oneResolved).toContain('**ci-triage:** 1 failing job, 1 resolved');
    const resolvedPart = oneResolved?.slice(oneResolved.indexOf('Resolved (1)')) ?? '';
    expect(resolvedPart).toContain(CSI_JOB);
    expect(resolvedPart).not.toContain(KIND_JOB);
    expect((await app.store.loadPrComment(CSI_REPO, 369)).commentId).toBe(1001);
    expect(triaged).toEqual([prowView(CSI_JOB, CSI_BUILD), prowView(KIND_JOB, KIND_BUILD)]);
  });

  it('does not triage or post twice for a redelivery or a repeated status', async () => {
    nockCommentFlow();

    const answers = [];
    answers.push((await post('status', 'delivery-1', failure(CSI_JOB, CSI_BUILD))).status);
    await app.worker.drain();
    answers.push((await post('status', 'delivery-1', failure(CSI_JOB, CSI_BUILD))).status);
    answers.push((await post('status', 'delivery-2', failure(CSI_JOB, CSI_BUILD))).status);
    await app.worker.drain();

    expect(answers).toEqual([200, 200, 200]);
    expect(triaged).toHaveLength(1);
    expect((await app.store.listJobs()).map((j) => `${j.kind}:${j.status}`)).toEqual([
      'triage-run:done',
      'comment-sync:done',
    ]);
  });

  it('rejects forged and unsigned webhooks without queueing anything', async () => {
    const payload = failure(CSI_JOB, CSI_BUILD);

    const forged = await post('status', 'delivery-f', payload, {
      'x-hub-signature-256': signBody('not-the-secret', JSON.stringify(payload)),
    });
    const unsigned = await post('status', 'delivery-u', payload, { 'x-hub-signature-256': null });
    const tampered = await post(
      'status',
      'delivery-t',
      { ...payload, context: 'other-job' },
      { 'x-hub-signature-256': signBody(SECRET, JSON.stringify(payload)) },
    );

    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/signature does not match/);
    expect(unsigned.status).toBe(400);
    expect(await unsigned.text()).toMatch(/Required headers missing: x-hub-signature-256/);
    expect(tampered.status).toBe(400);
    expect(await app.store.listJobs()).toEqual([]);
  });

  it('answers the webhook before the analysis is done', async () => {
    let release = () => {};
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    nockCommentFlow();

    const answer = await post('status', 'delivery-1', failure(CSI_JOB, CSI_BUILD));
    for (let i = 0; i < 100 && triaged.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const pending = (await app.store.listJobs()).map((j) => j.status);
    release();
    await app.worker.drain();

    expect(answer.status).toBe(200);
    expect(triaged).toHaveLength(1);
    expect(pending).toEqual(['running']);
  });

  it("accepts deliveries at / too, where probot's setup flow points the webhook", async () => {
    const body = JSON.stringify(statusPayload({ state: 'pending' }));

    const res = await fetch(`${app.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'status',
        'x-github-delivery': 'root-1',
        'x-hub-signature-256': signBody(SECRET, body),
      },
      body,
    });
    const forged = await fetch(`${app.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'status',
        'x-github-delivery': 'root-2',
        'x-hub-signature-256': signBody('x', body),
      },
      body,
    });

    expect(res.status).toBe(200);
    expect(forged.status).toBe(400);
  });

  it('shares the server with a second listener, health checks and 404s', async () => {
    const health = await fetch(`${app.url}/healthz`);
    const slack = await fetch(`${app.url}/slack/events`, { method: 'POST' });
    const unknown = await fetch(`${app.url}/nothing-here`, { method: 'POST' });

    expect(health.status).toBe(200);
    expect(await slack.text()).toBe('second listener');
    expect(unknown.status).toBe(404);
  });
});
