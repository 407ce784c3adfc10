import { rankSuspects } from '../../src/suspects/index.ts';
import type { PullWithFiles } from '../../src/suspects/index.ts';
import { emptyTerms, loadExport, pullsFromExport, windowsTerms } from './fixtures.ts';

const windowsWindow = {
  since: '2024-12-18T00:00:00Z',
  until: '2025-01-15T00:00:00Z',
  firstRedAt: '2025-01-14T15:42:10Z',
};
const JOB_FILE = 'config/jobs/kubernetes-csi/csi-proxy/csi-proxy-manual-config.yaml';

function pull(
  number: number,
  mergedAt: string,
  files: { filename: string; patch: string }[],
  extra: Partial<PullWithFiles> = {},
): PullWithFiles {
  return {
    repo: 'o/r',
    number,
    title: `change ${number}`,
    url: `https://github.com/o/r/pull/${number}`,
    author: 'someone',
    authorType: 'User',
    mergedAt,
    files: files.map((f) => ({ ...f, status: 'modified', changes: 2, previousFilename: null })),
    ...extra,
  };
}

describe('rankSuspects', () => {
  it('ranks the PR that removed the job presets above an autobump touching the job file', () => {
    const pulls = pullsFromExport(loadExport('preset-removal.json'));

    const ranked = rankSuspects(pulls, { ...windowsTerms(), jobConfigPath: JOB_FILE }, windowsWindow, 10);

    expect(ranked.map((s) => s.number).slice(0, 2)).toEqual([34103, 34001]);
    const first = ranked[0]!;
    expect(first.reasons).toEqual(
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
    expect(first.score).toBeGreaterThan(10 * ranked[1]!.score);
    expect(ranked[1]!.reasons[0]).toMatchObject({ kind: 'job-config-changed', file: JOB_FILE, sign: '-' });
  });

  it('ignores PRs whose patches touch none of the terms, however close to the first red run', () => {
    const pulls = pullsFromExport(loadExport('preset-removal.json'));

    const ranked = rankSuspects(pulls, windowsTerms(), windowsWindow, 10);

    // 34101 edits a presets file, but a preset the job does not use; 34123 only adds a label.
    expect(ranked.map((s) => s.number)).not.toContain(34101);
    expect(ranked.map((s) => s.number)).not.toContain(34123);
  });

  it('ranks the PR that introduced the failing image tag first for an image-pull failure', () => {
    const exp = loadExport('image-bump.json');
    const terms = emptyTerms({
      job: 'periodic-example-e2e-latestk8s-main',
      images: ['kindest/node:v1.33.0-alpha.1.199_25278540780516', 'v1.33.0-alpha.1.199_25278540780516'],
      identifiers: ['kindest/node'],
    });

    const ranked = rankSuspects(pullsFromExport(exp), terms, {
      since: exp.since!,
      until: exp.until!,
      firstRedAt: exp.until!,
    });

    expect(ranked.map((s) => s.number)).toEqual([501, 502, 503]);
    expect(ranked[0]!.reasons[0]).toEqual({
      kind: 'image-introduced',
      file: 'test/e2e/config/docker.yaml',
      sign: '+',
      text: '- name: kindest/node:v1.33.0-alpha.1.199_25278540780516',
    });
    // 502 found as the job's file from `- name: <job>` in its patch.
    expect(ranked[1]!.reasons[0]).toMatchObject({
      kind: 'job-config-changed',
      file: 'config/jobs/example/example-periodics.yaml',
    });
  });

  it('uses proximity to the first red run only to break ties', () => {
    const removal = {
      filename: 'scripts/lib.sh',
      patch: '@@ -1,3 +1,2 @@\n-export KUBERNETES_VERSION_LATEST_CI=x\n echo',
    };
    const mention = { filename: 'docs/a.md', patch: '@@ -1,2 +1,2 @@\n-old\n+see KUBERNETES_VERSION_LATEST_CI' };
    const pulls = [
      pull(1, '2025-02-01T00:00:00Z', [removal]),
      pull(2, '2025-02-03T23:00:00Z', [removal]),
      pull(3, '2025-02-03T23:59:00Z', [mention]),
      pull(4, '2025-02-03T23:59:30Z', [{ filename: 'README.md', patch: '@@ -1 +1 @@\n-a\n+b' }]),
    ];
    const terms = emptyTerms({ versionVars: ['KUBERNETES_VERSION_LATEST_CI'] });

    const ranked = rankSuspects(pulls, terms, {
      since: '2025-01-31T00:00:00Z',
      until: '2025-02-05T00:00:00Z',
      firstRedAt: '2025-02-04T00:00:00Z',
    });

    expect(ranked.map((s) => s.number)).toEqual([2, 1, 3]);
    expect(Math.floor(ranked[0]!.score)).toBe(Math.floor(ranked[1]!.score));
    expect(ranked[0]!.reasons.at(-1)).toEqual({
      kind: 'proximity',
      file: null,
      sign: null,
      text: 'merged 1h before the first red run started',
    });
  });

  it('does not let a mechanical PR touching hundreds of files win on volume', () => {
    const files = Array.from({ length: 300 }, (_, i) => ({
      filename: `config/jobs/team${i}/jobs.yaml`,
      patch: `@@ -1,2 +1,2 @@\n-  # uses KUBERNETES_VERSION_LATEST_CI and ci/latest-1.33\n+  # uses KUBERNETES_VERSION_LATEST_CI and ci/latest-1.33 (v2)`,
    }));
    const bump = pull(10, '2025-02-03T12:00:00Z', files, {
      title: 'Update k8s-staging-test-infra GCR images as needed',
      author: 'k8s-infra-ci-robot',
    });
    const small = pull(11, '2025-02-02T12:00:00Z', [
      {
        filename: 'scripts/ci-e2e-lib.sh',
        patch: '@@ -1,2 +1,1 @@\n-  echo "Defaulting KUBERNETES_VERSION_LATEST_CI"\n }',
      },
    ]);
    const terms = emptyTerms({ versionVars: ['KUBERNETES_VERSION_LATEST_CI'], identifiers: ['ci/latest-1.33'] });

    const ranked = rankSuspects([bump, small], terms, {
      since: '2025-01-31T00:00:00Z',
      until: '2025-02-05T00:00:00Z',
      firstRedAt: null,
    });

    expect(ranked.map((s) => s.number)).toEqual([11, 10]);
    expect(ranked[1]!.reasons.length).toBeLessThanOrEqual(10);
  });

  it('demotes a PR merged after the first red run started', () => {
    const removal = {
      filename: 'scripts/lib.sh',
      patch: '@@ -1,2 +1,1 @@\n-export KUBERNETES_NODE_PLATFORM=windows\n echo',
    };
    const biggerRemoval = {
      filename: 'scripts/lib.sh',
      patch: '@@ -1,3 +1,1 @@\n-export KUBERNETES_NODE_PLATFORM=windows\n-export WINDOWS_ENABLE_DSR=true\n echo',
    };
    const pulls = [pull(1, '2025-01-01T00:00:00Z', [removal]), pull(2, '2025-01-14T16:00:00Z', [biggerRemoval])];

    const ranked = rankSuspects(
      pulls,
      emptyTerms({ envVars: ['KUBERNETES_NODE_PLATFORM', 'WINDOWS_ENABLE_DSR'] }),
      windowsWindow,
    );

    expect(ranked.map((s) => s.number)).toEqual([1, 2]);
    expect(ranked[1]!.reasons.at(-1)?.text).toBe('merged 18m after the first red run started');
  });

  it('does not count a preset moved to another file as removed', () => {
    const removed = {
      filename: 'a/windows-gce.yaml',
      patch:
        '@@ -1,5 +0,0 @@\n-presets:\n-- labels:\n-    preset-common-gce-windows: "true"\n-  env:\n-  - name: KUBERNETES_NODE_PLATFORM',
    };
    const added = {
      filename: 'b/presets.yaml',
      patch:
        '@@ -0,0 +1,5 @@\n+presets:\n+- labels:\n+    preset-common-gce-windows: "true"\n+  env:\n+  - name: KUBERNETES_NODE_PLATFORM',
    };

    const ranked = rankSuspects([pull(1, '2025-01-01T00:00:00Z', [removed, added])], windowsTerms(), windowsWindow);

    expect(ranked.flatMap((s) => s.reasons.map((r) => r.kind))).not.toContain('removed-preset');
    expect(ranked.flatMap((s) => s.reasons.map((r) => r.kind))).not.toContain('removed-env');
  });
});
