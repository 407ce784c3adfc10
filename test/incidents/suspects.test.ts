// The suspect finder on the two real incidents: the PR exports are served by the loopback GitHub fake,
// the findings are written by hand from each incident.md (so this does not depend on the analyzer).
import { readFileSync } from 'node:fs';
import { findSuspects, MemoryPrCache, rankSuspects, termsFromFindings } from '../../src/suspects/index.ts';
import type { PullWithFiles, SuspectResult } from '../../src/suspects/index.ts';
import type { Finding, RunInfo, Suspect } from '../../src/types.ts';
import { isMechanicalPull } from '../../src/suspects/mechanical-pull.ts';
import { makeTestOctokit, startGithubFake, type GithubExport, type GithubFake } from '../helpers/github-fake.ts';

const INCIDENTS = new URL('../../../shared/incidents/', import.meta.url);
const load = (path: string) => JSON.parse(readFileSync(new URL(path, INCIDENTS), 'utf8')) as GithubExport;
const LATER = () => Date.parse('2026-01-01T00:00:00Z');

function runInfo(job: string, labels: Record<string, string>, jobConfigPath: string | null): RunInfo {
  return {
    job,
    jobType: 'unknown',
    buildId: '1',
    url: null,
    result: 'FAILURE',
    startedAt: null,
    finishedAt: null,
    repo: null,
    pull: null,
    refs: [],
    env: null,
    labels,
    image: null,
    commit: null,
    jobConfigPath,
  };
}

function finding(classifier: string, facts: Record<string, unknown>): Finding {
  return {
    classifier,
    category: 'infrastructure',
    confidence: 0.9,
    summary: '',
    facts,
    evidence: [],
    fingerprint: classifier,
  } as Finding;
}

/**
 * Requests the finder needs at best: the repo, the listing pages, every file page of every PR but only
 * the first page of a mechanical PR (an autobump's 400 files repeat one change).
 */
function minimalRequests(exp: GithubExport, listingPages: number): number {
  const filePages = exp.pulls.reduce((n, p) => {
    const summary = {
      title: p.title,
      author: p.user?.login ?? null,
      authorType: (p.user as { type?: string } | undefined)?.type ?? null,
    };
    const pages = Math.max(1, Math.ceil((exp.files[String(p.number)] ?? []).length / 100));
    return n + (isMechanicalPull(summary) ? 1 : pages);
  }, 0);
  return 1 + listingPages + filePages;
}

function position(suspects: Suspect[], repo: string, number: number): number {
  return suspects.filter((s) => s.repo === repo).findIndex((s) => s.number === number);
}

function report(name: string, result: SuspectResult, ms: number): void {
  const top = result.suspects
    .slice(0, 5)
    .map((s) => `${s.repo}#${s.number}=${s.score}`)
    .join(', ');
  process.stdout.write(`[suspects bench] ${name}: ${result.requests} requests, ${ms.toFixed(0)} ms; top: ${top}\n`);
}

describe('windows-empty-node-binary-url: test-infra#34103 removed the presets', () => {
  const exp = load('windows-empty-node-binary-url/github/kubernetes__test-infra.json');
  const labels = {
    'preset-k8s-ssh': 'true',
    'preset-service-account': 'true',
    'preset-common-gce-windows': 'true',
    'preset-e2e-gce-windows-containerd': 'true',
    'preset-dind-enabled': 'true',
    'prow.k8s.io/type': 'presubmit',
  };
  const findings = [
    finding('empty-env', {
      variable: 'NODE_BINARY_TAR_URL',
      parameter: 'Path',
      envChanges: [
        'KUBERNETES_NODE_PLATFORM',
        'KUBE_GCE_ENABLE_IP_ALIASES',
        'USE_TEST_INFRA_LOG_DUMPING',
        'WINDOWS_ENABLE_DSR',
      ].map((name) => ({ name, before: 'x', after: null })),
      danglingLabels: ['preset-common-gce-windows', 'preset-e2e-gce-windows-containerd'],
      vanishedLines: [
        'Will download and extract kubernetes-node-windows-amd64.tar.gz from https://dl.k8s.io/ci/v1.33.0',
        'IP aliases are enabled. Creating subnetworks.',
      ],
    }),
  ];
  const window = { since: exp.since!, until: exp.until!, firstRedAt: '2025-01-14T15:42:10Z' };
  let fake: GithubFake;
  beforeAll(async () => {
    fake = await startGithubFake([exp]);
  });
  afterAll(() => fake.close());

  it('ranks #34103 first with the removed preset as evidence, reports the dangling labels, and caches', async () => {
    const terms = termsFromFindings(findings, runInfo('pull-kubernetes-csi-csi-proxy-integration', labels, null));
    const cache = new MemoryPrCache();
    const query = { repos: [{ repo: 'kubernetes/test-infra' }], ...window, terms };

    const started = performance.now();
    const first = await findSuspects(makeTestOctokit(fake.baseUrl), query, { cache, top: 10, now: LATER });
    report('windows (cold)', first, performance.now() - started);
    const again = await findSuspects(makeTestOctokit(fake.baseUrl), query, { cache, top: 10, now: LATER });

    expect(first.suspects[0]).toMatchObject({
      repo: 'kubernetes/test-infra',
      number: 34103,
      title: '[sig-windows] Remove failing GCE jobs',
    });
    expect(first.suspects[0]!.reasons).toEqual(
      expect.arrayContaining([
        {
          kind: 'removed-preset',
          file: 'config/jobs/kubernetes/sig-windows/windows-gce.yaml',
          sign: '-',
          text: 'preset-common-gce-windows: "true"',
        },
        {
          kind: 'removed-preset-env',
          file: 'config/jobs/kubernetes/sig-windows/windows-gce.yaml',
          sign: '-',
          text: '- name: KUBERNETES_NODE_PLATFORM',
        },
      ]),
    );
    expect(first.danglingPresets).toEqual([
      { label: 'preset-common-gce-windows', removedBy: { repo: 'kubernetes/test-infra', number: 34103 } },
      { label: 'preset-e2e-gce-windows-containerd', removedBy: { repo: 'kubernetes/test-infra', number: 34103 } },
    ]);
    expect(exp.pulls).toHaveLength(145);
    expect(first.requests).toBe(minimalRequests(exp, 2));
    // Issue 3's bound: one request per PR plus the listing pages (and the one default-branch look-up).
    expect(first.requests).toBeLessThanOrEqual(exp.pulls.length + 2 + 1);
    expect(first.requests).toBe(fake.requests);
    expect(again.requests).toBe(0);
    expect(again.suspects).toEqual(first.suspects);
    expect(first.note).toBeNull();
  });

  it('keeps the distractors below #34103 when the job file is known', () => {
    const terms = termsFromFindings(
      findings,
      runInfo(
        'pull-kubernetes-csi-csi-proxy-integration',
        labels,
        'config/jobs/kubernetes-csi/csi-proxy/csi-proxy-manual-config.yaml',
      ),
    );
    const pulls = pullsOf(exp);

    const started = performance.now();
    const ranked = rankSuspects(pulls, terms, window, 50);
    process.stdout.write(
      `[suspects bench] windows ranking only: ${(performance.now() - started).toFixed(0)} ms for ${pulls.length} PRs\n`,
    );

    expect(ranked[0]?.number).toBe(34103);
    const autobumps = [34001, 34036, 34052].map((n) => ranked.find((s) => s.number === n));
    expect(autobumps.map((s) => s?.reasons[0]?.kind)).toEqual([
      'job-config-changed',
      'job-config-changed',
      'job-config-changed',
    ]);
    for (const n of [34101, 34001, 34036, 34052]) {
      const at = ranked.findIndex((s) => s.number === n);
      expect(at === -1 || at > 0).toBe(true);
    }
    expect(ranked[0]!.score).toBeGreaterThan(10 * (ranked[1]?.score ?? 0));
  });
});

describe('capi-kind-version-drift: cluster-api#11784 with test-infra#34252', () => {
  const exports = [
    load('capi-kind-version-drift/github/kubernetes__test-infra.json'),
    load('capi-kind-version-drift/github/kubernetes-sigs__cluster-api.json'),
  ];
  const findings = [
    finding('image-pull-manifest', {
      image: 'kindest/node:v1.33.0-alpha.1.199_25278540780516',
      repository: 'kindest/node',
      tag: 'v1.33.0-alpha.1.199_25278540780516',
      drift: { requested: 'v1.33.0-alpha.1.199+25278540780516', available: ['v1.33.0-alpha.1.122+c81431de59a3bf'] },
      resolvedVersions: { KUBERNETES_VERSION_MANAGEMENT: 'v1.33.0-alpha.1.122+c81431de59a3bf' },
      unresolvedSinceBaseline: ['KUBERNETES_VERSION_LATEST_CI'],
      vanishedLines: [
        'Defaulting KUBERNETES_VERSION_LATEST_CI to ci/latest-1.33 to trigger image build (because env var is not set)',
      ],
    }),
  ];
  let fake: GithubFake;
  beforeAll(async () => {
    fake = await startGithubFake(exports);
  });
  afterAll(() => fake.close());

  it('puts #11784 and #34252 in the top 3 of their repositories, with reasons', async () => {
    const info = runInfo(
      'periodic-cluster-api-e2e-latestk8s-main',
      { 'preset-dind-enabled': 'true', 'preset-kind-volume-mounts': 'true' },
      null,
    );
    const query = {
      repos: [{ repo: 'kubernetes/test-infra' }, { repo: 'kubernetes-sigs/cluster-api' }],
      since: '2025-01-31T00:00:00Z',
      until: '2025-02-05T00:00:00Z',
      firstRedAt: '2025-02-04T04:21:09Z',
      terms: termsFromFindings(findings, info),
    };
    const cache = new MemoryPrCache();

    const started = performance.now();
    const result = await findSuspects(makeTestOctokit(fake.baseUrl), query, { cache, top: 20, now: LATER });
    report('capi (cold)', result, performance.now() - started);
    const again = await findSuspects(makeTestOctokit(fake.baseUrl), query, { cache, top: 20, now: LATER });

    const capi = position(result.suspects, 'kubernetes-sigs/cluster-api', 11784);
    const infra = position(result.suspects, 'kubernetes/test-infra', 34252);
    expect(capi).toBeGreaterThanOrEqual(0);
    expect(capi).toBeLessThan(3);
    expect(infra).toBeGreaterThanOrEqual(0);
    expect(infra).toBeLessThan(3);
    const reasonsOf = (repo: string, n: number) =>
      result.suspects.find((s) => s.repo === repo && s.number === n)!.reasons;
    expect(reasonsOf('kubernetes-sigs/cluster-api', 11784)).toContainEqual(
      expect.objectContaining({
        kind: 'version-var-removed',
        file: 'scripts/ci-e2e-lib.sh',
        sign: '-',
        text: expect.stringContaining('KUBERNETES_VERSION_LATEST_CI'),
      }),
    );
    expect(reasonsOf('kubernetes/test-infra', 34252)[0]).toMatchObject({
      sign: '+',
      text: expect.stringContaining('KUBERNETES_VERSION_LATEST_CI'),
    });
    expect(result.requests).toBe(minimalRequests(exports[0]!, 1) + minimalRequests(exports[1]!, 1));
    expect(again.requests).toBe(0);
  });
});

function pullsOf(exp: GithubExport): PullWithFiles[] {
  return exp.pulls.map((p) => ({
    repo: exp.repo,
    number: p.number,
    title: p.title,
    url: p.html_url ?? '',
    author: p.user?.login ?? null,
    authorType: p.user?.type ?? null,
    mergedAt: p.merged_at ?? '',
    files: (exp.files[String(p.number)] ?? []).map((f) => ({
      filename: f.filename,
      status: f.status,
      changes: f.changes ?? 0,
      patch: f.patch ?? null,
      previousFilename: null,
    })),
  }));
}
