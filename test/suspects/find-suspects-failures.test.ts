import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { findSuspects, MemoryPrCache } from '../../src/suspects/index.ts';
import { makeTestOctokit } from '../helpers/github-fake.ts';
import { emptyTerms } from './fixtures.ts';

const API = 'https://api.github.com';
const LIST = '/repos/o/r/pulls';
const query = {
  repos: [{ repo: 'o/r', branch: 'main' }],
  since: '2025-01-01T00:00:00Z',
  until: '2025-01-31T00:00:00Z',
  firstRedAt: null,
  terms: emptyTerms({ envVars: ['KUBERNETES_NODE_PLATFORM'] }),
};
const PULLS = [1, 2].map((n) => ({
  number: n,
  title: `pr ${n}`,
  html_url: `https://github.com/o/r/pull/${n}`,
  user: { login: 'dev' },
  merged_at: '2025-01-10T00:00:00Z',
  updated_at: '2025-01-10T00:00:00Z',
}));
const FILES = [
  {
    filename: 'jobs.yaml',
    status: 'modified',
    changes: 1,
    patch: '@@ -1,2 +1,1 @@\n-  - name: KUBERNETES_NODE_PLATFORM\n   x: y',
  },
];
const opts = () => ({ cache: new MemoryPrCache(), now: () => Date.parse('2025-03-01T00:00:00Z') });

describe('findSuspects when GitHub fails', () => {
  it('reports a bad token without throwing', async () => {
    nock(API).get(LIST).query(true).reply(401, { message: 'Bad credentials' });

    const result = await findSuspects(makeTestOctokit(), query, opts());

    expect(result).toEqual({
      suspects: [],
      note: 'suspects unavailable: o/r: GitHub rejected the token (401 Bad credentials)',
      requests: 1,
      danglingPresets: [],
    });
  });

  it('reports a 403 without a rate limit as missing access', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(403, { message: 'Resource not accessible by integration' }, { 'x-ratelimit-remaining': '4000' });

    const result = await findSuspects(makeTestOctokit(), query, opts());

    expect(result.note).toBe(
      'suspects unavailable: o/r: GitHub answered 403 Forbidden (the token may lack access): Resource not accessible by integration',
    );
  });

  it('reports a missing repository and still ranks the other one', async () => {
    nock(API).get('/repos/gone/r/pulls').query(true).reply(404, { message: 'Not Found' });
    nock(API).get(LIST).query(true).reply(200, PULLS.slice(0, 1));
    nock(API).get('/repos/o/r/pulls/1/files').query(true).reply(200, FILES);

    const result = await findSuspects(
      makeTestOctokit(),
      { ...query, repos: [{ repo: 'gone/r', branch: 'main' }, ...query.repos] },
      opts(),
    );

    expect(result.suspects.map((s) => s.number)).toEqual([1]);
    expect(result.note).toBe('suspects incomplete: gone/r: repository not found or not visible to this token (404)');
  });

  it('remembers a 404 for a closed window: a re-run notes it again without asking GitHub', async () => {
    nock(API).get('/repos/gone/r/pulls').query(true).reply(404, { message: 'Not Found' });
    nock(API).get(LIST).query(true).reply(200, PULLS.slice(0, 1));
    nock(API).get('/repos/o/r/pulls/1/files').query(true).reply(200, FILES);
    const shared = opts();
    const both = { ...query, repos: [{ repo: 'gone/r', branch: 'main' }, ...query.repos] };
    const first = await findSuspects(makeTestOctokit(), both, shared);

    const again = await findSuspects(makeTestOctokit(), both, shared);

    expect(again).toEqual({ ...first, requests: 0 });
    expect(again.note).toBe('suspects incomplete: gone/r: repository not found or not visible to this token (404)');
  });

  it('waits out a secondary rate limit (429 with retry-after) and succeeds', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '1' });
    nock(API).get(LIST).query(true).reply(200, PULLS);
    nock(API).get('/repos/o/r/pulls/1/files').query(true).reply(200, FILES);
    nock(API).get('/repos/o/r/pulls/2/files').query(true).reply(200, []);

    const result = await findSuspects(makeTestOctokit(), query, opts());

    expect(result.note).toBeNull();
    expect(result.requests).toBe(4);
    expect(result.suspects.map((s) => s.number)).toEqual([1]);
  });

  it('gives up on a PR after repeated 500s and ranks the PRs it could read', async () => {
    nock(API).get(LIST).query(true).reply(200, PULLS);
    nock(API).get('/repos/o/r/pulls/1/files').query(true).reply(200, FILES);
    nock(API).get('/repos/o/r/pulls/2/files').query(true).times(3).reply(500, { message: 'Server Error' });

    const result = await findSuspects(makeTestOctokit(undefined, { retries: 2 }), query, opts());

    expect(result.suspects.map((s) => s.number)).toEqual([1]);
    expect(result.note).toBe(
      'suspects incomplete: o/r: files of 1 of 2 PRs unreadable (GitHub answered 500 (after retries): Server Error)',
    );
    expect(result.requests).toBe(1 + 1 + 3);
  });

  it('reports an exhausted primary rate limit with its reset time', async () => {
    const reset = Math.floor(Date.parse('2025-03-01T01:00:00Z') / 1000);
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) };
    nock(API).get(LIST).query(true).times(2).reply(403, { message: 'API rate limit exceeded for user.' }, headers);

    const octokit = makeTestOctokit();
    const result = await findSuspects(octokit, query, { ...opts(), budgetMs: 5_000 });

    // The test octokit retries once after the (past) reset, then gives up.
    expect(result.note).toMatch(
      /^suspects unavailable: o\/r: GitHub rate limit exceeded \(403, resets at 2025-03-01T01:00:00\.000Z\)$/,
    );
  }, 10_000);

  describe('on a server that does not answer', () => {
    let server: Server;
    let baseUrl: string;
    beforeEach(async () => {
      // nock cannot delay a fetch response and let it be aborted cleanly, so a real socket stands in.
      server = createServer(() => undefined);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('times out each attempt and reports it', async () => {
      const result = await findSuspects(makeTestOctokit(baseUrl, { retries: 1 }), query, {
        ...opts(),
        requestTimeoutMs: 50,
      });

      expect(result.note).toBe('suspects unavailable: o/r: GitHub did not answer within 0.05s');
      expect(result.requests).toBe(2);
    });

    it('stops at the overall budget', async () => {
      const started = Date.now();

      const result = await findSuspects(makeTestOctokit(baseUrl), query, {
        ...opts(),
        requestTimeoutMs: 10_000,
        budgetMs: 100,
      });

      expect(result.note).toBe('suspects unavailable: o/r: GitHub did not finish within 0.1s');
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
