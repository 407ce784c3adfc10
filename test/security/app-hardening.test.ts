import { mkdtempSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import nock from 'nock';
import { createAppLogger } from '../../handlers/app-logger.ts';
import { startApp } from '../../handlers/main.ts';
import type { RunningApp } from '../../handlers/main.ts';
import {
  CSI_BUILD,
  CSI_HEAD,
  CSI_JOB,
  CSI_REPO,
  prowView,
  signBody,
  statusPayload,
} from '../fixtures/webhooks/payloads.ts';
import { testAppConfig, testAppOptions } from '../fixtures/webhooks/test-app.ts';
import { slackConfig } from '../fixtures/slack/slack-harness.ts';
import { commandBody, postSigned } from '../fixtures/slack/slack-requests.ts';
import { windowsEmptyEnvReport } from '../render/sample-reports.ts';
import { leaked, PLANTED } from './planted-secrets.ts';

// The App as an attacker meets it, on loopback: a repository whose config lists many slow-to-check
// rules, oversized / null / forged / traversal payloads, and the server's own log lines.

const SECRET = 'security-webhook-secret';
const R = `/repos/${CSI_REPO}`;
const SLOW_RULES = 40;

function slowRules(): string {
  const rules = Array.from({ length: SLOW_RULES }, (_, i) =>
    [
      `  - id: hostile-${i}`,
      '    category: test',
      '    explanation: slow to prove',
      `    patterns: ['hostile ${i} error: [a-z]{1,200}[0-9]{1,200}x']`,
    ].join('\n'),
  );
  return `rules:\n${rules.join('\n')}\n`;
}

const file = (text: string) => ({ type: 'file', size: text.length, content: Buffer.from(text).toString('base64') });

describe('the App under hostile input', () => {
  let dir: string;
  let app: RunningApp;
  let logLines: string[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-security-'));
    logLines = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await startApp(testAppConfig(dir, SECRET), {
      ...testAppOptions(dir),
      log: createAppLogger('info', sink),
      slack: slackConfig(),
      slackClientOptions: { retryConfig: { retries: 0 } },
      ruleChecks: { budgetMs: 3_000, timeoutMs: 5_000 },
      createTriageProvider: async () => async () => async () => windowsEmptyEnvReport(),
    });
  });

  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (event: string, id: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': id,
        'x-hub-signature-256': signBody(SECRET, body),
        ...headers,
      },
      body,
    });

  const timed = async (what: () => Promise<Response | { status: number }>) => {
    const started = performance.now();
    const res = await what();
    return { status: res.status, ms: performance.now() - started };
  };

  it('keeps /healthz, webhooks and Slack commands answering within 1 s while a repo config lists many slow rules', async () => {
    const posted: string[] = [];
    nock('https://api.github.com')
      .post('/app/installations/42/access_tokens')
      .reply(201, {
        token: 'ghs_test',
        expires_at: '2099-01-01T00:00:00Z',
        permissions: {},
        repository_selection: 'all',
      })
      .get(`${R}/contents/.github%2Fci-triage.yml`)
      .reply(200, file('rules:\n  - ci/hostile-rules.yaml\n'))
      .get(`${R}/contents/ci%2Fhostile-rules.yaml`)
      .reply(200, file(slowRules()))
      .get(`${R}/commits/${CSI_HEAD}/pulls`)
      .query(true)
      .reply(200, [{ number: 369, state: 'open' }])
      .get(`${R}/issues/369/comments`)
      .query(true)
      .reply(200, [])
      .post(`${R}/issues/369/comments`, (b: { body: string }) => Boolean(posted.push(b.body)))
      .reply(201, { id: 1 });
    let lag = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      lag = Math.max(lag, performance.now() - last - 20);
      last = performance.now();
    }, 20);

    const failure = JSON.stringify(statusPayload({ state: 'failure', targetUrl: prowView(CSI_JOB, CSI_BUILD) }));
    expect((await post('status', 'hostile-1', failure)).status).toBe(200);
    const answers = [];
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 400));
      const pending = JSON.stringify(statusPayload({ state: 'pending' }));
      answers.push(await timed(() => fetch(`${app.url}/healthz`)));
      answers.push(await timed(() => post('status', `probe-${round}`, pending)));
      answers.push(
        await timed(() => postSigned(`${app.url}/slack/events`, commandBody('help', '/commands/T0TEAM001/9/x'))),
      );
    }
    await app.worker.drain();
    clearInterval(probe);

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1000);
    expect(lag).toBeLessThan(500);
    expect(posted).toHaveLength(1);
    const refused = Number(/(\d+) rules were not used/.exec(posted[0] ?? '')?.[1]);
    expect(refused).toBeGreaterThanOrEqual(SLOW_RULES / 2);
    expect(posted[0]).toMatch(/rule `hostile-\d+`: a pattern was not checked in time/);
  }, 30_000);

  it('answers 413 to a body declared above 25 MB without reading it', async () => {
    const { port } = new URL(app.url);
    const head = [
      'POST /api/github/webhooks HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Content-Type: application/json',
      `Content-Length: ${26 * 1024 * 1024}`,
      'X-GitHub-Event: status',
      'X-GitHub-Delivery: big-1',
      'X-Hub-Signature-256: sha256=00',
      '',
      '{"padding":"',
    ].join('\r\n');

    // A worker thread has its own modules, so nock's interceptors (which buffer a request body until it
    // ends) do not sit between this raw client and the server.
    const client = `
      const { connect } = require('node:net');
      const { parentPort, workerData } = require('node:worker_threads');
      const socket = connect(workerData.port, '127.0.0.1', () => socket.write(workerData.head));
      socket.once('data', (d) => { parentPort.postMessage(String(d)); socket.destroy(); });
      socket.on('error', (e) => parentPort.postMessage('error ' + e.message));`;
    const worker = new Worker(client, { eval: true, workerData: { port: Number(port), head } });
    const answer = await new Promise<string>((resolve) => worker.once('message', resolve));
    await worker.terminate();

    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('answers 413 to a chunked body that grows past 25 MB', async () => {
    const big = new Uint8Array(26 * 1024 * 1024).fill(0x20);

    const res = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'status',
        'x-github-delivery': 'big-2',
        'x-hub-signature-256': 'sha256=00',
      },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit).catch(() => null);

    expect(res === null || res.status === 413).toBe(true);
    expect(await app.store.listJobs()).toEqual([]);
  });

  it('answers 400 to a signed null body, and a forged delivery logs one line without its body', async () => {
    const marker = `BODY-MARKER ${PLANTED[0]?.secret}`;

    const nullBody = await post('status', 'null-1', 'null');
    const forged = await post('status', 'forged-1', JSON.stringify({ marker }), {
      'x-hub-signature-256': signBody('wrong', '{}'),
    });

    expect(nullBody.status).toBe(400);
    expect(forged.status).toBe(400);
    const rejected = logLines.filter((l) => l.includes('webhook rejected'));
    expect(rejected).toHaveLength(2);
    expect(JSON.parse(rejected[1] ?? '{}')).toMatchObject({
      deliveryId: 'forged-1',
      event: 'status',
      reason: 'signature does not match event payload and secret',
    });
    expect(logLines.join('').includes('BODY-MARKER')).toBe(false);
  });

  it('refuses a repository named ../.. before any GitHub call', async () => {
    const body = JSON.stringify(statusPayload({ state: 'failure', repo: '../..' }));

    const res = await post('status', 'dots-1', body);
    await app.worker.drain();

    expect(res.status).toBe(200);
    expect(await app.store.listJobs()).toEqual([]);
  });

  it('writes no planted secret into its own log lines', async () => {
    const contexts = PLANTED.filter((s) => !s.line.includes('\n')).slice(0, 40);
    for (const [i, s] of contexts.entries()) {
      const body = JSON.stringify(statusPayload({ state: 'pending', context: s.line.slice(0, 200) }));
      await post('status', `secret-${i}`, body);
    }

    expect(logLines.filter((l) => l.includes('webhook handled')).length).toBe(contexts.length);
    expect(leaked(logLines.join('\n'), contexts)).toEqual([]);
  });
});
