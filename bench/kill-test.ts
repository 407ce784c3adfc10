// `npm run test:kill`: three app processes on loopback sharing one PostgreSQL database (and Redis), a
// fake GitHub on loopback, 1,000 signed status webhooks spread round-robin over the three (10% of them
// redeliveries of an earlier delivery id), and `kill -9` of one instance half-way. A webhook whose
// instance is gone is sent to the next one, as a load balancer would. Then it waits for the queue to
// drain and checks: every run triaged exactly once (one triage row per job and build), exactly one PR
// comment created per PR (POSTs counted at the fake; edits are PATCHes), no job lost (every triage-run
// and comment-sync done, every PR listing all its jobs). Prints throughput and answer-time percentiles.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { statusPayload } from '../test/fixtures/webhooks/payloads.ts';

const INSTANCES = 3;
const PRS = 100;
const WEBHOOKS = 1000;
const REDELIVER_EVERY = 10;
const CONCURRENCY = 24;
const SECRET = 'kill-secret';
const ADMIN_URL = process.env.CI_TRIAGE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DRAIN_LIMIT_MS = 90_000;

interface FakeGithub {
  url: string;
  posts: Map<number, number>;
  patches: number;
  bodies: Map<number, string>;
  close(): void;
}

/** The endpoints of the comment flow; commit sha = the PR number in hex; comments kept per PR. */
async function startFakeGithub(): Promise<FakeGithub> {
  const fake = { posts: new Map<number, number>(), patches: 0, bodies: new Map<number, string>() };
  const comments = new Map<number, { id: number; body: string; user: { login: string; type: string } }[]>();
  const byId = new Map<number, { pr: number; body: string }>();
  let nextId = 1;
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as { body?: string }) : {};
      if (req.method === 'POST' && path.endsWith('/access_tokens'))
        return json(201, { token: 'ghs_kill', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
      if (path.includes('/contents/')) return json(404, { message: 'Not Found' });
      const pulls = /\/commits\/([0-9a-f]{40})\/pulls$/.exec(path);
      if (pulls) return json(200, [{ number: Number.parseInt(pulls[1] ?? '0', 16), state: 'open' }]);
      const list = /\/issues\/(\d+)\/comments$/.exec(path);
      if (list && req.method === 'GET') return json(200, comments.get(Number(list[1])) ?? []);
      if (list && req.method === 'POST') {
        const pr = Number(list[1]);
        const c = { id: nextId++, body: body.body ?? '', user: { login: 'ci-triage[bot]', type: 'Bot' } };
        comments.set(pr, [...(comments.get(pr) ?? []), c]);
        byId.set(c.id, { pr, body: c.body });
        fake.posts.set(pr, (fake.posts.get(pr) ?? 0) + 1);
        fake.bodies.set(pr, c.body);
        return json(201, { id: c.id });
      }
      const edit = /\/issues\/comments\/(\d+)$/.exec(path);
      if (edit && req.method === 'PATCH') {
        const known = byId.get(Number(edit[1]));
        if (!known) return json(404, { message: 'Not Found' });
        fake.patches++;
        for (const c of comments.get(known.pr) ?? []) if (c.id === Number(edit[1])) c.body = body.body ?? '';
        fake.bodies.set(known.pr, body.body ?? '');
        return json(200, { id: Number(edit[1]) });
      }
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ...fake, close: () => server.close() };
}

interface Instance {
  child: ChildProcess;
  url: string;
  alive: boolean;
}

function startInstance(env: NodeJS.ProcessEnv): Promise<Instance> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'kill-instance.ts')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], alive: true });
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code} before listening`)));
  });
}

/** Delivery i: PR 1 + i % PRS, job j = floor(i / PRS) % 9 of that PR, its own build; every 10th resends i - 7. */
function delivery(i: number): { id: string; body: string } {
  const n = i % REDELIVER_EVERY === REDELIVER_EVERY - 1 ? i - 7 : i;
  const unique = n - Math.floor(n / REDELIVER_EVERY);
  const pr = 1 + (unique % PRS);
  const job = `pull-kill-${Math.floor(unique / PRS)}`;
  const build = String(1_900_000_000_000_000_000n + BigInt(unique));
  const body = JSON.stringify(
    statusPayload({
      state: 'failure',
      sha: pr.toString(16).padStart(40, '0'),
      context: job,
      targetUrl: `https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/${pr}/${job}/${build}`,
    }),
  );
  return { id: `kill-${n}`, body };
}

async function post(url: string, d: { id: string; body: string }): Promise<number> {
  const res = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'status',
      'x-github-delivery': d.id,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(d.body).digest('hex')}`,
    },
    body: d.body,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-triage-kill-'));
  const dbName = `ci_triage_kill_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const github = await startFakeGithub();
  const started = join(dir, 'started.txt');
  writeFileSync(started, '');
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' });
  const env = {
    ...process.env,
    APP_ID: '1',
    PRIVATE_KEY: String(pem),
    WEBHOOK_SECRET: SECRET,
    GITHUB_API_URL: github.url,
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CI_TRIAGE_REDIS_PREFIX: `ci-triage-kill-${process.pid}:`,
    CI_TRIAGE_LEASE_SECONDS: '3',
    CI_TRIAGE_CONCURRENCY: '4',
    CI_TRIAGE_DB_POOL: '6',
    KILL_STARTED: started,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const instances: Instance[] = [];
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    // Together, so their migrations race for the advisory lock.
    instances.push(...(await Promise.all(Array.from({ length: INSTANCES }, () => startInstance(env)))));
    await db.connect();
    const times: number[] = [];
    const statuses = new Map<string, number>();
    let failovers = 0;
    let next = 0;
    const victim = instances[1] as Instance;
    const t0 = performance.now();
    const sender = async () => {
      for (let i = next++; i < WEBHOOKS; i = next++) {
        if (i === WEBHOOKS / 2 && victim.alive) {
          victim.alive = false;
          victim.child.kill('SIGKILL');
        }
        const d = delivery(i);
        for (let k = 0; k < INSTANCES; k++) {
          const target = instances[(i + k) % INSTANCES] as Instance;
          if (!target.alive && k < INSTANCES - 1) continue;
          const t = performance.now();
          try {
            const status = await post(target.url, d);
            times.push(performance.now() - t);
            statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
            break;
          } catch {
            failovers++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
    const sendSeconds = (performance.now() - t0) / 1000;
    const drainStart = performance.now();
    // The jobs are pg-boss's (schema pgboss, one queue per kind: triage-run, comment-sync.stately, ...).
    const pendingJobs = async () =>
      Number(
        (await db.query("SELECT COUNT(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')")).rows[0]
          .n,
      );
    while ((await pendingJobs()) > 0 && performance.now() - drainStart < DRAIN_LIMIT_MS) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const q = async (sql: string) => Number((await db.query(sql)).rows[0].n);
    const unique = WEBHOOKS - WEBHOOKS / REDELIVER_EVERY;
    const triages = await q('SELECT COUNT(*) AS n FROM triages');
    const distinct = await q('SELECT COUNT(DISTINCT (job, build_id)) AS n FROM triages');
    const runsDone = await q("SELECT COUNT(*) AS n FROM pgboss.job WHERE name = 'triage-run' AND state = 'completed'");
    const failed = await q("SELECT COUNT(*) AS n FROM pgboss.job WHERE state <> 'completed'");
    const prJobs = await q("SELECT COUNT(*) AS n FROM pr_jobs WHERE status = 'failing'");
    const engineRuns = readFileSync(started, 'utf8').split('\n').filter(Boolean).length;
    const posts = [...github.posts.values()];
    const perJobs = unique / PRS;
    const complete = [...github.bodies.values()].filter((b) => b.includes(`**ci-triage:** ${perJobs} failing jobs`));
    const sorted = [...times].sort((a, b) => a - b);
    const checks: [string, boolean][] = [
      [
        `every run triaged exactly once: ${triages} triage rows, ${distinct} distinct job+build, ${unique} expected`,
        triages === unique && distinct === unique,
      ],
      [
        `one PR comment per PR: ${posts.reduce((a, b) => a + b, 0)} POSTs over ${github.posts.size} PRs (${PRS} expected), max ${Math.max(0, ...posts)} on one PR; ${github.patches} PATCHes`,
        github.posts.size === PRS && posts.every((n) => n === 1),
      ],
      [
        `no job lost: ${runsDone} triage-runs done, ${failed} jobs not done, ${prJobs} failing PR entries`,
        runsDone === unique && failed === 0 && prJobs === unique,
      ],
      [`every PR comment lists its ${perJobs} jobs: ${complete.length} of ${PRS}`, complete.length === PRS],
    ];
    const rows = [
      `instances            ${INSTANCES} (one killed with SIGKILL after ${WEBHOOKS / 2} webhooks), PostgreSQL ${dbName}`,
      `webhooks             ${WEBHOOKS} (${WEBHOOKS / REDELIVER_EVERY} redeliveries) in ${sendSeconds.toFixed(2)} s = ${(WEBHOOKS / sendSeconds).toFixed(0)}/s; answers ${[...statuses].map(([s, n]) => `${s}x${n}`).join(' ')}; ${failovers} sent again to another instance`,
      `answer time          p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
      `drained              ${drainSeconds.toFixed(1)} s after the last webhook; engine runs ${engineRuns} for ${unique} runs (${engineRuns - unique} re-ran after the kill)`,
      ...checks.map(([text, ok]) => `${ok ? 'ok  ' : 'FAIL'}                 ${text}`),
    ];
    process.stdout.write(`${rows.join('\n')}\n`);
    const passed = checks.filter(([, ok]) => ok).length;
    process.stdout.write(`kill-test: ${passed} passed, ${checks.length - passed} failed\n`);
    // `--json <file>`: the counts in jest's result shape, for .ci/summary.mjs.
    const out = process.argv.indexOf('--json');
    if (out > 0 && process.argv[out + 1]) {
      const result = { numPassedTests: passed, numFailedTests: checks.length - passed, numPendingTests: 0 };
      writeFileSync(process.argv[out + 1] as string, JSON.stringify(result));
    }
    return checks.length - passed;
  } finally {
    for (const i of instances) if (i.alive) i.child.kill('SIGTERM');
    await Promise.all(
      instances.map((i) => (i.child.exitCode === null && i.alive ? new Promise((r) => i.child.once('exit', r)) : null)),
    );
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    github.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = (await main()) === 0 ? 0 : 1;
