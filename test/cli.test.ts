import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startGithubFake } from './helpers/github-fake.ts';
import type { GithubExport } from './helpers/github-fake.ts';
import { schemaErrors } from './helpers/report-schema.ts';

const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');
const RED = join(
  import.meta.dirname,
  'fixtures',
  'triage',
  'gcs',
  'demo-ci-logs',
  'logs',
  'periodic-kind-e2e',
  '1890000000000000103',
);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { env?: Record<string, string>; stdin?: string | Buffer } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

describe('ci-triage analyze', () => {
  it('prints a report that matches the published schema with --json', async () => {
    const r = await cli(['analyze', RED, '--json']);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: { classifier: string }[] };
    expect(schemaErrors(report)).toEqual([]);
    expect(report.findings[0]?.classifier).toBe('image-pull-manifest');
  });

  it('prints a human summary naming the cause, the evidence and the baseline', async () => {
    const r = await cli(['analyze', RED]);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kindest/node:v1.33.0-alpha.0.2719_ddddddd4444444');
    expect(r.stdout).toContain('build-log.txt:');
    expect(r.stdout).toContain('1890000000000000102');
  });

  it('reads a log from stdin and exits 0 even when nothing is found', async () => {
    const r = await cli(['analyze', '-', '--json'], { stdin: 'all good\nPASS\n' });

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });

  it('survives a binary log on stdin', async () => {
    const r = await cli(['analyze', '-', '--json'], {
      stdin: Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 10, 0x89, 0x50, 0x4e, 0x47]),
    });

    expect(r.code).toBe(0);
    expect(schemaErrors(JSON.parse(r.stdout))).toEqual([]);
  });

  it.each([
    ['an unknown source form', ['analyze', 'ftp://example.test/run'], /ci-triage: .+/],
    ['a missing file', ['analyze', '/nonexistent/run/folder'], /ci-triage: .+/],
    ['no source', ['analyze'], /exactly one <source>/],
    ['an unknown flag', ['analyze', RED, '--frobnicate'], /frobnicate/],
    ['a bad --since', ['analyze', RED, '--since', 'yesterday-ish'], /--since must be a date/],
    ['an unknown command', ['analyse-this'], /unknown command/],
    ['a rules file that does not exist', ['analyze', RED, '--rules', '/nonexistent/rules.yaml'], /rules\.yaml/],
  ])('exits 2 with one line and no stack trace for %s', async (_name, args, message) => {
    const r = await cli(args);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a malformed endpoint in the environment', async () => {
    const r = await cli(['analyze', RED], { env: { CI_TRIAGE_GCS_URL: 'not a url' } });

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CI_TRIAGE_GCS_URL');
  });
});

describe('ci-triage suspects', () => {
  it('ranks the merged PRs of a window against plain terms, through the GitHub API', async () => {
    const exp = JSON.parse(
      readFileSync(join(import.meta.dirname, 'fixtures', 'triage', 'github', 'example-org__widget.json'), 'utf8'),
    ) as GithubExport;
    const github = await startGithubFake([exp]);
    const dir = mkdtempSync(join(tmpdir(), 'ci-triage-cli-'));
    const args = [
      'suspects',
      '--repo',
      'example-org/widget',
      '--since',
      '2025-02-03T00:00:00Z',
      '--until',
      '2025-02-04T04:00:00Z',
      '--terms',
      'KUBERNETES_VERSION_LATEST_CI',
    ];
    const env = { GITHUB_API_URL: github.baseUrl, GITHUB_TOKEN: 'test-token', CI_TRIAGE_CACHE: join(dir, 'cache.db') };

    try {
      const r = await cli(args, { env });
      const first = github.requests;
      const again = await cli(args, { env });

      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(/^1\. example-org\/widget#502 /);
      expect(r.stdout).toContain('KUBERNETES_VERSION_LATEST_CI');
      expect(r.stdout).toMatch(/\(\d+ GitHub requests, \d+ ms\)/);
      expect(first).toBeGreaterThan(0);
      expect(again.stdout).toContain('(0 GitHub requests');
      expect(github.requests).toBe(first);
    } finally {
      await github.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires a repo, a window and terms', async () => {
    const r = await cli(['suspects', '--repo', 'example-org/widget', '--since', '2025-02-03T00:00:00Z']);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--until');
  });
});
