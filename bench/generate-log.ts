// Writes a synthetic CI log of a given size: kubetest, Ginkgo, docker build, Go build and kube-up
// output modelled on the incident logs, with a few real failures buried at known places.
import { closeSync, openSync, writeSync } from 'node:fs';

type Template = (n: number) => string;

const hex = (n: number, len: number): string =>
  ((n * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(3).slice(0, len);
const ts = (n: number): string => {
  const s = n % 86400;
  const p = (x: number): string => String(x).padStart(2, '0');
  return `2025/02/11 ${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
};
const ginkgoTs = (n: number): string =>
  `02/12/25 ${String(n % 24).padStart(2, '0')}:13:${String(n % 60).padStart(2, '0')}.${n % 1000}`;

const TEMPLATES: Template[] = [
  (n) =>
    `${ts(n)} process.go:153: Running: gcloud compute --project=k8s-infra-e2e-boskos-${n % 100} instances list --filter=name~e2e-${hex(n, 10)}`,
  (n) => `${ts(n)} process.go:155: Step './hack/e2e-internal/e2e-up.sh' finished in ${n % 60}m${n % 59}.${n % 9}s`,
  (n) =>
    `  STEP: Waiting for cluster quick-start-${hex(n, 6)}/quick-start-${hex(n + 1, 6)} to be deleted @ ${ginkgoTs(n)}`,
  (n) =>
    `  INFO: Waiting for the machine deployments of cluster md-rollout-${hex(n, 6)}/md-rollout-${hex(n, 6)} to be provisioned`,
  (n) =>
    `#${n % 20} [builder ${n % 8}/8] RUN --mount=type=cache,target=/root/.cache/go-build go build -trimpath -o manager .`,
  (n) => `#${n % 20} DONE ${(n % 90) / 10}s`,
  (n) => `#${n % 16} writing image sha256:${hex(n, 64)} done`,
  (n) => `${hex(n, 12)}: Pull complete`,
  (n) => `${hex(n, 12)}: Pulling fs layer`,
  (n) =>
    `+++ [0212 07:${String(n % 60).padStart(2, '0')}:58] Building go targets for linux/amd64 k8s.io/kubernetes/cmd/kube-apiserver (static)`,
  (n) =>
    `I0211 01:24:${String(n % 60).padStart(2, '0')}.${n % 999999} 1 controller.go:${n % 400}] "Reconciling" Machine="default/worker-${hex(n, 5)}" reconcileID="${hex(n, 8)}-${hex(n + 3, 4)}-${hex(n + 5, 4)}"`,
  (n) => `\x1b[0;33mWaiting for 3 ready nodes. ${n % 3} ready nodes, ${n % 3} registered. Retrying.\x1b[0m`,
  (n) =>
    `Created [https://www.googleapis.com/compute/v1/projects/k8s-infra-e2e-boskos-${n % 100}/zones/us-west1-b/disks/e2e-${hex(n, 10)}-e3991-master-pd].`,
  (n) =>
    `${ts(n)} GCEMetadataScripts: windows-startup-script-ps1: Setting environment variable: NODE_DIR = C:\\etc\\kubernetes\\node\\bin`,
  (n) => `go: downloading github.com/onsi/gomega v1.${n % 40}.${n % 7}`,
  (n) =>
    `ok  \tsigs.k8s.io/cluster-api/internal/controllers/machine\t${(n % 300) / 10}s\tcoverage: ${n % 100}.${n % 10}% of statements`,
  (n) => `=== RUN   TestMachineReconcile/${hex(n, 6)}_should_requeue`,
  (n) => `--- PASS: TestMachineReconcile/${hex(n, 6)} (0.${n % 100}s)`,
  (n) => `    /home/prow/go/src/sigs.k8s.io/cluster-api/test/framework/cluster_helpers.go:${n % 400} +0x${hex(n, 3)}`,
  (n) =>
    `Deleted [https://www.googleapis.com/compute/v1/projects/k8s-infra-e2e-boskos-${n % 100}/global/firewalls/e2e-${hex(n, 10)}-minion-all].`,
  () => '',
];

/** The failures a good triage must find in the generated log. */
export const BURIED_FAILURES: string[][] = [
  [
    'Creating new auto network: e2e-959a6f05cf-e3991',
    'ERROR: (gcloud.compute.networks.create) Could not fetch resource:',
    " - Quota 'NETWORKS' exceeded.  Limit: 15.0 globally.",
  ],
  [
    '  [FAILED] Failed to create kind cluster "clusterctl-upgrade-management-9h23mr": failed to pull image "kindest/node:v1.33.0-alpha.1.199_25278540780516": command "docker pull kindest/node:v1.33.0-alpha.1.199_25278540780516" failed with error: exit status 1',
    '  Error response from daemon: manifest for kindest/node:v1.33.0-alpha.1.199_25278540780516 not found: manifest unknown: manifest unknown',
  ],
  [
    '2025/02/11 01:26:18 GCEMetadataScripts: windows-startup-script-ps1: Exception caught in script:',
    '2025/02/11 01:26:18 GCEMetadataScripts: windows-startup-script-ps1: At C:\\k8s-node-setup.psm1:383 char:32',
    '2025/02/11 01:26:18 GCEMetadataScripts: windows-startup-script-ps1: +   $filename = Split-Path -leaf $urls[0]',
    "2025/02/11 01:26:18 GCEMetadataScripts: windows-startup-script-ps1: Kubernetes Windows node setup failed: Cannot bind argument to parameter 'Path' because it is an empty string.",
  ],
  ['    Last State:     Terminated', '      Reason:       OOMKilled', '      Exit Code:    137'],
  ['--- FAIL: TestReconcileKubeadmConfig (12.03s)'],
];

/** Writes about `bytes` bytes to `path`; failures go in at 20%, 35%, 50%, 65% and 80%. */
export function generateLog(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const block = 4 * 1024 * 1024;
  let written = 0;
  let n = 0;
  let next = 0;
  try {
    while (written < bytes) {
      const lines: string[] = [];
      let size = 0;
      while (size < block) {
        const line = TEMPLATES[(n * 7919) % TEMPLATES.length]!(n);
        lines.push(line);
        size += line.length + 1;
        n++;
      }
      if (next < BURIED_FAILURES.length && written + size >= bytes * (0.2 + 0.15 * next))
        lines.push(...BURIED_FAILURES[next++]!);
      const buf = Buffer.from(`${lines.join('\n')}\n`);
      writeSync(fd, buf);
      written += buf.length;
    }
  } finally {
    closeSync(fd);
  }
}
