import { termsFromFindings, termsFromList } from '../../src/suspects/index.ts';
import type { Finding, RunInfo } from '../../src/types.ts';

function info(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    job: 'pull-kubernetes-csi-csi-proxy-integration',
    jobType: 'presubmit',
    buildId: '1',
    url: null,
    result: 'FAILURE',
    startedAt: null,
    finishedAt: null,
    repo: null,
    pull: null,
    refs: [],
    env: null,
    labels: {},
    image: null,
    commit: null,
    jobConfigPath: null,
    ...overrides,
  };
}

function finding(classifier: string, facts: Record<string, unknown>): Finding {
  return {
    classifier,
    category: 'infrastructure',
    confidence: 0.9,
    summary: 's',
    facts,
    evidence: [],
    fingerprint: 'f',
  } as Finding;
}

describe('termsFromFindings', () => {
  it('collects vanished env vars, presets and dangling labels from an empty-env finding', () => {
    const f = finding('empty-env', {
      variable: 'NODE_BINARY_TAR_URL',
      parameter: 'Path',
      envChanges: [
        { name: 'KUBERNETES_NODE_PLATFORM', before: 'windows', after: null },
        { name: 'WINDOWS_ENABLE_DSR', before: 'true', after: null },
        { name: 'IMAGE', before: 'a', after: 'b' },
      ],
      danglingLabels: ['preset-common-gce-windows'],
      vanishedLines: ['Will download and extract kubernetes-node-windows-amd64.tar.gz from https://x'],
    });
    const labels = {
      'preset-common-gce-windows': 'true',
      'preset-dind-enabled': 'true',
      'prow.k8s.io/type': 'presubmit',
      'preset-off': 'false',
    };

    const terms = termsFromFindings([f], info({ labels, jobConfigPath: 'config/jobs/a.yaml' }));

    expect(terms).toEqual({
      job: 'pull-kubernetes-csi-csi-proxy-integration',
      jobConfigPath: 'config/jobs/a.yaml',
      envVars: ['KUBERNETES_NODE_PLATFORM', 'WINDOWS_ENABLE_DSR', 'NODE_BINARY_TAR_URL'],
      presets: ['preset-common-gce-windows', 'preset-dind-enabled'],
      danglingPresets: ['preset-common-gce-windows'],
      images: [],
      versionVars: [],
      identifiers: ['kubernetes-node-windows-amd64.tar.gz'],
    });
  });

  it('collects the image, tag, requested version and unresolved version variables from an image-pull finding', () => {
    const f = finding('image-pull-manifest', {
      image: 'kindest/node:v1.33.0-alpha.1.199_25278540780516',
      repository: 'kindest/node',
      tag: 'v1.33.0-alpha.1.199_25278540780516',
      drift: { requested: 'v1.33.0-alpha.1.199+25278540780516', available: ['v1.33.0-alpha.1.122+c81431de59a3bf'] },
      unresolvedSinceBaseline: ['KUBERNETES_VERSION_LATEST_CI'],
    });

    const terms = termsFromFindings([f], info());

    expect(terms.images).toEqual([
      'kindest/node:v1.33.0-alpha.1.199_25278540780516',
      'v1.33.0-alpha.1.199_25278540780516',
      'v1.33.0-alpha.1.199+25278540780516',
    ]);
    expect(terms.versionVars).toEqual(['KUBERNETES_VERSION_LATEST_CI']);
    expect(terms.identifiers).toEqual([]);
  });

  it('tolerates findings with missing or malformed facts', () => {
    const f = finding('empty-env', { envChanges: 'nope', danglingLabels: [1, null, 'preset-x'], drift: 5, image: '' });

    const terms = termsFromFindings([f], info());

    expect(terms).toMatchObject({ envVars: [], danglingPresets: ['preset-x'], images: [], identifiers: [] });
  });

  it('skips a generic tag such as latest', () => {
    expect(
      termsFromFindings([finding('image-pull-manifest', { image: 'busybox:latest', tag: 'latest' })], info()).images,
    ).toEqual(['busybox:latest']);
  });
});

describe('termsFromList', () => {
  it('classifies plain terms by shape', () => {
    const terms = termsFromList(
      ['KUBERNETES_NODE_PLATFORM', 'preset-common-gce-windows', 'kindest/node:v1.33.0', 'ci/latest-1.33', ' '],
      'job-a',
    );

    expect(terms).toEqual({
      job: 'job-a',
      jobConfigPath: null,
      envVars: ['KUBERNETES_NODE_PLATFORM'],
      presets: ['preset-common-gce-windows'],
      danglingPresets: [],
      images: ['kindest/node:v1.33.0'],
      versionVars: ['KUBERNETES_NODE_PLATFORM'],
      identifiers: ['ci/latest-1.33'],
    });
  });
});
