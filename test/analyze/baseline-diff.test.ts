import { danglingLabels } from '../../src/analyze/baseline/dangling-labels.ts';
import { diffEnv } from '../../src/analyze/baseline/env-diff.ts';
import { vanishedLines } from '../../src/analyze/baseline/vanished-lines.ts';
import type { RunObservations } from '../../src/analyze/index.ts';
import { EMPTY_CATALOG, env, lines, observeText, runInfo } from './support.ts';

function obs(overrides: Partial<RunObservations>): RunObservations {
  return {
    schemaVersion: 1,
    info: runInfo(),
    logEnv: null,
    artifacts: [],
    digest: [],
    digestComplete: true,
    observers: {},
    problems: [],
    ...overrides,
  };
}

const logEnv = (vars: Record<string, string>): RunObservations['logEnv'] => ({
  vars,
  artifact: 'build-log.txt',
  lines: {},
});

describe('diffEnv', () => {
  it('reports vanished, added and changed variables and leaves per-run noise out', () => {
    const before = obs({
      info: runInfo({
        env: env({
          KEEP: '1',
          GONE: 'windows',
          CHANGED: 'a',
          BUILD_ID: '100',
          PULL_NUMBER: '358',
          HOSTNAME: 'pod-a',
          ID: '0f8d2b6c1a93e5',
          IMAGE: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20241128-8df65c072f-master',
        }),
      }),
    });
    const after = obs({
      info: runInfo({
        env: env({
          KEEP: '1',
          CHANGED: 'b',
          NEW: 'x',
          BUILD_ID: '200',
          PULL_NUMBER: '369',
          HOSTNAME: 'pod-b',
          ID: '25278540780516',
          IMAGE: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250205-f1f3519e6b-master',
        }),
      }),
    });

    expect(diffEnv(after, before)).toEqual([
      { name: 'GONE', before: 'windows', after: null },
      { name: 'NEW', before: null, after: 'x' },
      { name: 'CHANGED', before: 'a', after: 'b' },
    ]);
  });

  it('lets the printed environment decide for the names it shows', () => {
    // The pod spec lost X, but something else still set it: the log shows the job ran with it.
    const before = obs({ info: runInfo({ env: env({ X: '1', Y: '1' }) }), logEnv: logEnv({ X: '1', Y: '1' }) });
    const after = obs({ info: runInfo({ env: env({ Y: '1' }) }), logEnv: logEnv({ X: '1' }) });

    expect(diffEnv(after, before)).toEqual([{ name: 'Y', before: '1', after: null }]);
  });

  it('compares a source only when both runs have it', () => {
    const before = obs({ info: runInfo({ env: env({ A: '1' }) }), logEnv: logEnv({ A: '1', B: '2' }) });
    const after = obs({ info: runInfo({ env: env({ A: '1' }) }), logEnv: null });

    expect(diffEnv(after, before)).toEqual([]);
  });
});

describe('danglingLabels', () => {
  const labels = {
    'preset-common-gce-windows': 'true',
    'preset-e2e-gce-windows-containerd': 'true',
    'preset-k8s-ssh': 'true',
    'preset-dind-enabled': 'true',
    'prow.k8s.io/type': 'presubmit',
  };

  it('ranks kept preset labels by the words they share with the vanished variables', () => {
    const vanished = [
      { name: 'KUBERNETES_NODE_PLATFORM', before: 'windows', after: null },
      { name: 'KUBE_GCE_ENABLE_IP_ALIASES', before: 'true', after: null },
      { name: 'WINDOWS_ENABLE_DSR', before: 'true', after: null },
    ];

    const out = danglingLabels(runInfo({ labels }), runInfo({ labels }), vanished);

    expect(out).toEqual(['preset-common-gce-windows', 'preset-e2e-gce-windows-containerd']);
  });

  it('keeps every shared label when no name ties a label to the vanished variables', () => {
    const out = danglingLabels(runInfo({ labels }), runInfo({ labels: { ...labels, 'preset-gone': 'true' } }), [
      { name: 'FOO', before: 'bar', after: null },
    ]);

    expect(out).toEqual([
      'preset-common-gce-windows',
      'preset-dind-enabled',
      'preset-e2e-gce-windows-containerd',
      'preset-k8s-ssh',
    ]);
  });

  it('is empty when nothing vanished', () => {
    expect(danglingLabels(runInfo({ labels }), runInfo({ labels }), [])).toEqual([]);
  });
});

describe('vanishedLines', () => {
  it('ignores lines that differ only in timestamps, ids, hashes and versions, and ranks the rest by topic', async () => {
    const baseline = await observeText(
      lines(
        '2024/12/18 18:35:02 main.go:282: Running kubetest version: v20241128-8df65c072f',
        'Will download and extract kubernetes-node-windows-amd64.tar.gz from https://dl.k8s.io/ci/v1.33.0-alpha.0.1301+9b1c6e2a7d0f38',
        'IP aliases are enabled. Creating subnetworks.',
        'Using master: e2e-7ed6925d8c-e3991-master (external IP: 35.247.58.210)',
        'Cluster validation succeeded',
      ),
      { catalog: EMPTY_CATALOG },
    );
    const current = await observeText(
      lines(
        '2025/02/11 01:13:55 main.go:282: Running kubetest version: v20250205-f1f3519e6b',
        'IP aliases are disabled.',
        'Using master: e2e-bb3cd9e79e-e3991-master (external IP: 34.105.14.201)',
      ),
      { catalog: EMPTY_CATALOG },
    );

    const out = vanishedLines(
      current,
      baseline,
      ['KUBERNETES_NODE_PLATFORM windows', 'KUBE_GCE_ENABLE_IP_ALIASES true'],
      5,
    );

    expect(out.map((d) => [d.line, d.text])).toEqual([
      [
        2,
        'Will download and extract kubernetes-node-windows-amd64.tar.gz from https://dl.k8s.io/ci/v1.33.0-alpha.0.1301+9b1c6e2a7d0f38',
      ],
      [3, 'IP aliases are enabled. Creating subnetworks.'],
    ]);
  });
});
