import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createAppLogger } from '../../handlers/app-logger.ts';
import { startApp } from '../../handlers/main.ts';
import { MIGRATIONS } from '../../src/store/index.ts';
import type { RunningApp } from '../../handlers/main.ts';
import { CSI_BUILD, CSI_JOB, prowView, signBody, statusPayload } from '../fixtures/webhooks/payloads.ts';
import { testAppConfig, testAppOptions } from '../fixtures/webhooks/test-app.ts';

// Operator endpoints on the real server: /healthz, /readyz, /metrics (Prometheus text), and the log lines.

const SECRET = 'ops-secret';

function metricValue(text: string, name: string, labels: string): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{${labels}}`) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('operator endpoints', () => {
  let dir: string;
  let app: RunningApp;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-ops-'));
    app = await startApp(testAppConfig(dir, SECRET), {
      ...testAppOptions(dir),
      createTriageProvider: async () => async () => async () => {
        throw Object.assign(new Error('engine down'), { permanent: true });
      },
    });
  });

  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is healthy and ready once the store is migrated and the worker runs', async () => {
    const health = await fetch(`${app.url}/healthz`);
    const ready = await fetch(`${app.url}/readyz`);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    const latest = `v${MIGRATIONS.at(-1)?.version}`;
    expect(await ready.json()).toEqual({ ready: true, checks: { store: 'ok', migrations: latest, queue: 'running' } });
  });

  it('is not ready once the store stops answering', async () => {
    await app.store.close();

    const ready = await fetch(`${app.url}/readyz`);

    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { store: string } }).checks.store).toMatch(/^unreachable/);
  });

  it('counts received and rejected webhooks and queued jobs in /metrics', async () => {
    const before = await (await fetch(`${app.url}/metrics`)).text();
    const body = JSON.stringify(
      statusPayload({ state: 'failure', context: CSI_JOB, targetUrl: prowView(CSI_JOB, CSI_BUILD) }),
    );
    const headers = { 'content-type': 'application/json', 'x-github-event': 'status', 'x-github-delivery': 'm-1' };
    await app.worker.stop();

    const ok = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { ...headers, 'x-hub-signature-256': signBody(SECRET, body) },
      body,
    });
    const forged = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { ...headers, 'x-hub-signature-256': signBody('wrong', body) },
      body,
    });
    const res = await fetch(`${app.url}/metrics`);
    const after = await res.text();

    expect([ok.status, forged.status]).toEqual([200, 400]);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const delta = (name: string, labels: string) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('ci_triage_webhooks_received_total', 'event="status"')).toBe(1);
    expect(delta('ci_triage_webhooks_rejected_total', 'reason="signature"')).toBe(1);
    expect(metricValue(after, 'ci_triage_queue_depth', 'kind="triage-run"')).toBe(1);
    for (const name of [
      'ci_triage_jobs_total',
      'ci_triage_queue_oldest_age_seconds',
      'ci_triage_triage_duration_seconds',
      'ci_triage_findings_total',
      'ci_triage_github_requests_total',
      'ci_triage_github_ratelimit_remaining',
      'ci_triage_slack_posts_total',
      'ci_triage_process_cpu_seconds_total',
    ]) {
      expect(after).toContain(`# TYPE ${name}`);
    }
  });
});

describe('app logger', () => {
  function capture(format: 'json' | 'pretty' = 'json') {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    return { log: createAppLogger('info', sink, format), lines };
  }

  it('writes one "name" key per line when probot names a child of a named child', () => {
    const { log, lines } = capture();

    log.child({ name: 'probot' }).child({ name: 'github', id: 'd-1' }).info({ x: 1 }, 'hello');
    log.child({ component: 'triage' }).child({ name: 'queue' }).info({}, 'plain');

    expect(lines.map((l) => l.match(/"name":/g)?.length)).toEqual([1, 1]);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ name: 'probot/github', id: 'd-1', app: 'ci-triage', x: 1 });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ name: 'queue', component: 'triage' });
  });

  it("logs a job's lines on the real app with its job id, kind and the webhook's delivery id", async () => {
    const { log, lines } = capture();
    const dir = mkdtempSync(join(tmpdir(), 'ci-triage-joblog-'));
    const app = await startApp(testAppConfig(dir, SECRET), {
      ...testAppOptions(dir),
      log,
    });
    try {
      const body = JSON.stringify(
        statusPayload({ state: 'failure', context: CSI_JOB, targetUrl: prowView(CSI_JOB, CSI_BUILD) }),
      );
      await fetch(`${app.url}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'status',
          'x-github-delivery': 'delivery-log-1',
          'x-hub-signature-256': signBody(SECRET, body),
        },
        body,
      });
      // No GitHub answers here: the job's first attempt fails and is retried later.
      const failed = () => lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'job failed, will retry');
      for (let i = 0; i < 200 && !failed(); i++) await new Promise((r) => setTimeout(r, 10));
      const [job] = await app.store.listJobs({ kind: 'triage-run' });

      expect(failed()).toMatchObject({
        name: 'queue',
        jobId: job?.id,
        kind: 'triage-run',
        deliveryId: 'delivery-log-1',
      });
      expect(lines.find((l) => l.includes('job failed, will retry'))?.match(/"kind":/g)).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints readable lines with LOG_FORMAT=pretty', () => {
    const { log, lines } = capture('pretty');

    log.child({ name: 'queue' }).info({ jobId: 7 }, 'job done');

    expect(lines[0]).toMatch(/INFO.*\(queue\).*job done|INFO.*job done/);
    expect(lines.join('\n')).toContain('jobId: 7');
  });
});
