import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSI_BUILD, CSI_JOB, prowView, signBody, statusPayload } from '../../fixtures/webhooks/payloads.ts';
import { startFakeGitHub } from './fixtures/fake-github.ts';
import type { FakeGitHub } from './fixtures/fake-github.ts';

// A crash between receiving a webhook and posting the comment must not lose the triage: the app runs
// as a child process on a SQLite file, is SIGKILLed mid-analysis, restarted on the same file, and must
// then post the comment exactly once.

const ENTRY = fileURLToPath(new URL('./fixtures/crash-app.ts', import.meta.url));
const SECRET = 'crash-test-secret';
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

interface Child {
  proc: ChildProcess;
  url: Promise<string>;
  output: () => string;
}

function startChild(env: Record<string, string>): Child {
  const { NODE_OPTIONS: _jestOnly, ...parentEnv } = process.env;
  const proc = spawn(process.execPath, [ENTRY], { env: { ...parentEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = waitFor('the app to listen', () => {
    if (proc.exitCode !== null) throw new Error(`app exited with ${proc.exitCode}:\n${out}`);
    const line = out.split('\n').find((l) => l.includes('ci-triage GitHub App listening'));
    return line ? (JSON.parse(line) as { url: string }).url : null;
  });
  return { proc, url, output: () => out };
}

async function kill(child: Child, signal: NodeJS.Signals): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((r) => child.proc.once('exit', r));
  child.proc.kill(signal);
  await exited;
}

describe('crash recovery (child process)', () => {
  let dir: string;
  let github: FakeGitHub;
  const children: Child[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-crash-'));
    github = await startFakeGitHub();
  });

  afterEach(async () => {
    for (const c of children.splice(0)) await kill(c, 'SIGKILL');
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts the comment exactly once after being killed mid-triage and restarted', async () => {
    const started = join(dir, 'started.txt');
    const release = join(dir, 'release');
    const env = {
      APP_ID: '1',
      PRIVATE_KEY: PEM,
      WEBHOOK_SECRET: SECRET,
      GITHUB_API_URL: github.url,
      CI_TRIAGE_DB: join(dir, 'app.db'),
      CI_TRIAGE_LEASE_SECONDS: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      TEST_TRIAGE_STARTED: started,
      TEST_TRIAGE_RELEASE: release,
    };
    const body = JSON.stringify(statusPayload({ state: 'failure' }));
    const posts = () => github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/369/comments'));

    const first = startChild(env);
    children.push(first);
    const answer = await fetch(`${await first.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'status',
        'x-github-delivery': 'crash-1',
        'x-hub-signature-256': signBody(SECRET, body),
      },
      body,
    });
    await waitFor('the triage to start', () => existsSync(started));
    await kill(first, 'SIGKILL');
    const postsBeforeRestart = posts().length;

    writeFileSync(release, '');
    const second = startChild(env);
    children.push(second);
    await second.url;
    await waitFor('the comment to be posted', () => posts().length > 0, 20_000);
    await sleep(1500); // a duplicate would show up within a lease period or two

    expect(answer.status).toBe(200);
    expect(postsBeforeRestart).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(JSON.parse(posts()[0]!.body).body).toContain(CSI_JOB);
    expect(readFileSync(started, 'utf8').trim().split('\n')).toEqual([
      prowView(CSI_JOB, CSI_BUILD),
      prowView(CSI_JOB, CSI_BUILD),
    ]);
  }, 60_000);
});
