import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { githubAppFunction } from '../../../handlers/github/index.ts';
import type { Intake } from '../../../src/github-app/index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = parse(readFileSync(`${ROOT}app.yml`, 'utf8')) as {
  name: string;
  default_events: string[];
  default_permissions: Record<string, string>;
};

describe('app.yml (GitHub App manifest)', () => {
  it('subscribes to exactly the events the app listens to', () => {
    const listened: string[] = [];
    const fakeApp = { on: (event: string) => listened.push(event.split('.')[0]!) };

    githubAppFunction({} as Intake)(fakeApp as never, {} as never);

    expect([...new Set(listened)].sort()).toEqual([...manifest.default_events].sort());
  });

  it('asks for the least permissions the app uses', () => {
    expect(manifest.default_permissions).toEqual({
      statuses: 'read',
      checks: 'read',
      actions: 'read',
      pull_requests: 'write',
      issues: 'write',
      contents: 'read',
      metadata: 'read',
    });
  });

  it('is served by the setup page when the app starts without credentials', async () => {
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      NO_SMEE_SETUP: 'true',
      LOG_LEVEL: 'fatal',
    };
    const child = spawn(process.execPath, ['handlers/main.ts'], { cwd: ROOT, env, stdio: 'ignore' });
    try {
      const page = await poll(`http://127.0.0.1:${port}/probot`);

      expect(page).toContain('ci-triage');
      expect(page).toMatch(/default_events&quot;:\[&quot;status&quot;|default_events":\["status"/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function poll(url: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return await res.text();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
