import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleCatalog } from '../src/analyze/index.ts';
import { MemoryPrCache } from '../src/suspects/index.ts';
import { discountForFlakiness, triage } from '../src/triage.ts';
import type { TriageDeps } from '../src/triage.ts';
import { startGcsServer } from './helpers/gcs-server.ts';
import { makeTestOctokit, startGithubFake } from './helpers/github-fake.ts';
import type { GithubExport } from './helpers/github-fake.ts';
import { schemaErrors } from './helpers/report-schema.ts';
import { expectFinding } from './helpers/findings.ts';

const FIX = join(import.meta.dirname, 'fixtures', 'triage');
const JOB_DIR = join(FIX, 'gcs', 'demo-ci-logs', 'logs', 'periodic-kind-e2e');
const exportOf = (name: string) => JSON.parse(readFileSync(join(FIX, 'github', name), 'utf8')) as GithubExport;

async function deps(overrides: Partial<TriageDeps> = {}): Promise<TriageDeps> {
  return { sources: {}, catalog: await loadRuleCatalog([]), suspects: null, ...overrides };
}

describe('triage', () => {
  it('finds the drift, the last green run as baseline and what vanished since, from a local folder', async () => {
    const report = await triage({ source: join(JOB_DIR, '1890000000000000103') }, await deps());

    expect(schemaErrors(report)).toEqual([]);
    expect(report.run).toMatchObject({ job: 'periodic-kind-e2e', buildId: '1890000000000000103', result: 'FAILURE' });
    expect(report.baseline?.buildId).toBe('1890000000000000102');
    expect(report.firstRed?.buildId).toBe('1890000000000000103');
    const top = expectFinding(report.findings[0], 'image-pull-manifest');
    expect(top.facts.image).toBe('kindest/node:v1.33.0-alpha.0.2719_ddddddd4444444');
    expect(top.facts.drift).toEqual({
      requested: 'v1.33.0-alpha.0.2719+ddddddd4444444',
      available: ['v1.33.0-alpha.0.2712+ccccccc3333333'],
    });
    expect(top.facts.unresolvedSinceBaseline).toEqual(['KUBERNETES_VERSION_LATEST_CI']);
    expect(report.suspects).toEqual([]);
    expect(report.suspectsNote).toBe('suspects not looked up');
  });

  it('uses an explicit baseline instead of the history', async () => {
    const report = await triage(
      { source: join(JOB_DIR, '1890000000000000103'), baseline: join(JOB_DIR, '1890000000000000101') },
      await deps(),
    );

    expect(report.baseline?.buildId).toBe('1890000000000000101');
  });

  it('reads the same run over HTTP from GCS and ranks the suspect PR that removed the pre-resolution', async () => {
    const gcs = await startGcsServer({ root: join(FIX, 'gcs') });
    const github = await startGithubFake([
      exportOf('example-org__widget.json'),
      exportOf('example-org__ci-config.json'),
    ]);
    const cache = new MemoryPrCache();
    const d = await deps({
      sources: { gcsUrl: gcs.url, prowUrl: 'https://prow.example.test' },
      suspects: { octokit: makeTestOctokit(github.baseUrl), cache, configRepos: ['example-org/ci-config'] },
    });
    const source = 'https://prow.example.test/view/gs/demo-ci-logs/logs/periodic-kind-e2e/1890000000000000103';

    try {
      const report = await triage({ source }, d);
      const requests = github.requests;
      const again = await triage({ source }, d);

      expect(schemaErrors(report)).toEqual([]);
      expect(report.baseline?.buildId).toBe('1890000000000000102');
      expect(report.findings[0]?.classifier).toBe('image-pull-manifest');
      expect(report.suspects[0]).toMatchObject({ repo: 'example-org/widget', number: 502 });
      expect(report.suspects[0]!.reasons.map((r) => r.text).join('\n')).toContain('KUBERNETES_VERSION_LATEST_CI');
      expect(report.suspects.map((s) => s.number)).not.toContain(503);
      expect(again.suspects).toEqual(report.suspects);
      expect(github.requests).toBe(requests);
    } finally {
      await Promise.all([gcs.close(), github.close()]);
    }
  });

  it('says why suspects are missing when GitHub refuses, and still triages', async () => {
    const github = await startGithubFake([exportOf('example-org__widget.json')], { token: 'the-right-one' });
    const d = await deps({
      suspects: {
        octokit: makeTestOctokit(github.baseUrl, { token: 'a-wrong-one' }),
        cache: new MemoryPrCache(),
        configRepos: [],
      },
    });

    try {
      const report = await triage({ source: join(JOB_DIR, '1890000000000000103') }, d);

      expect(report.findings[0]?.classifier).toBe('image-pull-manifest');
      expect(report.suspects).toEqual([]);
      expect(report.suspectsNote).toMatch(/^suspects unavailable: /);
    } finally {
      await github.close();
    }
  });

  it("explains a run whose own image could not be pulled from the pod's status alone (no build log)", async () => {
    const run = join(
      import.meta.dirname,
      'fixtures',
      'prow',
      'gcs',
      'test-ci-logs',
      'logs',
      'periodic-demo-e2e',
      '1890000000000000033',
    );

    const report = await triage({ source: run }, await deps());

    expect(schemaErrors(report)).toEqual([]);
    const top = expectFinding(report.findings[0], 'image-pull-manifest');
    expect(top.facts.image).toBe('gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250211-0badc0ffee-master');
    expect(top.evidence[0]?.artifact).toBe('podinfo.json');
  });

  it('gives a green run no image-pull or empty-env finding', async () => {
    const report = await triage({ source: join(JOB_DIR, '1890000000000000102') }, await deps());

    expect(report.run.result).toBe('SUCCESS');
    expect(report.findings.filter((f) => ['image-pull-manifest', 'empty-env'].includes(f.classifier))).toEqual([]);
  });

  it('rejects a source it cannot read with a permanent, coded error', async () => {
    const attempt = triage({ source: 'ftp://example.test/some/run' }, await deps());

    await expect(attempt).rejects.toMatchObject({ permanent: true });
  });
});

describe('discountForFlakiness', () => {
  const suspect = {
    repo: 'o/r',
    number: 1,
    title: 't',
    url: 'u',
    author: null,
    mergedAt: '2025-02-03T20:54:57Z',
    score: 35.92,
    reasons: [],
  };

  it('halves every suspect score and says why, keeping an earlier note', async () => {
    const report = await triage({ source: join(JOB_DIR, '1890000000000000103') }, await deps());
    report.suspects = [suspect, { ...suspect, number: 2, score: 8.9 }];
    report.suspectsNote = 'suspects incomplete: 1 PR could not be read';

    const part = discountForFlakiness(report, { pattern: 'flaky', failedSameCause: 4, passed: 3, failedOtherCause: 0 });

    expect(part.suspects.map((s) => s.score)).toEqual([17.96, 4.45]);
    expect(part.suspectsNote).toBe(
      'suspects incomplete: 1 PR could not be read; the cause is flaky (4 failures alternate with 3 passing runs), so a suspect may have exposed a race rather than broken the job alone: scores halved',
    );
  });
});
