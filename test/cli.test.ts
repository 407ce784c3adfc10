import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startGithubFake } from './helpers/github-fake.ts';
import type { GithubExport } from './helpers/github-fake.ts';
import { schemaErrors } from './helpers/report-schema.ts';
import { renderPrComment, renderSlackReport } from '../src/render/index.ts';
import type { Report } from '../src/types.ts';

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

const PACKAGE = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

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

  it("finds an empty secret in a GitHub Actions step's env block that the failing script used", async () => {
    const t = '2024-05-14T09:12:41.5123456Z';
    const log = [
      `${t} ##[group]Run docker login ghcr.io -u "$REGISTRY_USER" -p "$REGISTRY_TOKEN"`,
      `${t} \x1b[36;1mdocker login ghcr.io -u "$REGISTRY_USER" -p "$REGISTRY_TOKEN"\x1b[0m`,
      `${t} shell: /usr/bin/bash -e {0}`,
      `${t} env:`,
      `${t}   REGISTRY_USER: `,
      `${t}   REGISTRY_TOKEN: ***`,
      `${t} ##[endgroup]`,
      `${t} Error response from daemon: Get "https://ghcr.io/v2/": denied: denied`,
      `${t} ##[error]Process completed with exit code 1.`,
    ].join('\n');

    const r = await cli(['analyze', '-', '--json'], { stdin: `${log}\n` });

    expect(r.code).toBe(0);
    const empty = JSON.parse(r.stdout).findings.find((f: { classifier: string }) => f.classifier === 'empty-env');
    expect(empty.facts).toMatchObject({ errorType: 'runner-env-empty', variable: 'REGISTRY_USER' });
    expect(empty.evidence.map((e: { line: number }) => e.line)).toEqual([1, 5, 8]);
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
    ['an unknown --format', ['analyze', RED, '--format', 'xml'], /'xml' is invalid.*text, json, markdown, slack/],
    ['--json with another --format', ['analyze', RED, '--json', '--format', 'slack'], /pick one/],
    ['two sources', ['analyze', RED, RED], /exactly one <source>/],
    ['an option missing its value', ['analyze', RED, '--baseline'], /argument missing/],
  ])('exits 2 with one line and no stack trace for %s', async (_name, args, message) => {
    const r = await cli(args);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('points a usage error at the help of the command it came from', async () => {
    const analyze = await cli(['analyze', RED, '--frobnicate']);
    const top = await cli(['analyse-this']);

    expect(analyze.stderr).toBe("ci-triage: unknown option '--frobnicate' (see ci-triage analyze --help)\n");
    expect(top.stderr).toBe("ci-triage: unknown command 'analyse-this' (see ci-triage --help)\n");
  });

  it('heads a plain log file with its name and says a log alone has no result', async () => {
    const r = await cli(['analyze', join(RED, 'build-log.txt')]);

    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'build-log.txt: result unknown (a log file alone does not say whether the job passed)',
    );
    expect(r.stdout).not.toContain('build-log #');
    expect(r.stdout).toContain('kindest/node:v1.33.0-alpha.0.2719_ddddddd4444444');
  });

  it('prints the PR comment the App would post with --format markdown', async () => {
    const [md, json] = await Promise.all([
      cli(['analyze', RED, '--format', 'markdown']),
      cli(['analyze', RED, '--format', 'json']),
    ]);
    const report = JSON.parse(json.stdout) as Report;
    const updated = / · updated \d{4}-\d\d-\d\d \d\d:\d\d UTC/g;
    // The App's body for the same report, rendered at the minute the CLI printed its own.
    const stamp = /updated (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(md.stdout)?.[1] ?? '';
    const now = new Date(`${stamp.replace(' ', 'T')}:00Z`);
    // What the App's comment sync renders after triaging this run for a PR: the job, linked to its run.
    const job = { job: report.run.job, url: report.run.url, status: 'failing' as const, report, error: null };
    const state = { repo: 'example/widget', pr: 7, jobs: [{ ...job, updatedAt: now.toISOString() }], configNote: null };
    const expected = renderPrComment(state, { now });

    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('<!-- ci-triage:pr-comment -->\n')).toBe(true);
    expect(md.stdout).toContain('kindest/node:v1.33.0-alpha.0.2719_ddddddd4444444');
    expect(md.stdout.replace(updated, '')).toBe(expected.replace(updated, ''));
    expect(md.stdout).toBe(expected);
  });

  it('prints the Block Kit message of the Slack alert with --format slack', async () => {
    const [slack, json] = await Promise.all([
      cli(['analyze', RED, '--format', 'slack']),
      cli(['analyze', RED, '--json']),
    ]);
    const message = JSON.parse(slack.stdout) as { text: string; blocks: { type: string }[] };

    expect(slack.code).toBe(0);
    expect(message).toEqual(renderSlackReport(JSON.parse(json.stdout) as Report));
    // Verdict first: the top block is the verdict line (no header), the text names job, verdict and cause.
    expect(message.blocks[0]?.type).toBe('section');
    expect(JSON.stringify(message.blocks[0])).toContain('periodic-kind-e2e');
    expect(message.text).toMatch(/^periodic-kind-e2e #1890000000000000103 (broken|flaky|new failure|failed): \S/);
  });

  it('keeps stderr quiet when piped, and shows steps and log reads with --progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-triage-cli-'));
    const big = join(dir, 'big.log');
    writeFileSync(big, `${'INFO all good here, nothing to see\n'.repeat(160_000)}ERROR: boom\n`);

    try {
      const quiet = await cli(['analyze', big]);
      const loud = await cli(['analyze', big, '--progress', '--json']);

      expect(quiet.stderr).toBe('');
      expect(loud.code).toBe(0);
      expect(JSON.parse(loud.stdout).run.job).toBe('big');
      expect(loud.stderr).toContain(`ci-triage: reading ${big}\n`);
      expect(loud.stderr).toMatch(/ci-triage: reading big\.log: 5\.3 MB of 5\.3 MB \(\d+\.\d MB\/s\)\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes every flag in its --help and exits 0', async () => {
    const r = await cli(['analyze', '--help']);
    const flags = [...r.stdout.matchAll(/^ {2}(-[-\w, ]+?)(?: <[^>]+>)? {2,}(\S.*)$/gm)];

    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(flags.map((m) => m[1])).toEqual([
      '--baseline',
      '--format',
      '--json',
      '--rules',
      '--suspects',
      '--no-suspects',
      '--config-repo',
      '--since',
      '--until',
      '--progress',
      '--no-progress',
      '-h, --help',
    ]);
    expect(r.stdout).toContain('gs://<bucket>/<run path>');
  });

  it('prints the package version with --version', async () => {
    const r = await cli(['--version']);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${PACKAGE.version}\n`);
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

  it('describes every flag in its --help', async () => {
    const r = await cli(['suspects', '--help']);

    expect(r.code).toBe(0);
    for (const flag of ['--repo', '--since', '--until', '--terms', '--job', '--top', '--json', '--progress'])
      expect(r.stdout).toMatch(new RegExp(`^  ${flag}\\b.* {2,}\\S`, 'm'));
  });

  it('requires a repo, a window and terms', async () => {
    const r = await cli(['suspects', '--repo', 'example-org/widget', '--since', '2025-02-03T00:00:00Z']);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--until');
  });
});
