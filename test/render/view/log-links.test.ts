import { evidenceUrl, rerunHint } from '../../../src/render/view/index.ts';
import type { RunSummary } from '../../../src/types.ts';

const PROW =
  'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160';
const ACTIONS_JOB = 'https://github.com/kubernetes-sigs/kind/actions/runs/13211043093/job/36884467389';

function run(over: Partial<RunSummary>): RunSummary {
  return { job: 'j', buildId: '1', url: PROW, result: 'FAILURE', startedAt: null, finishedAt: null, ...over };
}

describe('evidenceUrl', () => {
  it("anchors build-log lines the way Spyglass's build-log lens links a line", () => {
    expect(evidenceUrl(PROW, 'build-log.txt', 188)).toBe(`${PROW}#1:build-log.txt%3A188`);
    expect(evidenceUrl(`${PROW}?lens=buildlog`, 'build-log.txt', 2)).toBe(`${PROW}#1:build-log.txt%3A2`);
  });

  it('opens other artifacts in gcsweb for prow.k8s.io, and links nothing for an unknown deck host', () => {
    expect(evidenceUrl(PROW, 'artifacts/node 1/serial-1.log', 44)).toBe(
      'https://gcsweb.k8s.io/gcs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160/artifacts/node%201/serial-1.log',
    );
    expect(evidenceUrl('https://prow.example.org/view/gs/b/logs/j/1', 'artifacts/x.log', 1)).toBeNull();
    expect(evidenceUrl(PROW, 'artifacts/../../secret', 1)).toBeNull();
  });

  it("links an Actions job's log page, and nothing for a whole run or an unknown host", () => {
    expect(evidenceUrl(ACTIONS_JOB, 'test (ubuntu).log', 10)).toBe(ACTIONS_JOB);
    expect(evidenceUrl('https://github.com/o/r/actions/runs/5', 'x.log', 1)).toBeNull();
    expect(evidenceUrl('https://ci.example.org/builds/1', 'build-log.txt', 1)).toBeNull();
    expect(evidenceUrl(null, 'build-log.txt', 1)).toBeNull();
  });
});

describe('rerunHint', () => {
  it('gives /test <job> for a Prow presubmit', () => {
    expect(rerunHint(run({ job: 'pull-kubernetes-csi-csi-proxy-integration', jobType: 'presubmit' }))).toEqual({
      kind: 'command',
      command: '/test pull-kubernetes-csi-csi-proxy-integration',
    });
    // Older reports have no job type: a pr-logs path is a presubmit.
    expect(rerunHint(run({ job: 'pull-x' }))?.kind).toBe('command');
  });

  it("points periodics at Prow's run page, and Actions at the run page's Re-run jobs", () => {
    const periodic = 'https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1';
    expect(rerunHint(run({ url: periodic, jobType: 'periodic' }))).toEqual({
      kind: 'link',
      label: 'Rerun on Prow',
      url: periodic,
    });
    expect(rerunHint(run({ url: ACTIONS_JOB, jobType: 'workflow' }))).toEqual({
      kind: 'link',
      label: 'Re-run jobs',
      url: 'https://github.com/kubernetes-sigs/kind/actions/runs/13211043093',
    });
  });

  it('offers no /test for a job name that would not be one command word', () => {
    expect(rerunHint(run({ job: 'pull x; /lgtm', jobType: 'presubmit' }))?.kind).toBe('link');
    expect(rerunHint(run({ url: null }))).toBeNull();
  });
});
