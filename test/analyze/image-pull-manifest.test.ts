import { classifyRun, isFinding, observeRun, rankFindings } from '../../src/analyze/index.ts';
import { pullEventsOf } from '../../src/analyze/pull/pull-lines.ts';
import type { ImagePullFinding } from '../../src/types.ts';
import { evidence, lines, observeText, shippedCatalog } from './support.ts';

// One real-world line each, with what it exercises and the reference (or event) it must yield.
const NOT_FOUND: [string, string, string, string][] = [
  [
    'docker daemon',
    'Error response from daemon: manifest for kindest/node:v1.33.0-alpha.1.199_25278540780516 not found: manifest unknown: manifest unknown',
    'kindest/node:v1.33.0-alpha.1.199_25278540780516',
    'docker',
  ],
  [
    'docker CLI prefix',
    'docker: Error response from daemon: manifest for gcr.io/k8s-staging-foo/bar:v0.0.0-dev not found: manifest unknown: Failed to fetch "v0.0.0-dev"',
    'gcr.io/k8s-staging-foo/bar:v0.0.0-dev',
    'docker',
  ],
  [
    'containerd / ctr',
    'ctr: failed to resolve reference "docker.io/library/busybox:1.99": docker.io/library/busybox:1.99: not found',
    'docker.io/library/busybox:1.99',
    'containerd',
  ],
  [
    'crictl NotFound',
    'FATA[0000] pulling image: rpc error: code = NotFound desc = failed to pull and unpack image "registry.k8s.io/pause:9.9": failed to resolve reference "registry.k8s.io/pause:9.9": registry.k8s.io/pause:9.9: not found',
    'registry.k8s.io/pause:9.9',
    'containerd',
  ],
  [
    'kubelet event',
    'Warning  Failed     12s   kubelet  Failed to pull image "quay.io/org/app:nope": rpc error: code = NotFound desc = failed to pull and unpack image "quay.io/org/app:nope": failed to resolve reference "quay.io/org/app:nope": quay.io/org/app:nope: not found',
    'quay.io/org/app:nope',
    'kubelet',
  ],
  [
    'kubelet JSON-escaped quotes',
    'E0212 08:13:19.992345    2345 kuberuntime_manager.go:1256] "Unhandled Error" err="Failed to pull image \\"gcr.io/proj/img:v1\\": rpc error: code = NotFound desc = failed to pull and unpack image \\"gcr.io/proj/img:v1\\": failed to resolve reference \\"gcr.io/proj/img:v1\\": gcr.io/proj/img:v1: not found"',
    'gcr.io/proj/img:v1',
    'kubelet',
  ],
  [
    'container status from pod info',
    'container app: ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/org/app:v0.0.0-missing": failed to resolve reference "ghcr.io/org/app:v0.0.0-missing": ghcr.io/org/app:v0.0.0-missing: not found',
    'ghcr.io/org/app:v0.0.0-missing',
    'containerd',
  ],
  [
    'podman',
    'Error: initializing source docker://quay.io/podman/hello:v9: reading manifest v9 in quay.io/podman/hello: manifest unknown',
    'quay.io/podman/hello:v9',
    'podman',
  ],
  [
    'skopeo',
    'FATA[0001] Error parsing image name "docker://k8s.gcr.io/x:v2": reading manifest v2 in k8s.gcr.io/x: manifest unknown: manifest unknown',
    'k8s.gcr.io/x:v2',
    'skopeo',
  ],
  [
    'crane',
    'Error: fetching manifest gcr.io/distroless/static:nope: GET https://gcr.io/v2/distroless/static/manifests/nope: MANIFEST_UNKNOWN: Failed to fetch "nope"',
    'gcr.io/distroless/static:nope',
    'crane',
  ],
  [
    'buildkit FROM',
    'ERROR: failed to solve: golang:1.99: failed to resolve source metadata for docker.io/library/golang:1.99: docker.io/library/golang:1.99: not found',
    'docker.io/library/golang:1.99',
    'buildkit',
  ],
  [
    'digest reference',
    'Error response from daemon: manifest for registry.k8s.io/etcd@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef not found: manifest unknown',
    'registry.k8s.io/etcd@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'docker',
  ],
];

const NOT_THIS_CLASS: [string, string][] = [
  [
    'Docker Hub rate limit',
    'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
  ],
  [
    'kubelet rate limit',
    'Failed to pull image "nginx:1.25": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.25": failed to copy: httpReadSeeker: failed open: unexpected status code 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit',
  ],
  [
    'auth: unauthorized',
    'Failed to pull image "gcr.io/private/img:v1": rpc error: code = Unknown desc = failed to pull and unpack image "gcr.io/private/img:v1": failed to resolve reference "gcr.io/private/img:v1": unexpected status from HEAD request: 401 Unauthorized',
  ],
  [
    'network error',
    'Failed to pull image "registry.k8s.io/pause:3.10": rpc error: code = Unknown desc = failed to pull and unpack image: dial tcp: lookup registry.k8s.io: no such host',
  ],
  [
    'disk full',
    'failed to register layer: write /var/lib/docker/overlay2/x/diff/usr/bin/kubectl: no space left on device',
  ],
  [
    'kind pull line alone (reason on the next line)',
    'failed to pull image "kindest/node:v1.32.1": command "docker pull kindest/node:v1.32.1" failed with error: exit status 1',
  ],
  ['green-run pull progress', 'v1.16.3: Pulling from jetstack/cert-manager-cainjector'],
];

describe('image-pull-manifest line readers', () => {
  it.each(NOT_FOUND)('reads a not-found pull: %s', (_what, line, ref, tool) => {
    expect(pullEventsOf(line)).toContainEqual(expect.objectContaining({ kind: 'not-found', ref, tool }));
  });

  it.each(NOT_THIS_CLASS)('does not read a not-found pull from: %s', (_what, line) => {
    expect(pullEventsOf(line).filter((e) => e.kind === 'not-found')).toEqual([]);
  });

  it('reads docker\'s "pull access denied ... may not exist" at a confidence below the auth rule', () => {
    const line =
      "Error response from daemon: pull access denied for myorg/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied";

    const events = pullEventsOf(line).filter((e) => e.kind === 'not-found');

    expect(events).toEqual([
      expect.objectContaining({ ref: 'myorg/private', wording: 'docker-pull-access-denied-ambiguous' }),
    ]);
    expect((events[0] as { confidence: number }).confidence).toBeLessThan(0.5);
  });

  it.each([
    [
      'kind node build',
      'Image "kindest/node:v1.33.0-alpha.1.122_c81431de59a3bf" build completed.',
      'kindest/node:v1.33.0-alpha.1.122_c81431de59a3bf',
      'built',
    ],
    [
      'docker pull',
      'Status: Downloaded newer image for quay.io/jetstack/cert-manager-webhook:v1.16.3',
      'quay.io/jetstack/cert-manager-webhook:v1.16.3',
      'pulled',
    ],
    [
      'kubelet pulled',
      'Normal Pulled 3s kubelet Successfully pulled image "registry.k8s.io/pause:3.10" in 1.2s',
      'registry.k8s.io/pause:3.10',
      'pulled',
    ],
    [
      'CAPI pre-pull skip',
      '+ image kindest/node:v1.32.1 already present in the system, skipping pre-pull',
      'kindest/node:v1.32.1',
      'present',
    ],
    [
      'buildkit naming',
      '#16 naming to gcr.io/k8s-staging-cluster-api/capd-manager-amd64:dev done',
      'gcr.io/k8s-staging-cluster-api/capd-manager-amd64:dev',
      'built',
    ],
    [
      'CAPI build start',
      '+ Building kindest/node:v1.32.1 using pre-built binaries',
      'kindest/node:v1.32.1',
      'building',
    ],
  ])('reads a produced reference: %s', (_what, line, ref, how) => {
    expect(pullEventsOf(line)).toContainEqual({ kind: 'produced', ref, how });
  });

  it('reads version resolutions and defaults', () => {
    expect(
      pullEventsOf('+ KUBERNETES_VERSION_MANAGEMENT="ci/latest-1.33" resolved to "v1.33.0-alpha.1.122+c81431de59a3bf"'),
    ).toEqual([
      {
        kind: 'resolved',
        variable: 'KUBERNETES_VERSION_MANAGEMENT',
        marker: 'ci/latest-1.33',
        version: 'v1.33.0-alpha.1.122+c81431de59a3bf',
      },
    ]);
    expect(
      pullEventsOf(
        'Defaulting KUBERNETES_VERSION_LATEST_CI to ci/latest-1.33 to trigger image build (because env var is not set)',
      ),
    ).toEqual([{ kind: 'defaulted', variable: 'KUBERNETES_VERSION_LATEST_CI', value: 'ci/latest-1.33' }]);
  });
});

const RECOVERED = lines(
  '+ KUBERNETES_VERSION="ci/latest-1.33" resolved to "v1.33.0-alpha.0.2664+0f8d2b6c1a93e5"',
  '+ Pulling kindest/node:v1.33.0-alpha.0.2664_0f8d2b6c1a93e5',
  'Error response from daemon: manifest for kindest/node:v1.33.0-alpha.0.2664_0f8d2b6c1a93e5 not found: manifest unknown: manifest unknown',
  '+ building image for Kuberentes v1.33.0-alpha.0.2664+0f8d2b6c1a93e5 locally.',
  '+ Building kindest/node:v1.33.0-alpha.0.2664_0f8d2b6c1a93e5 from source',
  'Image "kindest/node:v1.33.0-alpha.0.2664_0f8d2b6c1a93e5" build completed.',
);

const KIND_FAILURE = lines(
  '• [FAILED] [14.982 seconds]',
  'When testing clusterctl upgrades on K8S latest ci mgmt cluster [It] Should create a management cluster',
  '  [FAILED] in [It] - /home/prow/go/src/sigs.k8s.io/cluster-api/test/framework/bootstrap/kind_provider.go:196 @ 02/12/25 08:13:19.992',
  '  [FAILED] Failed to create kind cluster "clusterctl-upgrade-management-9h23mr": failed to pull image "kindest/node:v1.33.0-alpha.0.2719_4c1f9e2a8d07b6": command "docker pull kindest/node:v1.33.0-alpha.0.2719_4c1f9e2a8d07b6" failed with error: exit status 1',
  '  Error response from daemon: manifest for kindest/node:v1.33.0-alpha.0.2719_4c1f9e2a8d07b6 not found: manifest unknown: manifest unknown',
);

async function pullFindings(
  text: string,
  result: 'FAILURE' | 'SUCCESS' | 'UNKNOWN' = 'UNKNOWN',
): Promise<ImagePullFinding[]> {
  const catalog = await shippedCatalog();
  const obs = await observeText(text, { info: { result }, catalog });
  return classifyRun(obs, null, catalog).filter((f) => isFinding(f, 'image-pull-manifest'));
}

describe('image-pull-manifest classifier', () => {
  it('does not report a pull the run recovered by building the image', async () => {
    expect(await pullFindings(RECOVERED)).toEqual([]);
  });

  it('reports a later pull of a tag nothing produced, with drift against the built one', async () => {
    const [f, ...rest] = await pullFindings(RECOVERED + KIND_FAILURE, 'FAILURE');

    expect(rest).toEqual([]);
    expect(f!.facts).toMatchObject({
      image: 'kindest/node:v1.33.0-alpha.0.2719_4c1f9e2a8d07b6',
      repository: 'kindest/node',
      tag: 'v1.33.0-alpha.0.2719_4c1f9e2a8d07b6',
      cluster: 'clusterctl-upgrade-management-9h23mr',
      test: 'When testing clusterctl upgrades on K8S latest ci mgmt cluster [It] Should create a management cluster',
      location: 'test/framework/bootstrap/kind_provider.go:196',
      drift: { requested: 'v1.33.0-alpha.0.2719+4c1f9e2a8d07b6', available: ['v1.33.0-alpha.0.2664+0f8d2b6c1a93e5'] },
      resolvedVersions: { KUBERNETES_VERSION: 'v1.33.0-alpha.0.2664+0f8d2b6c1a93e5' },
    });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(f!.evidence.map((e) => e.line)).toEqual([1, 6, 7, 10, 11]);
  });

  it('reports a not-found pull on its own with lower confidence and no drift', async () => {
    const [f] = await pullFindings(
      lines(
        'Failed to pull image "quay.io/org/app:nope": rpc error: code = NotFound desc = failed to pull and unpack image "quay.io/org/app:nope": failed to resolve reference "quay.io/org/app:nope": quay.io/org/app:nope: not found',
      ),
    );

    expect(f!.facts).toMatchObject({ image: 'quay.io/org/app:nope', tag: 'nope', tool: 'kubelet' });
    expect(f!.facts.drift).toBeUndefined();
    expect(f!.confidence).toBeLessThan(0.9);
  });

  it('says nothing about a green run', async () => {
    expect(await pullFindings(KIND_FAILURE, 'SUCCESS')).toEqual([]);
  });

  it('reads kubelet events from the pod info', async () => {
    const catalog = await shippedCatalog();
    const pod = {
      events: [
        {
          reason: 'Failed',
          type: 'Warning',
          time: null,
          message:
            'Failed to pull image "gcr.io/x/y:v9": rpc error: code = NotFound desc = failed to pull and unpack image "gcr.io/x/y:v9": failed to resolve reference "gcr.io/x/y:v9": gcr.io/x/y:v9: not found',
        },
      ],
      containerStatuses: [],
    };

    const obs = await observeRun(evidence([], {}, pod), catalog);

    const f = classifyRun(obs, null, catalog).find((x) => x.classifier === 'image-pull-manifest');
    expect(f?.evidence).toEqual([
      { artifact: 'podinfo.json', line: 1, text: expect.stringContaining('gcr.io/x/y:v9') },
    ]);
  });

  it('reports the first of several failed pulls as the most likely cause, the others below it', async () => {
    const found = await pullFindings(
      lines(
        '$ docker pull registry.example.com/team/sdk:8.0.300',
        'Error response from daemon: manifest for registry.example.com/team/sdk:8.0.300 not found: manifest unknown: manifest unknown',
        '$ docker pull registry.example.com/team/runtime:8.0.5',
        'Error response from daemon: manifest for registry.example.com/team/runtime:8.0.5 not found: manifest unknown: manifest unknown',
      ),
      'FAILURE',
    );

    const ranked = rankFindings(found).map((f) => (f as ImagePullFinding).facts.image);
    expect(ranked).toEqual(['registry.example.com/team/sdk:8.0.300', 'registry.example.com/team/runtime:8.0.5']);
    expect(found[0]!.confidence).toBeGreaterThan(found[1]!.confidence);
  });

  it('takes the image of a ref-less not-found line from the pull before it (compose v1, BuildKit)', async () => {
    const [compose] = await pullFindings(
      lines('Pulling web (ghcr.io/acme/web:2.1.0)...', 'ERROR: manifest unknown'),
      'FAILURE',
    );
    const [buildkit] = await pullFindings(
      lines(
        ' => ERROR [internal] load metadata for mcr.microsoft.com/windows/servercore:ltsc2022            1.0s',
        'failed to solve with frontend dockerfile.v0: failed to create LLB definition: no match for platform in manifest sha256:0f3c1a7d5e2b4c6a8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c: not found',
      ),
      'FAILURE',
    );

    expect(compose?.facts.image).toBe('ghcr.io/acme/web:2.1.0');
    expect(buildkit?.facts.image).toBe('mcr.microsoft.com/windows/servercore:ltsc2022');
  });

  it('reports a missing manifest whose image the log never names, with the image null', async () => {
    const [f, ...rest] = await pullFindings(
      lines(
        'Error response from daemon: manifest unknown',
        'Exited with 1',
        'Error response from daemon: manifest unknown',
      ),
      'FAILURE',
    );

    expect(rest).toEqual([]);
    expect(f!.facts).toMatchObject({ image: null, repository: null, occurrences: 2 });
    expect(f!.summary).toContain('does not name the image');
    expect(f!.evidence.map((e) => e.line)).toEqual([1, 3]);
  });

  it("does not read a missing manifest from kubelet's bare ErrImagePull reason", async () => {
    expect(await pullFindings(lines('  reason: ErrImagePull', '  reason: ImagePullBackOff'), 'FAILURE')).toEqual([]);
  });

  it('gives the same fingerprint for the same failure at other versions', async () => {
    const a = (await pullFindings(RECOVERED + KIND_FAILURE, 'FAILURE'))[0]!;
    const later = (RECOVERED + KIND_FAILURE)
      .replaceAll('0.2664', '1.122')
      .replaceAll('0.2719', '1.199')
      .replaceAll('9h23mr', 'k2x7qa');

    const b = (await pullFindings(later, 'FAILURE'))[0]!;

    expect(b.facts.image).not.toBe(a.facts.image);
    expect(b.fingerprint).toBe(a.fingerprint);
  });
});

describe('image-pull-manifest drift', () => {
  it('does not take a version resolved for another purpose as a tag of the failing image', async () => {
    const text = lines(
      '+ KUBERNETES_VERSION="ci/latest-1.33" resolved to "v1.33.0-alpha.0.2664+0f8d2b6c1a93e5"',
      'Error response from daemon: manifest for quay.io/org/operator:v1.33.9 not found: manifest unknown: manifest unknown',
    );

    const [f] = await pullFindings(text, 'FAILURE');

    expect(f!.facts.drift).toBeUndefined();
    expect(f!.facts.resolvedVersions).toEqual({ KUBERNETES_VERSION: 'v1.33.0-alpha.0.2664+0f8d2b6c1a93e5' });
  });

  it('takes the drift from the baseline when this run made no other tag', async () => {
    const catalog = await shippedCatalog();
    const baseline = await observeText(RECOVERED, { info: { result: 'SUCCESS' } });
    const current = await observeText(KIND_FAILURE, { info: { result: 'FAILURE' } });

    const f = classifyRun(current, baseline, catalog).find((x) => x.classifier === 'image-pull-manifest')!;

    expect(f.facts).toMatchObject({
      drift: { requested: 'v1.33.0-alpha.0.2719+4c1f9e2a8d07b6', available: ['v1.33.0-alpha.0.2664+0f8d2b6c1a93e5'] },
      driftFrom: 'baseline',
    });
  });
});
