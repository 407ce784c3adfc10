// The job's definition changes joined to the patches that made them: a `+` line with a value the job
// gained, or a `-` line with one it lost, names the PR, with the hunk quoted as the reason.
import { rankSuspects, termsFromDefinition } from '../../src/suspects/index.ts';
import type { PullWithFiles } from '../../src/suspects/index.ts';
import type { DefinitionChange } from '../../src/types.ts';
import { emptyTerms } from './fixtures.ts';

const WINDOW = { since: '2021-02-20T00:00:00Z', until: '2021-02-25T00:00:00Z', firstRedAt: '2021-02-25T00:00:00Z' };

function pull(number: number, files: { filename: string; patch: string }[], title = `PR ${number}`): PullWithFiles {
  return {
    repo: 'kubernetes/test-infra',
    number,
    title,
    url: `https://github.com/kubernetes/test-infra/pull/${number}`,
    author: 'someone',
    authorType: 'User',
    mergedAt: '2021-02-24T00:00:00Z',
    files: files.map((f) => ({ ...f, status: 'modified', changes: 2, previousFilename: null })),
  };
}

const change = (
  path: string,
  before: string | null,
  after: string | null,
  touchesFailure = false,
): DefinitionChange => ({
  path,
  before,
  after,
  touchesFailure,
  source: 'prowjob.json',
});

const NPD_FILE = 'config/jobs/kubernetes/node-problem-detector/node-problem-detector-ci.yaml';
const NPD_HUNK =
  '@@ -266,7 +266,7 @@ periodics:\n       env:\n       - name: IMAGE_FAMILY\n-        value: cos-85-lts\n+        value: cos-89-lts\n       - name: ZONE';

describe('termsFromDefinition', () => {
  it('looks for what the job gained on + lines and what it lost on - lines', () => {
    const tokens = termsFromDefinition([
      change('spec.pod_spec.containers[0].env[IMAGE_FAMILY]', 'cos-85-lts', 'cos-89-lts'),
      change('spec.pod_spec.containers[0].env[WORKSPACE]', null, '$(ARTIFACTS)'),
      change('spec.pod_spec.containers[0].args', '["-use-service-account","run"]', '["run"]'),
      change('metadata.labels[preset-azure-cred-wi]', 'true', null),
      change('metadata.annotations[testgrid-tab-name]', 'a', 'b'),
    ]);

    expect(tokens.map((t) => `${t.sign}${t.kind}:${t.token}`)).toEqual([
      '+value:cos-89-lts',
      '-value:cos-85-lts',
      '+name:WORKSPACE',
      '+value:$(ARTIFACTS)',
      '-value:-use-service-account',
      '-value:preset-azure-cred-wi',
    ]);
  });
});

describe('rankSuspects with definition changes', () => {
  const terms = emptyTerms({
    job: 'ci-npd-e2e-test',
    changes: termsFromDefinition([change('spec.pod_spec.containers[0].env[IMAGE_FAMILY]', 'cos-85-lts', 'cos-89-lts')]),
  });

  it('ranks first the PR whose patch adds the new value, quoting its hunk, with no classified finding', () => {
    const culprit = pull(21010, [{ filename: NPD_FILE, patch: NPD_HUNK }]);
    const other = pull(21011, [{ filename: 'config/testgrids/x.yaml', patch: '@@ -1,2 +1,2 @@\n-name: a\n+name: b' }]);

    const [first, ...rest] = rankSuspects([other, culprit], terms, WINDOW);

    expect(first?.number).toBe(21010);
    expect(first?.reasons[0]).toEqual({
      kind: 'definition-added',
      file: NPD_FILE,
      sign: '+',
      text: 'value: cos-89-lts',
      hunk: NPD_HUNK,
    });
    expect(rest).toEqual([]);
  });

  it('does not take the new value on a removed line as making the change', () => {
    const reverted = pull(21020, [
      {
        filename: NPD_FILE,
        patch: '@@ -266,3 +266,3 @@ periodics:\n-        value: cos-89-lts\n+        value: cos-85-lts',
      },
    ]);
    const culprit = pull(21010, [{ filename: NPD_FILE, patch: NPD_HUNK }]);

    const ranked = rankSuspects([reverted, culprit], terms, WINDOW);

    expect(ranked.map((s) => s.number)).toEqual([21010]);
  });

  it('counts a value many PRs add elsewhere for less than the same value in a hunk naming the job', () => {
    const cluster = emptyTerms({
      job: 'pull-ova-all',
      changes: termsFromDefinition([change('spec.cluster', 'default', 'eks-prow-build-cluster', true)]),
    });
    const move = (n: number, job: string) =>
      pull(n, [
        {
          filename: `config/jobs/${job}.yaml`,
          patch: `@@ -1,4 +1,4 @@ presubmits:\n   - name: ${job}\n-    cluster: default\n+    cluster: eks-prow-build-cluster\n     decorate: true`,
        },
      ]);

    const ranked = rankSuspects(
      [move(1, 'pull-a'), move(2, 'pull-b'), move(3, 'pull-ova-all'), move(4, 'pull-c')],
      cluster,
      WINDOW,
    );

    expect(ranked[0]?.number).toBe(3);
    expect(ranked[0]!.score).toBeGreaterThan(3 * ranked[1]!.score);
  });

  it('damps an autobump that carries the new value unless it touches the failure', () => {
    const image = emptyTerms({
      job: 'pull-ova-all',
      changes: termsFromDefinition([
        change(
          'spec.pod_spec.containers[0].image',
          'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20230613-63d85f5ed2-master',
          'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20230616-e730b60769-master',
        ),
      ]),
    });
    const bump = pull(
      29837,
      [
        {
          filename: 'config/jobs/README.md',
          patch:
            '@@ -1,2 +1,2 @@\n-  - image: gcr.io/k8s-staging-test-infra/kubekins-e2e:v20230613-63d85f5ed2-master\n+  - image: gcr.io/k8s-staging-test-infra/kubekins-e2e:v20230616-e730b60769-master',
        },
      ],
      'Update k8s-staging-test-infra images as needed',
    );

    const [s] = rankSuspects([bump], image, WINDOW);

    // Three matches (old image, new image, new tag), each worth less than one strong match (45).
    expect(s?.number).toBe(29837);
    expect(s!.score).toBeLessThan(45);
  });
});

describe('rankSuspects with a preset the job carries', () => {
  it('names the one PR of a handful that changes the env of a preset the job carries, with no finding', () => {
    const terms = emptyTerms({ job: 'ci-kubernetes-e2e-capz-master-windows', presets: ['preset-capz-windows-common'] });
    const preset = pull(33043, [
      {
        filename: 'config/jobs/kubernetes-sigs/cluster-api-provider-azure/cluster-api-provider-azure-presets.yaml',
        patch:
          '@@ -10,6 +10,6 @@ presets:\n - labels:\n     preset-capz-windows-common: "true"\n   env:\n-  - name: REGISTRY\n+  - name: REGISTRY_MIRROR\n     value: capzci.azurecr.io',
      },
    ]);
    const others = [33040, 33041, 33042].map((n) =>
      pull(n, [{ filename: `config/testgrids/${n}.yaml`, patch: '@@ -1,1 +1,1 @@\n-a: 1\n+a: 2' }]),
    );

    const ranked = rankSuspects([...others, preset], terms, WINDOW);

    expect(ranked.map((s) => s.number)).toEqual([33043]);
    expect(ranked[0]?.reasons.map((r) => `${r.kind} ${r.sign ?? ''}${r.text}`)).toEqual([
      'preset-changed -- name: REGISTRY',
      'preset-changed +- name: REGISTRY_MIRROR',
      'proximity merged 24h before the first red run started',
    ]);
  });
});
