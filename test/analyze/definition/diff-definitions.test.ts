import { describeChange, diffDefinitions, markTouchesFailure } from '../../../src/analyze/definition/index.ts';
import { jobDefinitionOf } from '../../../src/ingest/prow/job-definition.ts';
import type { Finding } from '../../../src/types.ts';

// A periodic as prowjob.json records it, trimmed to the fields that matter here.
function prowjob(overrides: { image?: string; env?: unknown[]; args?: string[]; cluster?: string; buildId?: string }) {
  return {
    metadata: {
      name: `pod-${overrides.buildId ?? '1'}`,
      labels: {
        'prow.k8s.io/build-id': overrides.buildId ?? '1',
        'prow.k8s.io/id': `id-${overrides.buildId ?? '1'}`,
        'preset-service-account': 'true',
      },
    },
    spec: {
      type: 'periodic',
      job: 'ci-npd-e2e',
      cluster: overrides.cluster ?? 'default',
      extra_refs: [
        { org: 'kubernetes', repo: 'node-problem-detector', base_ref: 'master', base_sha: overrides.buildId },
      ],
      pod_spec: {
        serviceAccountName: 'prowjob-default-sa',
        volumes: [{ name: 'token', secret: { secretName: 'bot-token' } }],
        containers: [
          {
            image: overrides.image ?? 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v1-master',
            command: ['runner.sh'],
            args: overrides.args ?? ['make', 'e2e-test'],
            env: overrides.env ?? [{ name: 'IMAGE_FAMILY', value: 'cos-85-lts' }],
            volumeMounts: [{ name: 'token', mountPath: '/etc/token' }],
          },
        ],
      },
    },
    status: { state: 'success', build_id: overrides.buildId ?? '1', pod_name: 'x' },
  };
}

const diff = (green: Parameters<typeof prowjob>[0], red: Parameters<typeof prowjob>[0]) =>
  diffDefinitions(
    jobDefinitionOf(prowjob({ buildId: '1', ...green })),
    jobDefinitionOf(prowjob({ buildId: '2', ...red })),
  );

describe('diffDefinitions', () => {
  it('is empty between two runs of an unchanged job: build ids, ProwJob ids and refs SHAs are per-run noise', () => {
    expect(diff({}, {})).toEqual([]);
  });

  it('names a changed env value by its variable', () => {
    const changes = diff({}, { env: [{ name: 'IMAGE_FAMILY', value: 'cos-89-lts' }] });

    expect(changes).toEqual([
      {
        path: 'spec.pod_spec.containers[0].env[IMAGE_FAMILY]',
        before: 'cos-85-lts',
        after: 'cos-89-lts',
        touchesFailure: false,
        source: 'prowjob.json',
      },
    ]);
    expect(describeChange(changes[0]!)).toBe('env var IMAGE_FAMILY changed from cos-85-lts to cos-89-lts');
  });

  it('spells a secret-backed env var as secret:<name>/<key> and an added one with before null', () => {
    const env = [
      { name: 'IMAGE_FAMILY', value: 'cos-85-lts' },
      { name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: 'bot-token', key: 'token' } } },
    ];

    expect(diff({}, { env })).toEqual([
      expect.objectContaining({
        path: 'spec.pod_spec.containers[0].env[GITHUB_TOKEN]',
        before: null,
        after: 'secret:bot-token/token',
      }),
    ]);
  });

  it('keeps args as one list so dropped and added items can be told apart', () => {
    const [change] = diff({ args: ['--scenario=kubernetes_execute_bazel', '--', 'make'] }, { args: ['make'] });

    expect(change).toMatchObject({ path: 'spec.pod_spec.containers[0].args', after: '["make"]' });
    expect(describeChange(change!)).toBe("the job's args lost --scenario=kubernetes_execute_bazel --");
  });

  it('reports image and cluster moves in words', () => {
    const changes = diff({}, { image: 'gcr.io/x/cip:v2', cluster: 'eks-prow-build-cluster' });

    expect(changes.map(describeChange)).toEqual([
      'the build cluster changed from default to eks-prow-build-cluster',
      "the job's image changed from gcr.io/k8s-staging-test-infra/kubekins-e2e:v1-master to gcr.io/x/cip:v2",
    ]);
  });

  it('is empty without a baseline definition', () => {
    expect(diffDefinitions(null, jobDefinitionOf(prowjob({})))).toEqual([]);
  });
});

describe('markTouchesFailure', () => {
  const base: Omit<Finding, 'classifier' | 'facts'> = {
    category: 'x',
    confidence: 0.9,
    summary: 's',
    evidence: [],
    fingerprint: 'f',
  };

  it('marks the image that failed to pull, and nothing else', () => {
    const changes = diff({}, { image: 'gcr.io/x/y:v9', env: [{ name: 'IMAGE_FAMILY', value: 'cos-89-lts' }] });
    const pull: Finding = {
      ...base,
      classifier: 'image-pull-manifest',
      facts: { image: 'gcr.io/x/y:v9', repository: 'gcr.io/x/y', tool: 'kubelet', occurrences: 1 },
    };

    const marked = markTouchesFailure(changes, [pull]);

    expect(marked.filter((c) => c.touchesFailure).map((c) => c.path)).toEqual(['spec.pod_spec.containers[0].image']);
  });

  it('marks the cluster move and the env var that reads a secret the new cluster lacks', () => {
    const env = [
      { name: 'IMAGE_FAMILY', value: 'cos-85-lts' },
      { name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: 'bot-token', key: 'token' } } },
    ];
    const changes = diff({}, { env, cluster: 'k8s-infra-prow-build' });
    const pod: Finding = {
      ...base,
      classifier: 'pod-config-error',
      facts: { reason: 'secret-not-found', kubeReason: 'FailedMount', secret: 'bot-token', message: 'm' },
    };

    const marked = markTouchesFailure(changes, [pod]);

    expect(marked.map((c) => [c.path, c.touchesFailure])).toEqual([
      ['spec.cluster', true],
      ['spec.pod_spec.containers[0].env[GITHUB_TOKEN]', true],
    ]);
  });
});
