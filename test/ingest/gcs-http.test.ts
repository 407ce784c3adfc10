// GCS over HTTP against the loopback fake: pagination, retries, timeouts, truncation and concurrency.
import { resolveSource, type HttpOptions } from '../../src/ingest/index.ts';
import { startGcsServer, type GcsFault, type GcsServer } from '../helpers/gcs-server.ts';
import { BUCKET, FAST_HTTP, FIXTURE_ROOT, IMAGE_PULL_RUN, NEWEST_PRESUBMIT, readText } from './ingest-helpers.ts';

let server: GcsServer;

afterEach(async () => {
  await server?.close();
});

async function serve(faults: GcsFault[] = [], pageSize?: number) {
  server = await startGcsServer({ root: FIXTURE_ROOT, faults, pageSize });
}

function gcs(key: string, http: HttpOptions = {}) {
  return resolveSource(`gs://${BUCKET}/${key}`, { gcsUrl: server.url, http: { ...FAST_HTTP, ...http } });
}

const hitsOf = (pattern: RegExp) => server.requests.filter((request) => pattern.test(request)).length;

describe('GCS listing', () => {
  it('follows nextPageToken until the last page', async () => {
    await serve([], 2);

    const history = await gcs(NEWEST_PRESUBMIT, { listPageSize: 2 }).history();

    expect(history?.map((entry) => entry.buildId)).toEqual([
      '1880000000000000303',
      '1880000000000000202',
      '1880000000000000101',
    ]);
    const pages = server.requests.filter((request) =>
      request.includes('prefix=pr-logs%2Fdirectory%2Fpull-demo-unit%2F'),
    );
    expect(pages).toHaveLength(3);
    expect(pages.slice(1).every((request) => request.includes('pageToken='))).toBe(true);
  });

  it('lists only ids near the current run when a history directory is large', async () => {
    await serve([], 1);

    const history = await gcs(NEWEST_PRESUBMIT, { listPageSize: 1 }).history();

    expect(history?.map((entry) => entry.buildId)).toEqual([
      '1880000000000000303',
      '1880000000000000202',
      '1880000000000000101',
    ]);
    const windowed = server.requests.filter((request) =>
      request.includes('prefix=pr-logs%2Fdirectory%2Fpull-demo-unit%2F1880&'),
    );
    expect(windowed.length).toBeGreaterThan(0);
  });

  it('stops after maxListPages and reports the cut in problems', async () => {
    await serve([], 2);

    const { logs, problems } = await gcs(NEWEST_PRESUBMIT, { listPageSize: 2, maxListPages: 2 }).load();

    // Four artifacts listed (one a binary), and build-log.txt was still on the run folder's first pages.
    expect(logs.map((log) => log.name)).toEqual([
      'build-log.txt',
      'artifacts/e2e-node-1/kubelet.log',
      'artifacts/e2e-node-1/serial-1.log',
      'artifacts/junit_01.xml',
    ]);
    expect(problems).toEqual([
      'the run folder listing was cut short; some files may be missed',
      'artifacts: only the first 4 files were listed',
    ]);
  });
});

describe('GCS retries', () => {
  it('retries a 503 and succeeds', async () => {
    await serve([{ path: /1880000000000000404\/finished\.json$/, status: 503, times: 2 }]);

    const { info, problems } = await gcs(NEWEST_PRESUBMIT).load();

    expect(problems).toEqual([]);
    expect(info.result).toBe('FAILURE');
    expect(hitsOf(/1880000000000000404\/finished\.json$/)).toBe(3);
  });

  it('honours Retry-After on 429, capped by maxRetryDelayMs', async () => {
    await serve([{ path: /1880000000000000404\/started\.json$/, status: 429, retryAfter: 1, times: 1 }]);
    const started = Date.now();

    const { info } = await gcs(NEWEST_PRESUBMIT, { maxRetryDelayMs: 80 }).load();

    expect(info.commit).toBe(`${'e'.repeat(39)}4`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(hitsOf(/1880000000000000404\/started\.json$/)).toBe(2);
  });

  it('turns an exhausted optional file into a problem line', async () => {
    await serve([{ path: /1880000000000000404\/prowjob\.json$/, status: 503 }]);

    const { info, problems } = await gcs(NEWEST_PRESUBMIT).load();

    expect(problems).toEqual([
      expect.stringMatching(/^could not read prowjob\.json: server error \(503 from http:.+prowjob\.json\)$/),
    ]);
    expect(hitsOf(/prowjob\.json$/)).toBe(3);
    expect(info).toMatchObject({ job: 'pull-demo-unit', result: 'FAILURE', env: null });
  });

  it('does not retry a 403 and reports it', async () => {
    await serve([{ path: /1880000000000000404\/started\.json$/, status: 403 }]);

    const { problems } = await gcs(NEWEST_PRESUBMIT).load();

    expect(problems).toEqual([expect.stringMatching(/^could not read started\.json: access denied \(403/)]);
    expect(hitsOf(/started\.json$/)).toBe(1);
  });

  it('retries a body cut short', async () => {
    await serve([{ path: /1880000000000000404\/prowjob\.json$/, truncateAt: 40, times: 1 }]);

    const { problems, info } = await gcs(NEWEST_PRESUBMIT).load();

    expect(problems).toEqual([]);
    expect(info.image).toMatch(/^gcr\.io\//);
    expect(hitsOf(/prowjob\.json$/)).toBe(2);
  });

  it('surfaces a transient error when nothing of the run could be read', async () => {
    await serve([{ path: /1890000000000000033/, status: 503 }]);

    const failure = gcs(IMAGE_PULL_RUN).load();

    await expect(failure).rejects.toMatchObject({ code: 'http-error', permanent: false, status: 503 });
  });
});

describe('GCS timeouts', () => {
  it('times out a slow small request and reports it', async () => {
    await serve([{ path: /1880000000000000404\/started\.json$/, delayMs: 600 }]);

    const { problems } = await gcs(NEWEST_PRESUBMIT, { requestTimeoutMs: 150, retries: 1 }).load();

    // Only started.json is slow; on a loaded machine another request might also hit the short limit.
    expect(problems).toContainEqual(expect.stringMatching(/^could not read started\.json: no answer within 150 ms/));
    expect(hitsOf(/started\.json$/)).toBe(2);
  });

  it('aborts a log stream that stalls', async () => {
    await serve([{ path: /1880000000000000404\/build-log\.txt$/, stallMs: 400, stallAfter: 5 }]);
    const { logs } = await gcs(NEWEST_PRESUBMIT, { streamIdleTimeoutMs: 50 }).load();

    const reading = readText(logs[0]!);

    await expect(reading).rejects.toMatchObject({ code: 'timeout', permanent: false });
  });

  it('fails a log stream cut mid-way with a transient network error', async () => {
    await serve([{ path: /1880000000000000404\/build-log\.txt$/, truncateAt: 10 }]);
    const { logs } = await gcs(NEWEST_PRESUBMIT).load();

    const reading = readText(logs[0]!);

    await expect(reading).rejects.toMatchObject({ code: 'network', permanent: false });
  });
});

describe('GCS optional files and concurrency', () => {
  it('reports a 404 finished.json as missing', async () => {
    await serve([{ path: /1880000000000000404\/finished\.json$/, status: 404 }]);

    const { info, problems } = await gcs(NEWEST_PRESUBMIT).load();

    expect(problems).toEqual(['finished.json is missing: the run may still be running or was interrupted']);
    // The ProwJob still knows the outcome.
    expect(info.result).toBe('FAILURE');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    await serve([{ path: /\.json$/, delayMs: 15 }]);

    await gcs(NEWEST_PRESUBMIT, { concurrency: 2 }).history();

    expect(server.peakInFlight).toBe(2);
  });

  it('reads a run given as a Prow view URL', async () => {
    await serve();
    const source = resolveSource(`https://prow.k8s.io/view/gs/${BUCKET}/${NEWEST_PRESUBMIT}`, {
      gcsUrl: server.url,
      http: FAST_HTTP,
    });

    const { logs } = await source.load();

    expect(source.location).toBe(`gs://${BUCKET}/${NEWEST_PRESUBMIT}`);
    expect(await readText(logs[0]!)).toContain('make: *** [Makefile:12: test] Error 1');
  });
});
