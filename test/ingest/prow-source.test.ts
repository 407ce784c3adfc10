// The same fixture tree read two ways: as a local mirror and through the loopback GCS fake.
import { IngestError, resolveSource, type SourceOptions } from '../../src/ingest/index.ts';
import { startGcsServer, type GcsServer } from '../helpers/gcs-server.ts';
import {
  BUCKET,
  FAST_HTTP,
  FIXTURE_ROOT,
  IMAGE_PULL_RUN,
  localPath,
  NEWEST_PRESUBMIT,
  readText,
  TRUNCATED_FINISHED,
} from './ingest-helpers.ts';

let server: GcsServer;

beforeAll(async () => {
  server = await startGcsServer({ root: FIXTURE_ROOT });
});

afterAll(async () => {
  await server.close();
});

type Mode = 'local' | 'gcs';
const modes: Mode[] = ['local', 'gcs'];

function open(mode: Mode, key: string, extra: SourceOptions = {}) {
  const opts = { prowUrl: 'https://prow.example.test', http: FAST_HTTP, ...extra };
  if (mode === 'local') return resolveSource(localPath(key), opts);
  return resolveSource(`gs://${BUCKET}/${key}`, { ...opts, gcsUrl: server.url });
}

describe.each(modes)('Prow run over %s', (mode) => {
  it('builds RunInfo of a presubmit from prowjob, started and finished', async () => {
    const source = open(mode, NEWEST_PRESUBMIT);

    const { info, problems } = await source.load();

    expect(problems).toEqual([]);
    expect(info).toEqual({
      job: 'pull-demo-unit',
      jobType: 'presubmit',
      buildId: '1880000000000000404',
      url: `https://prow.example.test/view/gs/${BUCKET}/${NEWEST_PRESUBMIT}`,
      result: 'FAILURE',
      startedAt: '2025-02-11T18:53:20Z',
      finishedAt: '2025-02-11T19:05:20Z',
      repo: 'example-org/demo',
      pull: 15,
      refs: [
        {
          org: 'example-org',
          repo: 'demo',
          baseRef: 'main',
          baseSha: '1111111111111111111111111111111111111111',
          pulls: [{ number: 15, sha: 'd'.repeat(40), author: 'bob', title: 'Bump the base image' }],
        },
        { org: 'example-org', repo: 'test-tools', baseRef: 'master', baseSha: null, pulls: [] },
      ],
      env: [
        { name: 'GOPROXY', value: 'https://proxy.golang.org' },
        { name: 'DEMO_CACHE_URL', value: 'https://cache.example.test/demo' },
        { name: 'EMPTY_KNOB', value: '' },
        { name: 'POD_NAME', value: null },
      ],
      labels: expect.objectContaining({ 'preset-demo-cache': 'true', 'prow.k8s.io/type': 'presubmit' }),
      image: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250205-f1f3519e6b-master',
      commit: `${'e'.repeat(39)}4`,
      jobConfigPath: null,
      definition: {
        source: 'prowjob.json',
        fields: expect.objectContaining({
          job: 'pull-demo-unit',
          labels: expect.objectContaining({ 'preset-demo-cache': 'true' }),
          pod_spec: expect.objectContaining({
            containers: [
              expect.objectContaining({
                image: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250205-f1f3519e6b-master',
              }),
            ],
          }),
        }),
      },
      prowStatus: expect.objectContaining({ state: expect.any(String) }),
    });
  });

  it('lists the build log first, then text artifacts sorted, skipping binaries', async () => {
    const { logs } = await open(mode, NEWEST_PRESUBMIT).load();

    expect(logs.map((log) => log.name)).toEqual([
      'build-log.txt',
      'artifacts/e2e-node-1/kubelet.log',
      'artifacts/e2e-node-1/serial-1.log',
      'artifacts/junit_01.xml',
      'artifacts/metadata/version',
    ]);
    expect(logs[0]?.size).toBeGreaterThan(100);
  });

  it('opens a fresh stream on every open() call', async () => {
    const { logs } = await open(mode, NEWEST_PRESUBMIT).load();
    const buildLog = logs[0]!;

    const first = await readText(buildLog);
    const second = await readText(buildLog);

    expect(first).toContain('--- FAIL: TestFetchRetries');
    expect(second).toBe(first);
  });

  it('caps the artifacts and says so', async () => {
    const { logs, problems } = await open(mode, NEWEST_PRESUBMIT, { maxArtifacts: 2 }).load();

    expect(logs.map((log) => log.name)).toEqual([
      'build-log.txt',
      'artifacts/e2e-node-1/kubelet.log',
      'artifacts/e2e-node-1/serial-1.log',
    ]);
    expect(problems).toEqual(['artifacts: kept the first 2 of 4 text files']);
  });

  it('lists presubmit history from pr-logs/directory, older runs newest first', async () => {
    const history = await open(mode, NEWEST_PRESUBMIT).history();

    expect(history?.map(({ buildId, result, startedAt }) => ({ buildId, result, startedAt }))).toEqual([
      { buildId: '1880000000000000303', result: 'SUCCESS', startedAt: '2025-02-10T15:06:40Z' },
      { buildId: '1880000000000000202', result: 'FAILURE', startedAt: '2025-02-09T11:20:00Z' },
      { buildId: '1880000000000000101', result: 'SUCCESS', startedAt: '2025-02-08T07:33:20Z' },
    ]);
    expect(history?.[1]?.url).toBe(
      `https://prow.example.test/view/gs/${BUCKET}/pr-logs/pull/example-org_demo/12/pull-demo-unit/1880000000000000202`,
    );
  });

  it('bounds history to historyLimit', async () => {
    const history = await open(mode, NEWEST_PRESUBMIT, { historyLimit: 1 }).history();

    expect(history?.map((entry) => entry.buildId)).toEqual(['1880000000000000303']);
  });

  it('loads a history entry lazily, partial when its prowjob.json is malformed', async () => {
    const history = await open(mode, NEWEST_PRESUBMIT).history();
    const entry = history?.find((candidate) => candidate.buildId === '1880000000000000303');

    const evidence = await entry!.source.load();

    expect(evidence.problems).toEqual([
      expect.stringMatching(/^prowjob\.json is not valid JSON \(.+\); it may be truncated$/),
    ]);
    expect(evidence.info).toMatchObject({
      job: 'pull-demo-unit',
      jobType: 'presubmit',
      buildId: '1880000000000000303',
      result: 'SUCCESS',
      repo: 'example-org/demo',
      pull: 15,
      env: null,
      image: null,
      labels: {},
    });
    // Without prowjob.json the refs come from started.json `repos`.
    expect(evidence.info.refs).toEqual([
      {
        org: 'example-org',
        repo: 'demo',
        baseRef: 'main',
        baseSha: '1'.repeat(40),
        pulls: [{ number: 15, sha: 'c'.repeat(40), author: null, title: null }],
      },
    ]);
  });

  it('reports an image pull failure through podinfo.json when there is no build log', async () => {
    const evidence = await open(mode, IMAGE_PULL_RUN).load();

    expect(evidence.logs).toEqual([]);
    expect(evidence.problems).toEqual([
      'build-log.txt is missing: the job printed nothing (look at the pod info for why)',
    ]);
    expect(evidence.info).toMatchObject({ jobType: 'periodic', result: 'ERROR', repo: 'example-org/demo', pull: null });
    expect(evidence.podInfo?.containerStatuses.find((status) => status.name === 'test')).toEqual({
      name: 'test',
      image: 'gcr.io/k8s-staging-test-infra/kubekins-e2e:v20250211-0badc0ffee-master',
      waitingReason: 'ErrImagePull',
      waitingMessage: expect.stringContaining('failed to pull and unpack image'),
      terminatedReason: null,
      exitCode: null,
      terminatedMessage: null,
      init: false,
    });
    const pullEvent = evidence.podInfo?.events.find((event) => event.message.startsWith('Failed to pull image'));
    expect(pullEvent).toMatchObject({ reason: 'Failed', type: 'Warning', time: '2025-02-15T06:23:21Z' });
    expect(pullEvent?.message).toMatch(/manifest unknown$/);
    expect(evidence.podInfo?.events.map((event) => event.message)).toContain('Error: ImagePullBackOff');
  });

  it('falls back to the ProwJob state when finished.json is truncated', async () => {
    const evidence = await open(mode, TRUNCATED_FINISHED).load();

    expect(evidence.problems).toEqual([expect.stringMatching(/^finished\.json is not valid JSON/)]);
    expect(evidence.info.result).toBe('FAILURE');
    expect(evidence.info.finishedAt).toBe('2025-02-14T03:28:20Z');
  });

  it('lists periodic history from logs/<job>/, ignoring non-build folders', async () => {
    const history = await open(mode, IMAGE_PULL_RUN).history();

    expect(history?.map(({ buildId, result }) => ({ buildId, result }))).toEqual([
      { buildId: '1890000000000000022', result: 'UNKNOWN' },
      { buildId: '1890000000000000011', result: 'SUCCESS' },
    ]);
    await expect(history?.[1]?.source.load()).resolves.toMatchObject({
      info: { result: 'SUCCESS', commit: 'f'.repeat(40) },
    });
  });
});

describe('Prow run not found', () => {
  it('is a permanent not-found error over GCS', async () => {
    const source = open('gcs', 'logs/periodic-demo-e2e/1890000000000000099');

    const failure = source.load();

    await expect(failure).rejects.toBeInstanceOf(IngestError);
    await expect(failure).rejects.toMatchObject({ code: 'not-found', permanent: true });
  });

  it('is a permanent not-found error for a missing local folder', () => {
    expect(() => open('local', 'logs/periodic-demo-e2e/1890000000000000099')).toThrow(
      expect.objectContaining({ code: 'not-found', permanent: true }),
    );
  });
});
