// The loopback GCS fake is shared with the incident end-to-end tests, so its routes are checked here.
import { startGcsServer, type GcsServer } from '../helpers/gcs-server.ts';
import { BUCKET, FIXTURE_ROOT, NEWEST_PRESUBMIT } from './ingest-helpers.ts';

let server: GcsServer;

beforeEach(async () => {
  server = await startGcsServer({ root: FIXTURE_ROOT, pageSize: 3 });
});

afterEach(async () => {
  await server.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

describe('startGcsServer', () => {
  it('serves objects, with byte ranges', async () => {
    const whole = await get(`/${BUCKET}/${NEWEST_PRESUBMIT}/finished.json`);
    const part = await get(`/${BUCKET}/${NEWEST_PRESUBMIT}/finished.json`, { range: 'bytes=0-11' });

    expect(whole.status).toBe(200);
    expect(await whole.json()).toMatchObject({ result: 'FAILURE' });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('{"timestamp"');
  });

  it('serves the JSON API media route too', async () => {
    const object = encodeURIComponent(`${NEWEST_PRESUBMIT}/finished.json`);

    const response = await get(`/storage/v1/b/${BUCKET}/o/${object}?alt=media`);

    expect(await response.json()).toMatchObject({ passed: false });
  });

  it('answers 404 for missing objects, other buckets and escapes', async () => {
    const statuses = await Promise.all(
      [
        `/${BUCKET}/nope.txt`,
        '/no-such-bucket/x',
        `/${BUCKET}/..%2F..%2Fetc%2Fpasswd`,
        '/storage/v1/b/no-such-bucket/o',
      ].map(async (path) => (await get(path)).status),
    );

    expect(statuses).toEqual([404, 404, 404, 404]);
  });

  it('lists one level with delimiter, in pages', async () => {
    const list = async (token?: string) => {
      const query = new URLSearchParams({
        prefix: `${NEWEST_PRESUBMIT}/`,
        delimiter: '/',
        ...(token ? { pageToken: token } : {}),
      });
      return (await get(`/storage/v1/b/${BUCKET}/o?${query.toString()}`)).json() as Promise<Record<string, unknown>>;
    };

    const first = await list();
    const second = await list(first.nextPageToken as string);

    expect(first.prefixes).toEqual([`${NEWEST_PRESUBMIT}/artifacts/`]);
    expect((first.items as { name: string }[]).map((item) => item.name)).toEqual([
      `${NEWEST_PRESUBMIT}/build-log.txt`,
      `${NEWEST_PRESUBMIT}/finished.json`,
    ]);
    expect((second.items as { name: string; size: string }[]).map((item) => item.name.split('/').pop())).toEqual([
      'prowjob.json',
      'started.json',
    ]);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('injects faults a limited number of times and records requests', async () => {
    server.faults.push({ path: /finished\.json$/, status: 503, retryAfter: 2, times: 1 });

    const failed = await get(`/${BUCKET}/${NEWEST_PRESUBMIT}/finished.json`);
    const recovered = await get(`/${BUCKET}/${NEWEST_PRESUBMIT}/finished.json`);

    expect([failed.status, failed.headers.get('retry-after'), recovered.status]).toEqual([503, '2', 200]);
    expect(server.requests).toEqual([
      `/${BUCKET}/${NEWEST_PRESUBMIT}/finished.json`,
      `/${BUCKET}/${NEWEST_PRESUBMIT}/finished.json`,
    ]);
  });
});
