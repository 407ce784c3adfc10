import { readCapped } from '../../src/ingest/http/body-stream.ts';
import { errorForStatus, parseRetryAfter, retryDelay } from '../../src/ingest/http/retry.ts';
import { readJson } from '../../src/ingest/prow/read-json.ts';
import type { ObjectStore } from '../../src/ingest/objects/object-store.ts';

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Tue, 11 Feb 2025 01:00:10 GMT', 10_000],
    ['soon', null],
    [null, null],
  ])('%s -> %s', (header, expected) => {
    expect(parseRetryAfter(header, Date.parse('2025-02-11T01:00:00Z'))).toBe(expected);
  });
});

describe('retryDelay', () => {
  const policy = { retryBaseDelayMs: 100, maxRetryDelayMs: 1000 };

  it('grows exponentially with jitter and stays under the cap', () => {
    const delays = [0, 1, 2, 3, 4].map((attempt) => retryDelay(attempt, null, policy));

    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[2]).toBeGreaterThanOrEqual(200);
    expect(delays[4]).toBeLessThanOrEqual(1000);
  });

  it('prefers Retry-After, capped', () => {
    expect(retryDelay(0, 300, policy)).toBe(300);
    expect(retryDelay(0, 60_000, policy)).toBe(1000);
  });
});

describe('errorForStatus', () => {
  it.each([
    [401, 'access-denied', true],
    [403, 'access-denied', true],
    [429, 'rate-limited', false],
    [500, 'http-error', false],
    [503, 'http-error', false],
    [400, 'http-error', true],
  ])('%s -> %s, permanent %s', (status, code, permanent) => {
    expect(errorForStatus(status, 'http://x', null)).toMatchObject({ code, permanent, status });
  });
});

describe('readCapped', () => {
  const body = (...parts: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });

  it('reads a small body whole', async () => {
    const { bytes, truncated } = await readCapped(body('ab', 'cd'), 10);

    expect(new TextDecoder().decode(bytes)).toBe('abcd');
    expect(truncated).toBe(false);
  });

  it('stops at the cap and says so', async () => {
    const { bytes, truncated } = await readCapped(body('abc', 'def', 'ghi'), 5);

    expect(new TextDecoder().decode(bytes)).toBe('abcde');
    expect(truncated).toBe(true);
  });

  it('is not truncated when the body is exactly the cap', async () => {
    const { truncated } = await readCapped(body('abc', 'de'), 5);

    expect(truncated).toBe(false);
  });
});

describe('readJson problem lines', () => {
  const storeWith = (text: string | null, truncated = false, fail = false): ObjectStore =>
    ({
      readSmall: async () => {
        if (fail) throw new Error('disk on fire');
        return text === null ? null : { bytes: new TextEncoder().encode(text), truncated };
      },
    }) as unknown as ObjectStore;

  it.each([
    ['', false, false, 'started.json is empty'],
    ['  \n', false, false, 'started.json is empty'],
    ['[1,2]', false, false, 'started.json does not hold a JSON object'],
    ['{"timestamp":17', false, false, /^started\.json is not valid JSON \(.+\); it may be truncated$/],
    ['{}', true, false, /^started\.json is larger than \d+ bytes; ignored$/],
    ['{}', false, true, 'could not read started.json: disk on fire'],
  ])('%j', async (text, truncated, fail, problem) => {
    const read = await readJson(storeWith(text, truncated, fail), 'k', 'started.json', 'missing');

    expect(read.value).toBeNull();
    expect(read.problem).toEqual(typeof problem === 'string' ? problem : expect.stringMatching(problem));
  });

  it('uses the given line for a missing file', async () => {
    const read = await readJson(storeWith(null), 'k', 'started.json', 'started.json is missing');

    expect(read).toMatchObject({ value: null, found: false, problem: 'started.json is missing' });
  });
});
