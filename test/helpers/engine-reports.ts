// Sample reports made by the real engine: the project's own fixtures (test/fixtures/logs golden logs
// and test/fixtures/triage run folders) triaged by `triage()` with the shipped rule catalog and, for
// suspects, the GitHub PR exports in test/fixtures served by the loopback fake. A golden log has no
// run around it, so it is placed in a Prow run folder (prowjob.json, started/finished) in a temp dir,
// beside a green baseline run; the run's facts (job, env, labels, times) are the inputs written here,
// every finding, suspect, history verdict and definition change is what the engine makes of them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { MemoryPrCache } from '../../src/suspects/index.ts';
import { triage } from '../../src/triage.ts';
import type { TriageDeps } from '../../src/triage.ts';
import type { Report } from '../../src/types.ts';
import { makeTestOctokit, startGithubFake } from './github-fake.ts';
import type { GithubExport } from './github-fake.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PROW = 'https://prow.k8s.io';

export interface EngineReports {
  windowsEmptyEnv: Report;
  capiDrift: Report;
  quota: Report;
  noFinding: Report;
}

interface RunSpec {
  buildId: string;
  result: 'SUCCESS' | 'FAILURE';
  started: string;
  finished: string;
  env: Record<string, string>;
  labels?: Record<string, string>;
  refs?: { org: string; repo: string; base_ref: string }[];
  /** Artifact path -> golden log (or literal text). */
  logs: Record<string, { golden: string } | { text: string }>;
}

const golden = (name: string) => readFileSync(join(FIXTURES, 'logs', `${name}.log`), 'utf8');
const exportOf = (file: string) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as GithubExport;

const WIN_NODE = 'e2e-bb3cd9e79e-e3991-windows-node-group-dt2w';
const WIN_ENV = {
  KUBE_GCE_ENABLE_IP_ALIASES: 'true',
  KUBERNETES_NODE_PLATFORM: 'windows',
  USE_TEST_INFRA_LOG_DUMPING: 'true',
  WINDOWS_ENABLE_DSR: 'true',
};
const WIN_LABELS = { 'preset-common-gce-windows': 'true', 'preset-e2e-gce-windows-containerd': 'true' };
const CSI_JOB = 'pull-kubernetes-csi-csi-proxy-integration';
const CAPI_JOB = 'periodic-cluster-api-e2e-latestk8s-main';
// kubetest's lines around the Windows node failure, as Prow printed them (the real run's build-log.txt).
const WIN_BUILD_LOG = {
  text: [
    '!!! Cannot find kubernetes-node-windows-amd64.tar.gz',
    '\u001b[0;33mDetected 2 ready nodes, found 2 nodes out of expected 3. Your cluster may not be fully functional.\u001b[0m',
    '2025/02/11 01:58:30 main.go:326: Something went wrong: starting e2e cluster: error during ./hack/e2e-internal/e2e-up.sh: exit status 1',
    '',
  ].join('\n'),
};

/** Writes one periodic job's runs in Prow's GCS layout under `root/<bucket>/logs/<job>/`. */
function writeJob(root: string, job: string, runs: RunSpec[]): string {
  const jobDir = join(root, 'kubernetes-ci-logs', 'logs', job);
  for (const run of runs) {
    const dir = join(jobDir, run.buildId);
    mkdirSync(dir, { recursive: true });
    const url = `${PROW}/view/gs/kubernetes-ci-logs/logs/${job}/${run.buildId}`;
    const env = Object.entries(run.env).map(([name, value]) => ({ name, value }));
    const labels = { ...run.labels, 'prow.k8s.io/job': job, 'prow.k8s.io/type': 'periodic' };
    const spec = {
      type: 'periodic',
      job,
      ...(run.refs ? { extra_refs: run.refs } : {}),
      pod_spec: { containers: [{ image: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250209-master', env }] },
    };
    const status = {
      startTime: run.started,
      completionTime: run.finished,
      state: run.result.toLowerCase(),
      build_id: run.buildId,
      url,
    };
    writeJson(join(dir, 'prowjob.json'), { kind: 'ProwJob', metadata: { name: run.buildId, labels }, spec, status });
    writeJson(join(dir, 'started.json'), { timestamp: Date.parse(run.started) / 1000 });
    const passed = run.result === 'SUCCESS';
    writeJson(join(dir, 'finished.json'), { timestamp: Date.parse(run.finished) / 1000, passed, result: run.result });
    for (const [artifact, log] of Object.entries(run.logs)) {
      mkdirSync(join(dir, artifact, '..'), { recursive: true });
      writeFileSync(join(dir, artifact), 'golden' in log ? golden(log.golden) : log.text);
    }
  }
  return jobDir;
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value));
}

const GREEN_LOG = { text: 'Running e2e tests\nRan 12 of 12 Specs\nSUCCESS! -- 12 Passed | 0 Failed\nPASS\n' };

async function engineDeps(github: { baseUrl: string } | null, configRepos: string[]): Promise<TriageDeps> {
  return {
    sources: { prowUrl: PROW },
    catalog: await loadRuleCatalog([]),
    suspects: github ? { octokit: makeTestOctokit(github.baseUrl), cache: new MemoryPrCache(), configRepos } : null,
  };
}

async function windowsEmptyEnv(root: string): Promise<Report> {
  const serial = `artifacts/${WIN_NODE}/serial-1.log`;
  const jobDir = writeJob(root, CSI_JOB, [
    {
      buildId: '1869451148411281409',
      result: 'SUCCESS',
      started: '2024-12-18T18:34:21Z',
      finished: '2024-12-18T19:17:13Z',
      env: WIN_ENV,
      labels: WIN_LABELS,
      logs: { 'build-log.txt': GREEN_LOG },
    },
    {
      buildId: '1879192288932925440',
      result: 'FAILURE',
      started: '2025-01-14T15:42:10Z',
      finished: '2025-01-14T16:28:23Z',
      env: {},
      labels: WIN_LABELS,
      logs: { 'build-log.txt': WIN_BUILD_LOG, [serial]: { golden: 'windows-serial-empty-url' } },
    },
    {
      buildId: '1889120572684636160',
      result: 'FAILURE',
      started: '2025-02-11T01:13:37Z',
      finished: '2025-02-11T01:59:49Z',
      env: {},
      labels: WIN_LABELS,
      logs: { 'build-log.txt': WIN_BUILD_LOG, [serial]: { golden: 'windows-serial-empty-url' } },
    },
  ]);
  const github = await startGithubFake([exportOf('github/preset-removal.json')]);
  try {
    return await triage(
      { source: join(jobDir, '1889120572684636160') },
      await engineDeps(github, ['kubernetes/test-infra']),
    );
  } finally {
    await github.close();
  }
}

// The CAPI drift shape: the golden drift log flaking against green runs that resolved and built their
// kindest/node image (the golden recovered log); the repo under test is the fixture export's widget,
// whose #502 removed the KUBERNETES_VERSION_LATEST_CI defaulting inside the window.
async function capiDrift(root: string): Promise<Report> {
  const green = { 'build-log.txt': { golden: 'capi-green-recovered' } };
  const red = { 'build-log.txt': { golden: 'capi-kind-drift' } };
  const refs = [{ org: 'example-org', repo: 'widget', base_ref: 'main' }];
  const jobDir = writeJob(root, CAPI_JOB, [
    {
      buildId: '1886449858450034690',
      result: 'SUCCESS',
      started: '2025-02-03T16:21:09Z',
      finished: '2025-02-03T18:26:20Z',
      env: {},
      refs,
      logs: green,
    },
    {
      buildId: '1886631050654781440',
      result: 'FAILURE',
      started: '2025-02-04T04:21:09Z',
      finished: '2025-02-04T06:21:36Z',
      env: {},
      refs,
      logs: red,
    },
    {
      buildId: '1887900000000000000',
      result: 'SUCCESS',
      started: '2025-02-07T16:21:09Z',
      finished: '2025-02-07T18:26:20Z',
      env: {},
      refs,
      logs: green,
    },
    {
      buildId: '1889575453191049217',
      result: 'FAILURE',
      started: '2025-02-12T07:21:09Z',
      finished: '2025-02-12T09:28:07Z',
      env: {},
      refs,
      logs: red,
    },
  ]);
  const github = await startGithubFake([
    exportOf('triage/github/example-org__widget.json'),
    exportOf('triage/github/example-org__ci-config.json'),
  ]);
  try {
    return await triage(
      { source: join(jobDir, '1889575453191049217') },
      await engineDeps(github, ['example-org/ci-config']),
    );
  } finally {
    await github.close();
  }
}

async function quota(root: string): Promise<Report> {
  const job = 'ci-kubernetes-e2e-windows-gce-quota';
  const jobDir = writeJob(root, job, [
    // Between the baseline and this run the Windows presets stopped reaching the job (latent here).
    {
      buildId: '1885000000000000001',
      result: 'SUCCESS',
      started: '2025-01-29T21:05:33Z',
      finished: '2025-01-29T21:51:06Z',
      env: WIN_ENV,
      labels: WIN_LABELS,
      logs: { 'build-log.txt': GREEN_LOG },
    },
    {
      buildId: '1885071877722869762',
      result: 'FAILURE',
      started: '2025-01-30T21:05:33Z',
      finished: '2025-01-30T21:11:06Z',
      env: {},
      labels: WIN_LABELS,
      logs: { 'build-log.txt': { golden: 'gce-quota' } },
    },
  ]);
  return triage({ source: join(jobDir, '1885071877722869762'), suspects: false }, await engineDeps(null, []));
}

async function noFinding(root: string): Promise<Report> {
  // Its own bucket root: another run of the Windows job, outside that job's history.
  const jobDir = writeJob(join(root, 'no-finding'), CSI_JOB, [
    {
      buildId: '1881994665079615488',
      result: 'FAILURE',
      started: '2025-01-22T09:17:48Z',
      finished: '2025-01-22T10:04:02Z',
      env: {},
      logs: { 'build-log.txt': { text: 'Running e2e tests\nsomething went sideways\nexit status 1\n' } },
    },
  ]);
  return triage({ source: join(jobDir, '1881994665079615488'), suspects: false }, await engineDeps(null, []));
}

/** Triages the fixtures through the real engine; each report is made once per test file that asks. */
export async function generateEngineReports(): Promise<EngineReports> {
  const root = mkdtempSync(join(tmpdir(), 'ci-triage-samples-'));
  try {
    const [windowsEmptyEnvReport, capiDriftReport, quotaReport, noFindingReport] = await Promise.all([
      windowsEmptyEnv(root),
      capiDrift(root),
      quota(root),
      noFinding(root),
    ]);
    return {
      windowsEmptyEnv: windowsEmptyEnvReport,
      capiDrift: capiDriftReport,
      quota: quotaReport,
      noFinding: noFindingReport,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
