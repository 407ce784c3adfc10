import { findSuspects, findSuspectsForTerms, MemoryPrCache } from '../../src/suspects/index.ts';
import {
  makeTestOctokit,
  startGithubFake,
  type ExportFile,
  type ExportPull,
  type GithubExport,
  type GithubFake,
} from '../helpers/github-fake.ts';
import { emptyTerms, loadExport, windowsTerms } from './fixtures.ts';
import { quietLogger } from '../../src/logger.ts';

const SINCE = '2025-01-01T00:00:00Z';
const UNTIL = '2025-01-31T00:00:00Z';
const LATER = Date.parse('2025-03-01T00:00:00Z');

/** 250 PRs merged in the window (one with 250 files), 120 older ones, and a few that must be filtered out. */
function bigExport(): GithubExport {
  const pulls: ExportPull[] = [];
  const files: Record<string, ExportFile[]> = {};
  for (let i = 0; i < 370; i += 1) {
    const number = 1000 + i;
    const inWindow = i < 250;
    const merged = new Date(Date.parse(UNTIL) - (i + 1) * (inWindow ? 9_000_000 : 100_000_000)).toISOString();
    pulls.push({
      number,
      title: `change ${number}`,
      html_url: `https://github.com/o/r/pull/${number}`,
      user: { login: 'dev' },
      merged_at: merged,
    });
    files[String(number)] = [
      { filename: `f${number}.txt`, status: 'modified', changes: 2, patch: '@@ -1 +1 @@\n-a\n+b' },
    ];
  }
  files['1007'] = Array.from({ length: 250 }, (_, k) => ({
    filename: `config/jobs/many/${k}.yaml`,
    status: 'modified',
    changes: 2,
    patch: k === 230 ? '@@ -1,2 +1,1 @@\n-  - name: KUBERNETES_NODE_PLATFORM\n   value: x' : '@@ -1 +1 @@\n-a\n+b',
  }));
  // Merged in the window but commented on later: sorted first by `updated`, still a candidate.
  pulls[3]!.updated_at = '2025-02-20T00:00:00Z';
  pulls.push({
    number: 9001,
    title: 'closed unmerged',
    user: null,
    merged_at: null,
    updated_at: '2025-01-20T00:00:00Z',
  });
  pulls.push({ number: 9002, title: 'merged after until', user: null, merged_at: '2025-02-02T00:00:00Z' });
  pulls.push({
    number: 9003,
    title: 'other base',
    user: null,
    merged_at: '2025-01-20T00:00:00Z',
    base: { ref: 'release-1.0' },
  });
  files['9002'] = [{ filename: 'x', status: 'modified', patch: '@@ -1 +1 @@\n-  - name: KUBERNETES_NODE_PLATFORM' }];
  return { repo: 'o/r', branch: 'main', pulls, files };
}

describe('findSuspects over HTTP', () => {
  let fake: GithubFake | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });

  it('pages through the pull listing until it reaches the window start, and through every file page', async () => {
    fake = await startGithubFake([bigExport()]);
    const cache = new MemoryPrCache();
    const query = {
      repos: [{ repo: 'o/r', branch: 'main' }],
      since: SINCE,
      until: UNTIL,
      firstRedAt: UNTIL,
      terms: emptyTerms({ envVars: ['KUBERNETES_NODE_PLATFORM'] }),
    };

    const result = await findSuspects(makeTestOctokit(fake.baseUrl), query, {
      cache,
      now: () => LATER,
      concurrency: 8,
    });

    const listing = fake.log.filter((l) => /\/pulls\?/.test(l));
    expect(listing).toHaveLength(3); // 2 pages of the window, a 3rd that reaches older PRs; page 4 unread
    expect(fake.log.filter((l) => l.includes('/pulls/1007/files'))).toHaveLength(3);
    expect(result.requests).toBe(3 + 249 + 3);
    expect(fake.requests).toBe(result.requests);
    expect((await cache.getFiles('o/r', 1007))?.length).toBe(250);
    expect(result.suspects.map((s) => s.number)).toEqual([1007]);
    expect(result.suspects[0]!.reasons[0]).toEqual({
      kind: 'removed-env',
      file: 'config/jobs/many/230.yaml',
      sign: '-',
      text: '- name: KUBERNETES_NODE_PLATFORM',
    });
    expect(fake.log.some((l) => /\/pulls\/900[123]\//.test(l))).toBe(false);
    expect(result.note).toBeNull();
  });

  it('makes no request at all when the same closed window is triaged again', async () => {
    fake = await startGithubFake([loadExport('preset-removal.json')]);
    const cache = new MemoryPrCache();
    const query = {
      repos: [{ repo: 'kubernetes/test-infra' }],
      since: '2024-12-18T00:00:00Z',
      until: '2025-01-15T00:00:00Z',
      firstRedAt: '2025-01-14T15:42:10Z',
      terms: windowsTerms(),
    };
    const octokit = makeTestOctokit(fake.baseUrl);

    const first = await findSuspects(octokit, query, { cache, now: () => LATER });
    const second = await findSuspects(octokit, query, { cache, now: () => LATER });

    expect(first.requests).toBe(1 + 1 + 5); // default branch, one listing page, five PRs
    expect(second.requests).toBe(0);
    expect(fake.requests).toBe(7);
    expect(second).toEqual({ ...first, requests: 0 });
    expect(first.suspects[0]?.number).toBe(34103);
    expect(first.danglingPresets).toEqual([
      { label: 'preset-common-gce-windows', removedBy: { repo: 'kubernetes/test-infra', number: 34103 } },
      { label: 'preset-e2e-gce-windows-containerd', removedBy: { repo: 'kubernetes/test-infra', number: 34103 } },
    ]);
  });

  it('lists an open window again but reuses the cached PR files', async () => {
    fake = await startGithubFake([loadExport('preset-removal.json')]);
    const cache = new MemoryPrCache();
    const query = {
      repos: [{ repo: 'kubernetes/test-infra', branch: 'master' }],
      since: '2024-12-18T00:00:00Z',
      until: '2025-01-15T00:00:00Z',
      firstRedAt: null,
      terms: windowsTerms(),
    };
    const stillOpen = () => Date.parse('2025-01-15T00:05:00Z');

    await findSuspects(makeTestOctokit(fake.baseUrl), query, { cache, now: stillOpen });
    const second = await findSuspects(makeTestOctokit(fake.baseUrl), query, { cache, now: stillOpen });

    expect(second.requests).toBe(1);
    expect(fake.log.at(-1)).toMatch(/^GET \/repos\/kubernetes\/test-infra\/pulls\?/);
  });

  it('works against a GitHub Enterprise base URL with a checked token', async () => {
    fake = await startGithubFake([loadExport('image-bump.json')], { prefix: '/api/v3', token: 'ghes-token' });
    const query = {
      repos: [{ repo: 'kubernetes-sigs/example', branch: 'main' }],
      since: '2025-02-01T00:00:00Z',
      until: '2025-02-12T07:21:09Z',
      terms: ['kindest/node:v1.33.0-alpha.1.199_25278540780516'],
    };

    const result = await findSuspectsForTerms(makeTestOctokit(fake.baseUrl, { token: 'ghes-token' }), query, {
      cache: new MemoryPrCache(),
    });

    expect(result.suspects.map((s) => s.number)).toEqual([501]);
    expect(fake.log[0]).toMatch(/^GET \/api\/v3\/repos\/kubernetes-sigs\/example\/pulls\?/);
  });

  it('says so when no merged PR matches', async () => {
    fake = await startGithubFake([loadExport('image-bump.json')]);
    const query = {
      repos: [{ repo: 'kubernetes-sigs/example', branch: 'main' }],
      since: '2025-02-01T00:00:00Z',
      until: '2025-02-12T07:21:09Z',
      terms: ['NOT_MENTIONED_ANYWHERE'],
    };

    const result = await findSuspectsForTerms(makeTestOctokit(fake.baseUrl), query, { cache: new MemoryPrCache() });

    expect(result.suspects).toEqual([]);
    expect(result.note).toBe(
      "no suspects: none of the 3 PRs merged into kubernetes-sigs/example touches the job's config, presets, env vars, images or version variables, or makes a change the job's definition shows",
    );
  });

  it('rejects a malformed query with a note and no request', async () => {
    const query = {
      repos: [{ repo: 'not a repo' }],
      since: 'yesterday',
      until: UNTIL,
      firstRedAt: null,
      terms: emptyTerms(),
    };

    const result = await findSuspects(makeTestOctokit('http://127.0.0.1:9'), query, { cache: new MemoryPrCache() });

    expect(result).toEqual({
      suspects: [],
      note: 'suspects unavailable: invalid query: repository must look like owner/name, got "not a repo"',
      requests: 0,
      danglingPresets: [],
    });
  });
});

describe('findSuspects with a failing cache', () => {
  it('treats cache errors as misses and still answers', async () => {
    const fake = await startGithubFake([loadExport('image-bump.json')]);
    const broken = new MemoryPrCache();
    broken.getFiles = () => Promise.reject(new Error('database is locked'));
    broken.putList = () => Promise.reject(new Error('disk full'));
    const warnings: object[] = [];
    const query = {
      repos: [{ repo: 'kubernetes-sigs/example', branch: 'main' }],
      since: '2025-02-01T00:00:00Z',
      until: '2025-02-12T07:21:09Z',
      terms: ['kindest/node:v1.33.0-alpha.1.199_25278540780516'],
    };

    const result = await findSuspectsForTerms(makeTestOctokit(fake.baseUrl), query, {
      cache: broken,
      now: () => LATER,
      log: { ...quietLogger, warn: (o) => void warnings.push(o) },
    });
    await fake.close();

    expect(result.suspects.map((s) => s.number)).toEqual([501]);
    expect(result.note).toBeNull();
    expect(warnings).toContainEqual({ op: 'getFiles', error: 'database is locked' });
    expect(warnings).toContainEqual({ op: 'putList', error: 'disk full' });
  });
});
