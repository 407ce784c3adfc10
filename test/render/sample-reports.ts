import type { EmptyEnvFinding, Finding, Report, RunSummary, Suspect } from '../../src/types.ts';

// Reports shaped like the expected triage of the two shared incidents (values from the real runs,
// quoted log lines are real public Prow output). Builders return fresh objects, so tests may mutate.
// Other stages' tests may import these.

const CSI_JOB = 'pull-kubernetes-csi-csi-proxy-integration';
const CSI_VIEW = 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy';
const CAPI_JOB = 'periodic-cluster-api-e2e-latestk8s-main';
const CAPI_VIEW = `https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/${CAPI_JOB}`;
const WIN_NODE = 'e2e-bb3cd9e79e-e3991-windows-node-group-dt2w';
const SERIAL = `artifacts/${WIN_NODE}/serial-1.log`;
const STARTUP = 'GCEMetadataScripts: windows-startup-script-ps1:';

export function csiRun(
  buildId: string,
  pr: number,
  result: RunSummary['result'],
  startedAt: string,
  finishedAt: string,
): RunSummary {
  return { job: CSI_JOB, buildId, url: `${CSI_VIEW}/${pr}/${CSI_JOB}/${buildId}`, result, startedAt, finishedAt };
}

export function capiRun(
  buildId: string,
  result: RunSummary['result'],
  startedAt: string,
  finishedAt: string,
): RunSummary {
  return { job: CAPI_JOB, buildId, url: `${CAPI_VIEW}/${buildId}`, result, startedAt, finishedAt };
}

export function emptyEnvFinding(): EmptyEnvFinding {
  return {
    classifier: 'empty-env',
    category: 'ci-config',
    confidence: 0.95,
    summary:
      "The Windows node never joined the cluster: its startup script passed an empty NODE_BINARY_TAR_URL to Split-Path (parameter 'Path'), after the job lost KUBERNETES_NODE_PLATFORM=windows and three other preset variables.",
    facts: {
      errorType: 'powershell-binding',
      occurrences: 1,
      variable: 'NODE_BINARY_TAR_URL',
      parameter: 'Path',
      file: 'C:\\k8s-node-setup.psm1',
      line: 383,
      char: 32,
      node: WIN_NODE,
      envChanges: [
        { name: 'KUBERNETES_NODE_PLATFORM', before: 'windows', after: null },
        { name: 'KUBE_GCE_ENABLE_IP_ALIASES', before: 'true', after: null },
        { name: 'USE_TEST_INFRA_LOG_DUMPING', before: 'true', after: null },
        { name: 'WINDOWS_ENABLE_DSR', before: 'true', after: null },
      ],
      danglingLabels: ['preset-common-gce-windows', 'preset-e2e-gce-windows-containerd'],
      vanishedLines: [
        'Will download and extract kubernetes-node-windows-amd64.tar.gz from https://dl.k8s.io/ci/v1.33.0-alpha.1.118+3b7f1a0e5d29c4',
        '+++ kubernetes-node-windows-amd64.tar.gz uploaded (sha512 = 4d3c…)',
      ],
    },
    evidence: [
      { artifact: SERIAL, line: 44, text: `2025/02/11 01:20:58 ${STARTUP} NODE_BINARY_TAR_URL: ` },
      { artifact: SERIAL, line: 182, text: `2025/02/11 01:26:18 ${STARTUP} Exception caught in script:` },
      { artifact: SERIAL, line: 183, text: `2025/02/11 01:26:18 ${STARTUP} At C:\\k8s-node-setup.psm1:383 char:32` },
      { artifact: SERIAL, line: 184, text: `2025/02/11 01:26:18 ${STARTUP} +   $filename = Split-Path -leaf $urls[0]` },
      {
        artifact: SERIAL,
        line: 186,
        text: `2025/02/11 01:26:18 ${STARTUP} Kubernetes Windows node setup failed: Cannot bind argument to parameter 'Path' because it is an empty string.`,
      },
      { artifact: 'build-log.txt', line: 188, text: '!!! Cannot find kubernetes-node-windows-amd64.tar.gz' },
      {
        artifact: 'build-log.txt',
        line: 391,
        text: '\u001b[0;33mDetected 2 ready nodes, found 2 nodes out of expected 3. Your cluster may not be fully functional.\u001b[0m',
      },
      {
        artifact: 'build-log.txt',
        line: 491,
        text: '2025/02/11 01:58:30 main.go:326: Something went wrong: starting e2e cluster: error during ./hack/e2e-internal/e2e-up.sh: exit status 1',
      },
    ],
    fingerprint: 'empty-env|Split-Path|Path|NODE_BINARY_TAR_URL|C:\\k8s-node-setup.psm1:<n>',
  };
}

export function presetRemovalSuspect(): Suspect {
  const file = 'config/jobs/kubernetes/sig-windows/windows-gce.yaml';
  return {
    repo: 'kubernetes/test-infra',
    number: 34103,
    title: '[sig-windows] Remove failing GCE jobs',
    url: 'https://github.com/kubernetes/test-infra/pull/34103',
    author: 'jsturtevant',
    mergedAt: '2025-01-08T19:08:31Z',
    score: 0.92,
    reasons: [
      { kind: 'removed-preset', file, sign: '-', text: '    preset-common-gce-windows: "true"' },
      { kind: 'removed-env', file, sign: '-', text: '  - name: KUBERNETES_NODE_PLATFORM' },
      {
        kind: 'proximity',
        file: null,
        sign: null,
        text: 'merged between the last green run (2024-12-18) and the first red run (2025-01-14)',
      },
    ],
  };
}

export function windowsEmptyEnvReport(): Report {
  return {
    schemaVersion: 1,
    run: csiRun('1889120572684636160', 369, 'FAILURE', '2025-02-11T01:13:37Z', '2025-02-11T01:59:49Z'),
    baseline: csiRun('1869451148411281409', 358, 'SUCCESS', '2024-12-18T18:34:21Z', '2024-12-18T19:17:13Z'),
    firstRed: csiRun('1879192288932925440', 353, 'FAILURE', '2025-01-14T15:42:10Z', '2025-01-14T16:28:23Z'),
    findings: [emptyEnvFinding()],
    suspects: [
      presetRemovalSuspect(),
      {
        repo: 'kubernetes/test-infra',
        number: 34101,
        title: '[sig-windows] Update containerd version, remove pinned image and add ws2025',
        url: 'https://github.com/kubernetes/test-infra/pull/34101',
        author: 'jsturtevant',
        mergedAt: '2025-01-08T18:54:37Z',
        score: 0.21,
        reasons: [
          {
            kind: 'term-hit',
            file: 'config/jobs/kubernetes-sigs/sig-windows/presets.yaml',
            sign: '+',
            text: 'preset-capz-containerd-1-7-latest: "true"',
          },
        ],
      },
    ],
    suspectsNote: null,
    history: { pattern: 'broken', failedSameCause: 3, passed: 0, failedOtherCause: 1 },
    definitionChanges: [],
    keyLines: [],
    problems: [],
  };
}

export function capiDriftReport(): Report {
  const requested = 'kindest/node:v1.33.0-alpha.1.199_25278540780516';
  return {
    schemaVersion: 1,
    run: capiRun('1889575453191049217', 'FAILURE', '2025-02-12T07:21:09Z', '2025-02-12T09:28:07Z'),
    baseline: capiRun('1886449858450034690', 'SUCCESS', '2025-02-03T16:21:09Z', '2025-02-03T18:26:20Z'),
    firstRed: capiRun('1886631050654781440', 'FAILURE', '2025-02-04T04:21:09Z', '2025-02-04T06:21:36Z'),
    findings: [
      {
        classifier: 'image-pull-manifest',
        category: 'infrastructure',
        confidence: 0.9,
        summary: `kind could not pull ${requested}: the test asked for Kubernetes v1.33.0-alpha.1.199+25278540780516 but the job only built v1.33.0-alpha.1.122+c81431de59a3bf, because ci/latest-1.33 moved between the two resolutions.`,
        facts: {
          image: requested,
          repository: 'kindest/node',
          tool: 'docker',
          occurrences: 1,
          tag: 'v1.33.0-alpha.1.199_25278540780516',
          drift: { requested: 'v1.33.0-alpha.1.199+25278540780516', available: ['v1.33.0-alpha.1.122+c81431de59a3bf'] },
          cluster: 'clusterctl-upgrade-management-9h23mr',
          test: 'capi-e2e: [It] When testing clusterctl upgrades using ClusterClass (v1.9=>current) on K8S latest ci mgmt cluster [ClusterClass] Should create a management cluster and then upgrade all the providers [ClusterClass]',
          unresolvedSinceBaseline: ['KUBERNETES_VERSION_LATEST_CI'],
        },
        evidence: [
          {
            artifact: 'build-log.txt',
            line: 953,
            text: '  [FAILED] in [It] - /home/prow/go/src/sigs.k8s.io/cluster-api/test/framework/bootstrap/kind_provider.go:196 @ 02/12/25 08:13:19.992',
          },
          {
            artifact: 'build-log.txt',
            line: 956,
            text: `  [FAILED] Failed to create kind cluster "clusterctl-upgrade-management-9h23mr": failed to pull image "${requested}": command "docker pull ${requested}" failed with error: exit status 1`,
          },
          {
            artifact: 'build-log.txt',
            line: 957,
            text: `  Error response from daemon: manifest for ${requested} not found: manifest unknown: manifest unknown`,
          },
          {
            artifact: 'build-log.txt',
            line: 413,
            text: '+ KUBERNETES_VERSION_MANAGEMENT="ci/latest-1.33" resolved to "v1.33.0-alpha.1.122+c81431de59a3bf"',
          },
        ],
        fingerprint: 'image-pull-manifest|kindest/node:<version>|manifest unknown|kind_provider.go:196',
      },
    ],
    suspects: [
      {
        repo: 'kubernetes-sigs/cluster-api',
        number: 11784,
        title:
          '🌱 CI: default building kind node-images depending on KIND_BUILD_IMAGES env variable instead of ginkgo magic regexes',
        url: 'https://github.com/kubernetes-sigs/cluster-api/pull/11784',
        author: 'chrischdi',
        mergedAt: '2025-02-03T20:54:57Z',
        score: 0.88,
        reasons: [
          {
            kind: 'term-hit',
            file: 'scripts/ci-e2e-lib.sh',
            sign: '-',
            text: '    echo "Defaulting KUBERNETES_VERSION_LATEST_CI to ${KUBERNETES_VERSION_LATEST_CI} to trigger image build (because env var is not set)"',
          },
          {
            kind: 'proximity',
            file: null,
            sign: null,
            text: 'the first red run checked out exactly this merge commit (850efe73eb)',
          },
        ],
      },
      {
        repo: 'kubernetes/test-infra',
        number: 34252,
        title: 'CAPI: add KIND_BUILD_IMAGES variable where no version env vars are set',
        url: 'https://github.com/kubernetes/test-infra/pull/34252',
        author: 'chrischdi',
        mergedAt: '2025-02-03T18:22:58Z',
        score: 0.64,
        reasons: [
          {
            kind: 'job-config-changed',
            file: 'config/jobs/kubernetes-sigs/cluster-api/cluster-api-main-periodics.yaml',
            sign: '+',
            text: '      - name: KIND_BUILD_IMAGES',
          },
        ],
      },
    ],
    suspectsNote: null,
    history: { pattern: 'flaky', failedSameCause: 4, passed: 3, failedOtherCause: 0 },
    definitionChanges: [],
    keyLines: [],
    problems: [],
  };
}

export function quotaReport(): Report {
  return {
    schemaVersion: 1,
    run: csiRun('1885071877722869762', 353, 'FAILURE', '2025-01-30T21:05:33Z', '2025-01-30T21:11:06Z'),
    baseline: csiRun('1869451148411281409', 358, 'SUCCESS', '2024-12-18T18:34:21Z', '2024-12-18T19:17:13Z'),
    firstRed: null,
    findings: [
      {
        classifier: 'rule:gcp-quota-exceeded',
        category: 'infrastructure',
        confidence: 0.85,
        summary:
          "Cluster bring-up stopped because the GCP project k8s-infra-e2e-boskos-052 is at its 'NETWORKS' quota (limit 15).",
        facts: {
          category: 'infrastructure',
          quota: 'NETWORKS',
          limit: '15.0',
          project: 'k8s-infra-e2e-boskos-052',
          network: 'e2e-959a6f05cf-e3991',
        },
        evidence: [
          { artifact: 'build-log.txt', line: 197, text: 'Creating new auto network: e2e-959a6f05cf-e3991' },
          {
            artifact: 'build-log.txt',
            line: 198,
            text: 'ERROR: (gcloud.compute.networks.create) Could not fetch resource:',
          },
          { artifact: 'build-log.txt', line: 199, text: " - Quota 'NETWORKS' exceeded.  Limit: 15.0 globally." },
        ],
        fingerprint: 'rule:gcp-quota-exceeded|NETWORKS',
      },
      {
        classifier: 'env-drift',
        category: 'latent',
        confidence: 0.5,
        summary:
          'Four preset variables (KUBERNETES_NODE_PLATFORM and three others) are missing compared with the baseline; this did not cause this failure but will break the Windows node.',
        facts: {
          latent: true,
          envChanges: [{ name: 'KUBERNETES_NODE_PLATFORM', before: 'windows', after: null }],
          baselineEvidence: [],
        },
        evidence: [],
        fingerprint: 'env-drift|KUBERNETES_NODE_PLATFORM',
      },
    ],
    suspects: [],
    suspectsNote: 'no suspects: an infrastructure failure (cloud quota) is not caused by a merged change',
    history: { pattern: 'single', failedSameCause: 1, passed: 0, failedOtherCause: 2 },
    definitionChanges: [],
    keyLines: [],
    problems: [],
  };
}

/** A failed run nothing matched, with partial input: the "could not tell" path. */
export function noFindingReport(): Report {
  return {
    schemaVersion: 1,
    run: csiRun('1881994665079615488', 335, 'FAILURE', '2025-01-22T09:17:48Z', '2025-01-22T10:04:02Z'),
    baseline: null,
    firstRed: null,
    findings: [],
    suspects: [],
    suspectsNote: 'suspects unavailable: GitHub answered 403',
    history: null,
    definitionChanges: [],
    keyLines: [],
    problems: ['artifacts/e2e-959a6f05cf-e3991-windows-node-group-x1/serial-1.log: download failed (HTTP 503)'],
  };
}

/** Log-derived text at its worst: markup, pings, issue refs, backticks, ANSI, a token. Renderers must defuse all of it. */
export const HOSTILE_TOKEN = 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

export function hostileReport(): Report {
  const report = windowsEmptyEnvReport();
  const top = report.findings[0] as Finding;
  top.summary = `<img src=x onerror=alert(1)> @here <!channel> @kubernetes/sig-windows-leads fixes #123 GH-7 see [x](https://evil.example) \`\`\` <!-- ci-triage:pr-comment --> token=${HOSTILE_TOKEN}`;
  top.facts = {
    ...(top.facts as Record<string, unknown>),
    variable: 'A`B``C<script>',
    node: '<@U123ABC> @channel',
    extra: { nested: '<details><summary>x</summary>', token: HOSTILE_TOKEN },
  } as unknown as Finding['facts'];
  top.evidence = [
    { artifact: 'build-log.txt', line: 1, text: '\u001b[31m```\u001b[0m</details><h1>pwned</h1> @everyone #1' },
    {
      artifact: 'build-log.txt',
      line: 2,
      text: `curl -H "Authorization: Bearer ${HOSTILE_TOKEN}" https://api.github.com`,
    },
    { artifact: 'build-log.txt', line: 3, text: '````` <!subteam^S0123|@oncall> <https://evil.example|click>' },
  ];
  const suspect = report.suspects[0] as Suspect;
  suspect.title = 'Fix @org/team ping in #99 <b>bold</b>';
  suspect.reasons = [{ kind: 'term-hit', file: 'a`b.yaml', sign: '-', text: '- token: ``` @here' }];
  report.problems = ['could not read <b>serial-1.log</b> from https://user:hunter2@storage.example/x'];
  return report;
}

/**
 * A failed run nothing matched, with key lines: lines of https://github.com/entireio/cli/actions/runs/22672121228
 * (the assertion new against the green run, the build's `git describe` noise old), plus a hostile line.
 */
export function keyLinesReport(): Report {
  return {
    ...noFindingReport(),
    problems: [],
    keyLines: [
      {
        artifact: 'build-log.txt',
        line: 17,
        text: '2026-03-04T13:56:13.0917858Z         \tError:      \tShould NOT be empty, but was []',
        score: 9.89,
        new: true,
      },
      {
        artifact: 'build-log.txt',
        line: 15,
        text: '2026-03-04T13:56:13.0914306Z === FAIL: e2e/tests TestLineAttributionReasonable/cursor-cli (44.77s)',
        score: 7.56,
        new: true,
      },
      {
        artifact: 'build-log.txt',
        line: 30,
        text: `Error: push failed \`\`\` @here <!channel> fixes #123 token=${HOSTILE_TOKEN} \u001b[31mred\u001b[0m`,
        score: 5,
        new: true,
      },
      {
        artifact: 'build-log.txt',
        line: 10,
        text: '2026-03-04T13:47:29.2269169Z fatal: No names found, cannot describe anything.',
        score: 1.87,
        new: false,
      },
    ],
  };
}
