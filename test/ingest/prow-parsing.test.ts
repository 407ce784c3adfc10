import { findOlderRuns, type Window } from '../../src/ingest/prow/history-window.ts';
import { parsePodInfo } from '../../src/ingest/prow/pod-info.ts';
import { refsFromStarted } from '../../src/ingest/prow/refs.ts';
import { resultOf } from '../../src/ingest/prow/run-info.ts';
import { compareBuildIds, parseRunPath } from '../../src/ingest/prow/run-path.ts';

describe('parseRunPath', () => {
  it.each([
    [
      'pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160/',
      {
        job: 'pull-kubernetes-csi-csi-proxy-integration',
        buildId: '1889120572684636160',
        jobType: 'presubmit',
        repo: 'kubernetes-csi/csi-proxy',
        pull: 369,
      },
    ],
    // Prow leaves out org_repo for kubernetes/kubernetes.
    [
      'pr-logs/pull/130000/pull-kubernetes-unit/1/',
      { job: 'pull-kubernetes-unit', buildId: '1', jobType: 'presubmit', repo: 'kubernetes/kubernetes', pull: 130000 },
    ],
    [
      'pr-logs/pull/batch/pull-kubernetes-e2e/7/',
      { job: 'pull-kubernetes-e2e', buildId: '7', jobType: 'batch', repo: null, pull: null },
    ],
    [
      'logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217/',
      {
        job: 'periodic-cluster-api-e2e-latestk8s-main',
        buildId: '1889575453191049217',
        jobType: 'periodic',
        repo: null,
        pull: null,
      },
    ],
    [
      'logs/post-test-infra-push-images/12/',
      { job: 'post-test-infra-push-images', buildId: '12', jobType: 'postsubmit', repo: null, pull: null },
    ],
    [
      'logs/ci-kubernetes-e2e-gce/12',
      { job: 'ci-kubernetes-e2e-gce', buildId: '12', jobType: 'periodic', repo: null, pull: null },
    ],
    ['my-job/3/', { job: 'my-job', buildId: '3', jobType: 'unknown', repo: null, pull: null }],
  ])('%s', (key, expected) => {
    expect(parseRunPath(key)).toEqual(expected);
  });
});

describe('compareBuildIds', () => {
  it('orders numerically, not as text', () => {
    const ids = ['1889120572684636160', '999', '1866928716358094851', '10000'];

    expect([...ids].sort(compareBuildIds)).toEqual(['999', '10000', '1866928716358094851', '1889120572684636160']);
  });
});

describe('refsFromStarted', () => {
  it('reads presubmit and periodic `repos`', () => {
    const started = {
      repos: {
        'kubernetes-csi/csi-proxy':
          'master:154e6db9f3bb28b0db7d6859f10aee0b02b5c730,369:88f354215f157c404a98216f3f530a0f2616c0be',
        'kubernetes/kubernetes': 'master',
        'not-a-repo': 'main',
      },
    };

    expect(refsFromStarted(started)).toEqual([
      {
        org: 'kubernetes-csi',
        repo: 'csi-proxy',
        baseRef: 'master',
        baseSha: '154e6db9f3bb28b0db7d6859f10aee0b02b5c730',
        pulls: [{ number: 369, sha: '88f354215f157c404a98216f3f530a0f2616c0be', author: null, title: null }],
      },
      { org: 'kubernetes', repo: 'kubernetes', baseRef: 'master', baseSha: null, pulls: [] },
    ]);
  });
});

describe('resultOf', () => {
  it.each([
    [{ result: 'SUCCESS', passed: true }, null, 'SUCCESS'],
    [{ result: 'ABORTED' }, null, 'ABORTED'],
    [{ passed: false }, null, 'FAILURE'],
    [{ passed: true }, null, 'SUCCESS'],
    [null, { status: { state: 'error' } }, 'ERROR'],
    [null, { status: { state: 'pending' } }, 'PENDING'],
    [{ result: 'weird' }, { status: { state: 'aborted' } }, 'ABORTED'],
    [null, null, 'UNKNOWN'],
  ])('finished %j, prowjob %j -> %s', (finished, prowjob, expected) => {
    expect(resultOf(finished, prowjob)).toBe(expected);
  });
});

describe('parsePodInfo', () => {
  it('reads init and regular container statuses and event times', () => {
    const info = parsePodInfo({
      pod: {
        status: {
          initContainerStatuses: [{ name: 'clonerefs', state: { terminated: { reason: 'Error', exitCode: 1 } } }],
          containerStatuses: [
            {
              name: 'test',
              image: 'img:1',
              state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "img:1"' } },
            },
            { state: {} },
          ],
        },
      },
      events: [
        { reason: 'Failed', message: 'Error: ErrImagePull', eventTime: '2025-02-11T01:13:40.123456Z' },
        { type: 'Normal' },
      ],
    });

    expect(info).toEqual({
      containerStatuses: [
        {
          name: 'clonerefs',
          image: null,
          waitingReason: null,
          waitingMessage: null,
          terminatedReason: 'Error',
          exitCode: 1,
          terminatedMessage: null,
          init: true,
        },
        {
          name: 'test',
          image: 'img:1',
          waitingReason: 'ImagePullBackOff',
          waitingMessage: 'Back-off pulling image "img:1"',
          terminatedReason: null,
          exitCode: null,
          terminatedMessage: null,
          init: false,
        },
      ],
      events: [
        {
          reason: 'Failed',
          message: 'Error: ErrImagePull',
          type: null,
          time: '2025-02-11T01:13:40.123Z',
          fieldPath: null,
        },
      ],
      phase: null,
      reason: null,
      message: null,
    });
  });
});

describe('findOlderRuns', () => {
  const ids = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => String(1880000000000000000n + BigInt(from + i) * 10n ** 14n));
  const windowOf =
    (all: string[], truncated: boolean) =>
    (start: string, maxPages?: number): Promise<Window> => {
      calls.push(`${start}|${maxPages ?? ''}`);
      const matching = all.filter((id) => id.startsWith(start));
      const shown = truncated && start === '' ? matching.slice(0, 3) : matching;
      return Promise.resolve({
        candidates: shown.map((buildId) => ({ buildId, locate: async () => null })),
        truncated: truncated && start === '',
      });
    };
  let calls: string[];

  beforeEach(() => {
    calls = [];
  });

  it('uses one bounded listing when the whole job fits', async () => {
    const all = ids(0, 5);

    const older = await findOlderRuns(windowOf(all, false), all[5]!, 50);

    expect(older.map((c) => c.buildId)).toEqual(all.slice(0, 5));
    expect(calls).toEqual(['|3']);
  });

  it('switches to windows of shared leading digits when the listing is cut', async () => {
    // 1880.., 1881.., ... 1889..: the current id is in the 1889 window with two older runs.
    const all = ids(0, 95);
    const current = all.at(-1)!;

    const older = await findOlderRuns(windowOf(all, true), current, 2);

    expect(calls).toEqual(['|3', `${current.slice(0, 4)}|`]);
    expect(
      older
        .map((c) => c.buildId)
        .sort()
        .at(-1),
    ).toBe(all.at(-2));
    expect(older.length).toBeGreaterThanOrEqual(2);
  });

  it('widens the window until enough older runs are found', async () => {
    const all = ids(0, 95);
    const current = all.at(-1)!;

    const older = await findOlderRuns(windowOf(all, true), current, 40);

    expect(calls).toEqual(['|3', `${current.slice(0, 4)}|`, `${current.slice(0, 3)}|`]);
    expect(older).toHaveLength(95);
  });
});
