// Suspect ranking over a synthetic window of 150 merged PRs (three 350-file image autobumps among them),
// served by the loopback GitHub fake: GitHub requests cold and warm, and the time taken.
import { findSuspects, MemoryPrCache, termsFromList } from '../src/suspects/index.ts';
import { makeTestOctokit, startGithubFake } from '../test/helpers/github-fake.ts';
import type { ExportFile, ExportPull, GithubExport } from '../test/helpers/github-fake.ts';

const PULLS = 150;

function syntheticWindow(): GithubExport {
  const pulls: ExportPull[] = [];
  const files: Record<string, ExportFile[]> = {};
  for (let i = 0; i < PULLS; i += 1) {
    const n = 40000 + i;
    const bump = i % 50 === 7;
    const culprit = i === 90;
    const title = bump
      ? 'Update k8s-staging-test-infra GCR images as needed'
      : culprit
        ? 'Remove old Windows GCE jobs'
        : `Change ${i} to some job config`;
    pulls.push({
      number: n,
      title,
      html_url: `https://github.com/example/config/pull/${n}`,
      state: 'closed',
      user: { login: bump ? 'k8s-ci-robot' : `dev${i % 17}`, type: bump ? 'Bot' : 'User' },
      merged_at: new Date(Date.UTC(2025, 0, 1, 0, i * 10)).toISOString(),
      updated_at: new Date(Date.UTC(2025, 0, 1, 0, i * 10)).toISOString(),
      base: { ref: 'master' },
    });
    const count = bump ? 350 : 1 + (i % 4);
    files[String(n)] = Array.from({ length: count }, (_, k) => ({
      filename: `config/jobs/area-${k % 40}/job-${i}-${k}.yaml`,
      status: culprit ? 'removed' : 'modified',
      changes: 2,
      patch:
        culprit && k === 0
          ? '@@ -1,6 +0,0 @@\n-presets:\n-- labels:\n-    preset-common-gce-windows: "true"\n-  env:\n-  - name: KUBERNETES_NODE_PLATFORM\n-    value: windows'
          : `@@ -10,2 +10,2 @@\n-    image: gcr.io/k8s-staging-test-infra/kubekins-e2e:v2024${i}-master\n+    image: gcr.io/k8s-staging-test-infra/kubekins-e2e:v2025${i}-master`,
    }));
  }
  return { repo: 'example/config', branch: 'master', pulls, files };
}

export async function benchSuspects(): Promise<void> {
  const fake = await startGithubFake([syntheticWindow()]);
  try {
    const cache = new MemoryPrCache();
    const terms = termsFromList(['KUBERNETES_NODE_PLATFORM', 'preset-common-gce-windows'], 'pull-windows-integration');
    const query = {
      repos: [{ repo: 'example/config' }],
      since: '2024-12-31T00:00:00Z',
      until: '2025-01-03T00:00:00Z',
      firstRedAt: '2025-01-03T00:00:00Z',
      terms,
    };
    const opts = { cache, top: 5, now: () => Date.parse('2026-01-01T00:00:00Z') };
    for (const label of ['cold', 'warm']) {
      const before = fake.requests;
      const t = performance.now();
      const r = await findSuspects(makeTestOctokit(fake.baseUrl), query, opts);
      const ms = performance.now() - t;
      const top = r.suspects[0] ? `#${r.suspects[0].number}` : 'none';
      console.log(
        `suspects  ${label}  ${PULLS} PRs  ${fake.requests - before} GitHub requests  ${ms.toFixed(0)} ms  top ${top}${r.note ? `  (${r.note})` : ''}`,
      );
    }
  } finally {
    await fake.close();
  }
}
