import { IngestError } from '../../src/ingest/index.ts';
import { JobError, backoffDelay, describeJobError, isTransient } from '../../src/queue/index.ts';

describe('isTransient', () => {
  const httpError = (status: number, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });

  it.each([
    ['a coded permanent error', new JobError('not-found', 'gone'), false],
    ['a coded transient error', new JobError('unavailable', 'GCS is down'), true],
    ['an ingest error for a missing run', new IngestError('not-found', 'no such run'), false],
    ['an ingest timeout', new IngestError('timeout', 'slow'), true],
    ['GitHub 404', httpError(404), false],
    ['GitHub 422', httpError(422), false],
    ['GitHub 403 (no access)', httpError(403), false],
    ['GitHub 403 with the rate limit exhausted', httpError(403, { 'x-ratelimit-remaining': '0' }), true],
    ['GitHub 429', httpError(429), true],
    ['GitHub 502', httpError(502), true],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    [
      'fetch failed with a network cause',
      Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'EAI_AGAIN' }) }),
      true,
    ],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), true],
  ])('%s -> %s', (_what, err, transient) => {
    expect(isTransient(err)).toBe(transient);
  });

  it('retries unknown errors (bounded by max attempts) rather than dropping them', () => {
    expect(isTransient(new Error('something odd'))).toBe(true);
  });

  it('describes errors with their status, capped', () => {
    expect(describeJobError(httpError(502))).toBe('Error 502: HTTP 502');
    expect(describeJobError('x'.repeat(5000))).toHaveLength(2000);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, minus jitter', () => {
    const opts = { baseMs: 1000, maxMs: 5000, jitter: 0 };

    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(2, { baseMs: 1000, jitter: 0.5, random: () => 1 })).toBe(1000);
  });
});
