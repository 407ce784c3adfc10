import { classifyRun } from '../../src/analyze/index.ts';
import type { Finding } from '../../src/types.ts';
import { shippedWordings } from '../../src/analyze/wordings/load-wordings.ts';
import { observeText, shippedCatalog } from './support.ts';

// For each shipped rule: a real-world log excerpt it must explain, and the facts it must capture.
const EXAMPLES: [string, string, Record<string, unknown>][] = [
  [
    'gce-quota-exceeded',
    "gcloud config set project k8s-infra-e2e-boskos-052\nCreating new auto network: e2e-959a6f05cf-e3991\nERROR: (gcloud.compute.networks.create) Could not fetch resource:\n - Quota 'NETWORKS' exceeded.  Limit: 15.0 globally.\n",
    {
      quota: 'NETWORKS',
      limit: '15.0',
      project: 'k8s-infra-e2e-boskos-052',
      command: 'gcloud.compute.networks.create',
    },
  ],
  [
    'cloud-quota-exceeded',
    "googleapi: Error 403: Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute', rateLimitExceeded\n",
    { quota: 'Read requests' },
  ],
  [
    'boskos-acquire-failed',
    '2025/01/30 21:05:52 main.go:756: --provider=gce boskos failed to acquire project: resources not found\n',
    {},
  ],
  [
    'registry-rate-limit',
    'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading\n',
    {},
  ],
  [
    'registry-access-denied',
    "Error response from daemon: pull access denied for myorg/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    { repository: 'myorg/private' },
  ],
  [
    'no-space-left',
    'failed to register layer: write /var/lib/docker/overlay2/x/diff/usr/bin/kubectl: no space left on device\n',
    {},
  ],
  ['out-of-memory', '    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n', {}],
  [
    'out-of-memory',
    '[ 1234.5678] Memory cgroup out of memory: Killed process 4242 (kube-apiserver) total-vm:1000kB\n',
    { pid: '4242', process: 'kube-apiserver' },
  ],
  [
    'prow-job-timeout',
    '{"component":"entrypoint","file":"sigs.k8s.io/prow/pkg/entrypoint/run.go:169","level":"error","msg":"Process did not finish before 2h0m0s timeout"}\n',
    { timeout: '2h0m0s' },
  ],
  [
    'context-deadline-exceeded',
    'E0212 08:13:19.992 reflector.go:158] failed to list *v1.Node: context deadline exceeded\n',
    {},
  ],
  [
    'dns-failure',
    'Get "https://registry.k8s.io/v2/": dial tcp: lookup registry.k8s.io on 10.0.0.10:53: no such host\n',
    { host: 'registry.k8s.io' },
  ],
  ['dns-failure', 'curl: (6) Could not resolve host: dl.k8s.io\n', { host: 'dl.k8s.io' }],
  [
    'tls-failure',
    'Error response from daemon: Get "https://myregistry:5000/v2/": x509: certificate signed by unknown authority\n',
    { problem: 'certificate signed by unknown authority' },
  ],
  [
    'connection-failure',
    'The connection to the server localhost:8080 was refused - did you specify the right host or port? dial tcp 127.0.0.1:8080: connect: connection refused\n',
    { address: '127.0.0.1:8080' },
  ],
  [
    'git-fetch-failed',
    "fatal: unable to access 'https://github.com/kubernetes/test-infra/': The requested URL returned error: 502\n",
    { url: 'https://github.com/kubernetes/test-infra/' },
  ],
  [
    'docker-daemon-unavailable',
    'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    { socket: 'unix:///var/run/docker.sock' },
  ],
  [
    'kind-create-failed',
    'ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged kind-control-plane kubeadm init" failed with error: exit status 1\n',
    {},
  ],
  [
    'cluster-validation-failed',
    '\x1b[0;33mDetected 2 ready nodes, found 2 nodes out of expected 3. Your cluster may not be fully functional.\x1b[0m\n',
    { ready: '2', expected: '3' },
  ],
  [
    'release-tarball-missing',
    '!!! Cannot find kubernetes-node-windows-amd64.tar.gz\n',
    { tarball: 'kubernetes-node-windows-amd64.tar.gz' },
  ],
  ['go-test-failure', '--- FAIL: TestReconcileKubeadmConfig (12.03s)\n', { test: 'TestReconcileKubeadmConfig' }],
  [
    'ginkgo-failure',
    'Summarizing 1 Failure:\n  [FAIL] When testing clusterctl upgrades [It] Should create a management cluster\n',
    { test: 'When testing clusterctl upgrades [It] Should create a management cluster' },
  ],
  [
    'pytest-failure',
    '=========================== short test summary info ============================\nFAILED tests/test_api.py::test_create - AssertionError: 404\n',
    { test: 'tests/test_api.py::test_create' },
  ],
  [
    'go-panic',
    'panic: runtime error: invalid memory address or nil pointer dereference\n',
    { message: 'invalid memory address or nil pointer dereference' },
  ],
  ['npm-error', 'npm ERR! code ERESOLVE\n', { code: 'ERESOLVE' }],
  // A runner image without tree: https://github.com/actions/runner-images/issues/9935 (bash's wording).
  ['command-not-found', '/home/runner/work/_temp/9f3a.sh: line 2: tree: command not found\n', { command: 'tree' }],
  [
    'kubetest-failed',
    '2025/02/11 01:58:30 main.go:326: Something went wrong: starting e2e cluster: error during ./hack/e2e-internal/e2e-up.sh: exit status 1\n',
    { what: 'starting e2e cluster: error during ./hack/e2e-internal/e2e-up.sh: exit status 1' },
  ],
];

// Lines from green runs and look-alikes that no shipped rule may claim.
const QUIET = [
  'Created [https://www.googleapis.com/compute/v1/projects/k8s-infra-e2e-boskos-087/global/networks/e2e-bb3cd9e79e-e3991].',
  '--- PASS: TestReconcileKubeadmConfig (0.03s)',
  '[SynchronizedAfterSuite] PASSED [31.207 seconds]',
  'Ran 32 of 35 Specs in 5829.656 seconds',
  'SUCCESS! -- 32 Passed | 0 Failed | 0 Pending | 3 Skipped',
  'Cluster validation succeeded',
  'Waiting for docker to stop for 30 seconds',
  'scp: /var/log/fluentd.log*: No such file or directory',
];

// Rules made only of table wordings (wordings/catalog-new-rules.yaml): their first routed row's example.
const TABLE_EXAMPLES: [string, string, Record<string, unknown>][] = shippedWordings().newRules.map(({ id }) => {
  const example = shippedWordings().wordings.find((w) => w.class === id && w.triggers.length > 0)!.examples[0]!;
  return [id, `${example.line}\n`, example.facts];
});

async function findings(text: string): Promise<Finding[]> {
  const catalog = await shippedCatalog();
  return classifyRun(await observeText(text, { catalog }), null, catalog);
}

describe('shipped rules', () => {
  it('has an example for every rule', async () => {
    const catalog = await shippedCatalog();

    const all = [...EXAMPLES, ...TABLE_EXAMPLES];

    expect(catalog.rules.map((r) => r.id).filter((id) => !all.some(([e]) => e === id))).toEqual([]);
  });

  it.each([...EXAMPLES, ...TABLE_EXAMPLES])('%s explains its example', async (id, text, facts) => {
    const found = await findings(text);

    const mine = found.find((f) => f.classifier === `rule:${id}`);
    expect(mine?.facts).toMatchObject(facts);
    expect(mine?.summary).not.toMatch(/[{}]/);
    expect(mine?.evidence.length).toBeGreaterThan(0);
  });

  it('stays quiet on green-run lines', async () => {
    expect(await findings(`${QUIET.join('\n')}\n`)).toEqual([]);
  });

  it('ranks the generic kubetest line below a specific cause', async () => {
    const [first, last] = await findings(EXAMPLES[0]![1] + EXAMPLES.at(-1)![1]);

    expect([first?.classifier, last?.classifier]).toEqual(['rule:gce-quota-exceeded', 'rule:kubetest-failed']);
  });
});
