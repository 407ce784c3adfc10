// `npm run soak`: the real server on loopback under 100 signed webhooks a second for 60 s (SOAK_RATE,
// SOAK_SECONDS), against a fake GitHub on loopback and an engine that answers at once, then waits for
// the queue to drain. Prints p50/p99 webhook answer time, what was processed, peak RSS, and whether
// anything was lost (every accepted failure triaged and its PR's comment written).
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ProbotOctokit } from 'probot';
import { startApp } from '../handlers/main.ts';
import { loadAppConfig } from '../src/config/index.ts';
import { statusPayload } from '../test/fixtures/webhooks/payloads.ts';
import { windowsEmptyEnvReport } from '../test/render/sample-reports.ts';

const RATE = Number(process.env.SOAK_RATE ?? 100);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const PRS = 200;
const SECRET = 'soak-secret';
const DRAIN_LIMIT_MS = 180_000;

/** GitHub's endpoints the comment flow uses; every sha belongs to PR `1 + sha % PRS`. */
async function startFakeGithub(): Promise<{ url: string; calls: Map<string, number>; close: () => void }> {
  const calls = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    const route = `${req.method} ${path.replace(/\d+/g, 'N').replace(/[0-9a-f]{40}/g, 'SHA')}`;
    calls.set(route, (calls.get(route) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST' && path.endsWith('/access_tokens'))
        return json(201, { token: 'ghs_soak', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
      if (path.includes('/contents/')) return json(404, { message: 'Not Found' });
      const pulls = /\/commits\/([0-9a-f]+)\/pulls$/.exec(path);
      if (pulls)
        return json(200, [{ number: 1 + (Number.parseInt(pulls[1]?.slice(0, 8) ?? '0', 16) % PRS), state: 'open' }]);
      if (req.method === 'GET' && path.endsWith('/comments')) return json(200, []);
      if (req.method === 'POST' && path.endsWith('/comments')) return json(201, { id: 1 + (calls.get(route) ?? 0) });
      if (req.method === 'PATCH') return json(200, { id: 1 });
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => server.close() };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-triage-soak-'));
  const github = await startFakeGithub();
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' });
  const config = loadAppConfig({
    APP_ID: '1',
    PRIVATE_KEY: String(pem),
    WEBHOOK_SECRET: SECRET,
    GITHUB_API_URL: github.url,
    CI_TRIAGE_DB: join(dir, 'soak.db'),
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({
    ...o,
    retry: { enabled: false },
    throttle: { enabled: false },
  }));
  let triaged = 0;
  const app = await startApp(config, {
    log: pino({ level: 'silent' }),
    Octokit,
    rulesDir: join(dir, 'rules'),
    createTriageProvider: async () => async () => async (req) => {
      triaged++;
      const r = windowsEmptyEnvReport();
      return { ...r, run: { ...r.run, url: req.source } };
    },
  });
  let peakRss = process.memoryUsage().rss;
  const rssProbe = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  // Warm-up (first requests compile probot's webhook path and open the DB pages): not measured.
  for (let i = 0; i < 20; i++) await send(app.url, -1 - i, [], new Map());
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const total = RATE * SECONDS;
  const sends: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sends.push(send(app.url, i, times, statuses));
  }
  await Promise.all(sends);
  const sentFor = (performance.now() - started) / 1000;
  const drainStart = performance.now();
  let jobs = await app.store.listJobs();
  while (
    jobs.some((j) => j.status === 'queued' || j.status === 'running') &&
    performance.now() - drainStart < DRAIN_LIMIT_MS
  ) {
    await new Promise((r) => setTimeout(r, 500));
    jobs = await app.store.listJobs();
  }
  clearInterval(rssProbe);
  const count = (kind: string, status: string) => jobs.filter((j) => j.kind === kind && j.status === status).length;
  const sorted = [...times].sort((a, b) => a - b);
  const runsDone = count('triage-run', 'done') - 20;
  const lost = total - runsDone;
  const rows = [
    `webhooks sent        ${total} in ${sentFor.toFixed(1)} s (${RATE}/s target); answers ${[...statuses].map(([s, n]) => `${s}x${n}`).join(' ')}`,
    `answer time          p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
    `processed            ${runsDone} triage-runs done (${triaged} engine calls), ${count('comment-sync', 'done')} comment-syncs done, ${jobs.filter((j) => j.status === 'failed').length} failed`,
    `drained              ${((performance.now() - drainStart) / 1000).toFixed(1)} s after the last webhook`,
    `GitHub calls         ${[...github.calls.values()].reduce((a, b) => a + b, 0)} (${github.calls.get('POST /repos/kubernetes-csi/csi-proxy/issues/N/comments') ?? 0} comments created)`,
    `peak RSS             ${(peakRss / 1024 / 1024).toFixed(0)} MB`,
    `lost                 ${lost}`,
  ];
  process.stdout.write(`${rows.join('\n')}\n`);
  await app.close();
  github.close();
  rmSync(dir, { recursive: true, force: true });
  if (lost !== 0) process.exitCode = 1;
}

async function send(url: string, i: number, times: number[], statuses: Map<number, number>): Promise<void> {
  const sha = createHmac('sha1', 'soak').update(String(i)).digest('hex');
  const body = JSON.stringify(
    statusPayload({
      state: 'failure',
      sha,
      targetUrl: `https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/1/pull-soak/${1_900_000_000_000_000_000n + BigInt(i)}`,
      context: 'pull-soak',
    }),
  );
  const t = performance.now();
  const res = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'status',
      'x-github-delivery': `soak-${i}`,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  await res.arrayBuffer();
  times.push(performance.now() - t);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
}

await main();
