// Pod- and ProwJob-level failures: the pod never ran (or the cluster stopped it), so the cause is in
// podinfo.json and prowjob.json, quoted with their field paths. Messages are the real ones of the
// replayed incidents in ../shared/replays and of kubelet/API-server sources.
import { classifyRun, observeRun } from '../../../src/analyze/index.ts';
import type { Finding, PodInfo, RunInfo } from '../../../src/types.ts';
import { evidence, shippedCatalog } from '../support.ts';

type Container = PodInfo['containerStatuses'][number];

function container(over: Partial<Container>): Container {
  return {
    name: 'test',
    image: 'gcr.io/k8s-prow/issue-creator:v20210723-55eee17612',
    waitingReason: null,
    waitingMessage: null,
    terminatedReason: null,
    exitCode: null,
    ...over,
  };
}

async function findingsOf(pod: PodInfo | null, info: Partial<RunInfo> = {}): Promise<Finding[]> {
  const catalog = await shippedCatalog();
  const obs = await observeRun(evidence([], { result: 'ERROR', ...info }, pod), catalog);
  return classifyRun(obs, null, catalog);
}

const PENDING_TIMEOUT = { state: 'error', description: 'Job execution failed: Pod pending timeout.' };

const MOUNT: PodInfo = {
  containerStatuses: [container({ waitingReason: 'ContainerCreating' })],
  events: [
    {
      reason: 'FailedMount',
      type: 'Warning',
      time: null,
      fieldPath: 'spec.initContainers{initupload}',
      message: 'MountVolume.SetUp failed for volume "token" : secret "k8s-triage-robot-github-token" not found',
    },
  ],
};

describe('pod-config-error', () => {
  it('names the missing secret and its volume from a FailedMount event, quoting the event by field path', async () => {
    const [top] = await findingsOf(MOUNT, { prowStatus: PENDING_TIMEOUT });

    expect(top).toMatchObject({
      classifier: 'pod-config-error',
      facts: {
        reason: 'secret-not-found',
        kubeReason: 'FailedMount',
        secret: 'k8s-triage-robot-github-token',
        volume: 'token',
      },
      evidence: [
        {
          artifact: 'podinfo.json',
          line: 0,
          text: 'events[0] (spec.initContainers{initupload}): FailedMount: MountVolume.SetUp failed for volume "token" : secret "k8s-triage-robot-github-token" not found',
        },
      ],
    });
    expect(top?.summary).toBe(
      'The pod never started: secret "k8s-triage-robot-github-token" (volume "token") does not exist in the build cluster.',
    );
  });

  it('leaves the pending timeout to the missing secret that caused it', async () => {
    const findings = await findingsOf(MOUNT, { prowStatus: PENDING_TIMEOUT });

    expect(findings.map((f) => f.classifier)).not.toContain('pod-lifecycle');
  });

  it('names a missing service account from the ProwJob status description', async () => {
    const description =
      'Pod can not be created: create pod test-pods/8b0de769 in cluster eks-prow-build-cluster: pods "8b0de769" is forbidden: error looking up service account test-pods/prowjob-default-sa: serviceaccount "prowjob-default-sa" not found';

    const [top] = await findingsOf(null, { prowStatus: { state: 'error', description } });

    expect(top).toMatchObject({
      classifier: 'pod-config-error',
      facts: { reason: 'service-account-not-found', kubeReason: 'ProwJob', serviceAccount: 'prowjob-default-sa' },
      evidence: [{ artifact: 'prowjob.json', line: 0, text: `status.description: ${description}` }],
    });
  });

  it('names the env var that needs a secret key that is missing (CreateContainerConfigError)', async () => {
    const pod: PodInfo = {
      containerStatuses: [
        container({
          waitingReason: 'CreateContainerConfigError',
          waitingMessage: "couldn't find key token in Secret test-pods/bot-token",
        }),
      ],
      events: [],
    };
    const env = [{ name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: 'bot-token', key: 'token' } } }];
    const definition = { source: 'prowjob.json', fields: { pod_spec: { containers: [{ env }] } } };

    const [top] = await findingsOf(pod, { definition });

    expect(top).toMatchObject({
      classifier: 'pod-config-error',
      facts: { reason: 'key-not-found', key: 'token', secret: 'bot-token', envVar: 'GITHUB_TOKEN', container: 'test' },
      evidence: [
        {
          artifact: 'podinfo.json',
          text: "pod.status.containerStatuses[test].state.waiting: CreateContainerConfigError: couldn't find key token in Secret test-pods/bot-token",
        },
      ],
    });
  });

  it('gives the exact image of an InvalidImageName container', async () => {
    const image = 'launcher.gcr.io/google/bazel:0.25.2:2.2.0-from-0.23.2';
    const pod: PodInfo = {
      containerStatuses: [
        container({
          image,
          waitingReason: 'InvalidImageName',
          waitingMessage: `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": invalid reference format`,
        }),
      ],
      events: [],
    };

    const [top] = await findingsOf(pod);

    expect(top).toMatchObject({ classifier: 'pod-config-error', facts: { reason: 'invalid-image-name', image } });
  });

  it('says nothing about a green run', async () => {
    expect((await findingsOf(MOUNT, { result: 'SUCCESS' })).map((f) => f.classifier)).toEqual([]);
  });
});

describe('pod-lifecycle', () => {
  it('reports an OOM-killed test container', async () => {
    const pod: PodInfo = {
      containerStatuses: [container({ terminatedReason: 'OOMKilled', exitCode: 137 })],
      events: [],
    };

    const [top] = await findingsOf(pod, { result: 'FAILURE' });

    expect(top).toMatchObject({
      classifier: 'pod-lifecycle',
      facts: { reason: 'oom-killed', container: 'test', exitCode: 137 },
      evidence: [
        { artifact: 'podinfo.json', text: 'pod.status.containerStatuses[test].state.terminated: OOMKilled (exit 137)' },
      ],
    });
  });

  it('reports a failed clonerefs init container with its message', async () => {
    const pod: PodInfo = {
      containerStatuses: [
        container({
          name: 'clonerefs',
          init: true,
          terminatedReason: 'Error',
          exitCode: 1,
          terminatedMessage: 'failed to clone kubernetes/kops: exit status 128',
        }),
      ],
      events: [],
    };

    const [top] = await findingsOf(pod);

    expect(top).toMatchObject({
      classifier: 'pod-lifecycle',
      facts: { reason: 'init-container-failed', container: 'clonerefs', exitCode: 1 },
    });
    expect(top?.summary).toContain('failed to clone kubernetes/kops');
  });

  it('reports an eviction from the pod status', async () => {
    const pod: PodInfo = {
      containerStatuses: [],
      events: [],
      reason: 'Evicted',
      message: 'The node was low on resource: ephemeral-storage.',
    };

    const [top] = await findingsOf(pod);

    expect(top).toMatchObject({ classifier: 'pod-lifecycle', facts: { reason: 'evicted' } });
  });

  it('reports a pending timeout nothing else explains', async () => {
    const [top] = await findingsOf(null, { prowStatus: PENDING_TIMEOUT });

    expect(top).toMatchObject({ classifier: 'pod-lifecycle', facts: { reason: 'pending-timeout' } });
  });
});

describe('image-pull-manifest from a container waiting message', () => {
  it('reads the not-found cause from ErrImagePull, image exact', async () => {
    const image = 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250211-0badc0ffee-master';
    const pod: PodInfo = {
      containerStatuses: [
        container({
          image,
          waitingReason: 'ErrImagePull',
          waitingMessage: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`,
        }),
      ],
      events: [],
    };

    const [top] = await findingsOf(pod);

    expect(top).toMatchObject({ classifier: 'image-pull-manifest', facts: { image } });
  });
});
