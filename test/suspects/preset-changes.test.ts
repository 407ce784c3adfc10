import { parsePatch } from '../../src/suspects/patch-lines.ts';
import { presetChanges } from '../../src/suspects/preset-changes.ts';

// Lines quoted from kubernetes/test-infra config/jobs/kubernetes/sig-windows/windows-gce.yaml.
const DELETED_FILE = [
  '@@ -1,22 +0,0 @@',
  '-presets:',
  '-- labels:',
  '-    preset-common-gce-windows: "true"',
  '-  env:',
  '-  - name: KUBE_GCE_ENABLE_IP_ALIASES',
  '-    value: "true"',
  '-  - name: KUBERNETES_NODE_PLATFORM',
  '-    value: "windows"',
  '-- labels:',
  '-    preset-e2e-gce-windows-containerd: "true"',
  '-  env:',
  '-  - name: WINDOWS_ENABLE_DSR',
  '-    value: "true"',
  '-',
  '-periodics:',
  '-- name: ci-kubernetes-e2e-windows-containerd-gce-master',
  '-  labels:',
  '-    preset-common-gce-windows: "true"',
  '-  spec:',
  '-    containers:',
  '-    - env:',
  '-      - name: NOT_A_PRESET_VAR',
].join('\n');

describe('presetChanges', () => {
  it('finds the preset definitions of a deleted file, not the job labels below them', () => {
    const changes = presetChanges(parsePatch(DELETED_FILE));

    expect(changes.removedLabels.map((l) => l.name)).toEqual([
      'preset-common-gce-windows',
      'preset-e2e-gce-windows-containerd',
    ]);
    expect(changes.removedEnv.map((e) => [e.entry.name, e.labels])).toEqual([
      ['KUBE_GCE_ENABLE_IP_ALIASES', ['preset-common-gce-windows']],
      ['KUBERNETES_NODE_PLATFORM', ['preset-common-gce-windows']],
      ['WINDOWS_ENABLE_DSR', ['preset-e2e-gce-windows-containerd']],
    ]);
    expect(changes.addedLabels).toEqual([]);
  });

  it('uses the hunk header to know a hunk is inside `presets:`', () => {
    const patch = [
      '@@ -26,8 +26,11 @@ presets:',
      '   env:',
      '   - name: WINDOWS_SERVER_VERSION',
      '     value: "windows-2022"',
      '-  - name: IMAGE_VERSION',
      '-    value: "130.2.20240612"',
      '+- labels:',
      '+    preset-capz-windows-2025: "true"',
      '+  env:',
      '+  - name: GALLERY_IMAGE_NAME',
    ].join('\n');

    const changes = presetChanges(parsePatch(patch));

    expect(changes.removedEnv.map((e) => e.entry.name)).toEqual(['IMAGE_VERSION']);
    expect(changes.addedLabels.map((l) => l.name)).toEqual(['preset-capz-windows-2025']);
    expect(changes.removedLabels).toEqual([]);
  });

  it('ignores preset labels on jobs (hunks under periodics/presubmits)', () => {
    const patch = [
      '@@ -414,10 +417,10 @@ periodics:',
      '   labels:',
      '-    preset-azure-community: "true"',
      '+    preset-capz-windows-2025: "true"',
    ].join('\n');

    const changes = presetChanges(parsePatch(patch));

    expect(changes).toEqual({ removedLabels: [], addedLabels: [], removedEnv: [], addedEnv: [] });
  });
});

describe('parsePatch', () => {
  it('keeps signs, skips no-newline markers and handles null patches', () => {
    const hunks = parsePatch('@@ -1,2 +1,2 @@ func\n-a\n+b\n\\ No newline at end of file\n c');

    expect(hunks).toEqual([
      {
        context: 'func',
        header: '@@ -1,2 +1,2 @@ func',
        lines: [
          { sign: '-', text: 'a', hunk: 0 },
          { sign: '+', text: 'b', hunk: 0 },
          { sign: ' ', text: 'c', hunk: 0 },
        ],
      },
    ]);
    expect(parsePatch(null)).toEqual([]);
  });
});
