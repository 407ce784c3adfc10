// Loads the PR exports under test/fixtures/github and turns them into the finder's own shapes.
import { readFileSync } from 'node:fs';
import type { PullWithFiles, SuspectTerms } from '../../src/suspects/index.ts';
import type { GithubExport } from '../helpers/github-fake.ts';

export function loadExport(name: string): GithubExport {
  return JSON.parse(readFileSync(new URL(`../fixtures/github/${name}`, import.meta.url), 'utf8')) as GithubExport;
}

export function pullsFromExport(exp: GithubExport): PullWithFiles[] {
  return exp.pulls
    .filter((p) => p.merged_at)
    .map((p) => ({
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

export function emptyTerms(overrides: Partial<SuspectTerms> = {}): SuspectTerms {
  return {
    job: '',
    jobConfigPath: null,
    envVars: [],
    presets: [],
    danglingPresets: [],
    images: [],
    versionVars: [],
    identifiers: [],
    ...overrides,
  };
}

/** Terms of the csi-proxy incident, as the analyzer reports them. */
export const windowsTerms = (): SuspectTerms =>
  emptyTerms({
    job: 'pull-kubernetes-csi-csi-proxy-integration',
    envVars: [
      'KUBERNETES_NODE_PLATFORM',
      'KUBE_GCE_ENABLE_IP_ALIASES',
      'USE_TEST_INFRA_LOG_DUMPING',
      'WINDOWS_ENABLE_DSR',
      'NODE_BINARY_TAR_URL',
    ],
    presets: [
      'preset-k8s-ssh',
      'preset-service-account',
      'preset-common-gce-windows',
      'preset-e2e-gce-windows-containerd',
      'preset-dind-enabled',
    ],
    danglingPresets: ['preset-common-gce-windows', 'preset-e2e-gce-windows-containerd'],
    identifiers: ['kubernetes-node-windows-amd64.tar.gz'],
  });
