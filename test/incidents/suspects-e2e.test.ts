import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startGithubFake } from '../helpers/github-fake.ts';
import type { GithubExport, GithubFake } from '../helpers/github-fake.ts';
import type { Report } from '../../src/types.ts';
import { SHARED } from './expected.ts';

// The whole chain through the CLI: real run folders, history discovery, classification, then the suspect
// finder against a loopback GitHub serving the PRs really merged in each incident's window.
const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');
const load = (incident: string, file: string) =>
  JSON.parse(readFileSync(join(SHARED, incident, 'github', file), 'utf8')) as GithubExport;
const empty = (repo: string): GithubExport => ({ repo, branch: 'master', pulls: [], files: {} });

async function analyze(ref: string, fake: GithubFake, cacheFile: string): Promise<Report> {
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_TOKEN: 'test-token',
    GITHUB_API_URL: fake.baseUrl,
    CI_TRIAGE_CACHE: cacheFile,
  };
  const { stdout } = await run(process.execPath, [CLI, 'analyze', ref, '--json'], { env, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Report;
}

describe('suspect PRs end to end through the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ci-triage-suspects-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('windows-empty-node-binary-url: test-infra#34103 first, citing the removed preset, and the dangling labels', async () => {
    const incident = 'windows-empty-node-binary-url';
    const fake = await startGithubFake([
      load(incident, 'kubernetes__test-infra.json'),
      empty('kubernetes-csi/csi-proxy'),
    ]);
    const ref = join(
      SHARED,
      incident,
      'gcs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160',
    );

    try {
      const report = await analyze(ref, fake, join(dir, 'windows.db'));
      const first = fake.requests;
      const again = await analyze(ref, fake, join(dir, 'windows.db'));

      expect(report.history?.pattern).toBe('broken');
      expect(report.suspectsNote).toBeNull();
      expect(report.suspects[0]).toMatchObject({ repo: 'kubernetes/test-infra', number: 34103 });
      const reasons = report.suspects[0]!.reasons.map((r) => `${r.sign} ${r.text}`).join('\n');
      expect(reasons).toContain('preset-common-gce-windows');
      expect(reasons).toContain('KUBERNETES_NODE_PLATFORM');
      const env = report.findings.find((f) => f.classifier === 'empty-env')!;
      expect(env.facts.danglingPresets).toEqual(
        expect.arrayContaining([
          { label: 'preset-common-gce-windows', removedBy: { repo: 'kubernetes/test-infra', number: 34103 } },
        ]),
      );
      expect(again.suspects).toEqual(report.suspects);
      expect(fake.requests).toBe(first);
    } finally {
      await fake.close();
    }
  });

  it('capi-kind-version-drift: cluster-api#11784 and test-infra#34252 in the top 3 of their repos', async () => {
    const incident = 'capi-kind-version-drift';
    const fake = await startGithubFake([
      load(incident, 'kubernetes__test-infra.json'),
      load(incident, 'kubernetes-sigs__cluster-api.json'),
      empty('kubernetes/kubernetes'),
    ]);
    const ref = join(
      SHARED,
      incident,
      'gcs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217',
    );

    try {
      const report = await analyze(ref, fake, join(dir, 'capi.db'));

      const rank = (repo: string, n: number) =>
        report.suspects.filter((s) => s.repo === repo).findIndex((s) => s.number === n);
      expect(report.firstRed?.buildId).toBe('1886631050654781440');
      expect(rank('kubernetes-sigs/cluster-api', 11784)).toBeGreaterThanOrEqual(0);
      expect(rank('kubernetes-sigs/cluster-api', 11784)).toBeLessThan(3);
      expect(rank('kubernetes/test-infra', 34252)).toBeGreaterThanOrEqual(0);
      expect(rank('kubernetes/test-infra', 34252)).toBeLessThan(3);
      expect(report.history?.pattern).toBe('flaky');
      expect(report.suspectsNote).toMatch(/^the cause is flaky \(4 failures alternate with 3 passing runs\)/);
      const capi = report.suspects.find((s) => s.number === 11784)!;
      expect(capi.reasons.map((r) => r.text).join('\n')).toContain('KUBERNETES_VERSION_LATEST_CI');
    } finally {
      await fake.close();
    }
  });
});
