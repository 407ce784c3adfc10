import nock from 'nock';
import { Octokit } from 'octokit';
import { resolveSource } from '../../src/ingest/index.ts';
import { FAST_HTTP, readText } from './ingest-helpers.ts';
import { contentsAnswer } from '../fixtures/actions/github-api.ts';

const API = 'https://api.github.com';
const octokit = new Octokit({ auth: 'test-token', retry: { enabled: false }, throttle: { enabled: false } });

function run(id: number, conclusion: string | null, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: 'CI',
    workflow_id: 77,
    head_branch: 'feature-x',
    head_sha: `${id}`.padEnd(40, 'a'),
    status: conclusion === null ? 'in_progress' : 'completed',
    conclusion,
    html_url: `https://github.com/acme/widgets/actions/runs/${id}`,
    created_at: '2025-02-11T10:00:00Z',
    updated_at: '2025-02-11T10:20:00Z',
    run_started_at: '2025-02-11T10:00:05Z',
    path: '.github/workflows/ci.yml',
    pull_requests: [
      { number: 9, head: { ref: 'feature-x', sha: 'h'.repeat(40) }, base: { ref: 'main', sha: 'b'.repeat(40) } },
    ],
    ...extra,
  };
}

function job(id: number, name: string, conclusion: string) {
  return {
    id,
    name,
    status: 'completed',
    conclusion,
    html_url: `https://github.com/acme/widgets/actions/runs/5001/job/${id}`,
    started_at: '2025-02-11T10:01:00Z',
    completed_at: '2025-02-11T10:19:00Z',
  };
}

const JOBS = [job(901, 'build', 'success'), job(902, 'test (ubuntu)', 'failure'), job(903, 'lint', 'timed_out')];

const WORKFLOW = [
  'name: CI',
  'on: [push, pull_request]',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '  test:',
  '    runs-on: ubuntu-24.04',
  '    strategy: { matrix: { os: [ubuntu] } }',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - run: pytest',
  '  lint:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: ruff check .',
  '',
].join('\n');

function mockWorkflow(sha: string, text = WORKFLOW, scope = nock(API)) {
  scope
    .get('/repos/acme/widgets/contents/.github%2Fworkflows%2Fci.yml')
    .query({ ref: sha })
    .reply(200, contentsAnswer('acme', 'widgets', '.github/workflows/ci.yml', text, sha));
}

function mockRun(id: number, conclusion: string | null, jobs = JOBS, scope = nock(API)) {
  scope.get(`/repos/acme/widgets/actions/runs/${id}`).reply(200, run(id, conclusion));
  mockWorkflow(`${id}`.padEnd(40, 'a'), WORKFLOW, scope);
  scope
    .get(`/repos/acme/widgets/actions/runs/${id}/jobs`)
    .query({ filter: 'latest', per_page: '100' })
    .reply(200, { total_count: jobs.length, jobs });
}

function mockLog(jobId: number, text: string) {
  nock(API)
    .get(`/repos/acme/widgets/actions/jobs/${jobId}/logs`)
    .reply(302, '', { location: `https://results.example.test/logs/${jobId}.txt?sig=abc` });
  nock('https://results.example.test').get(`/logs/${jobId}.txt`).query({ sig: 'abc' }).reply(200, text);
}

const source = (ref: string) => resolveSource(ref, { octokit, http: FAST_HTTP });

describe('GitHub Actions run', () => {
  it('maps the run and lists the logs of its failed jobs', async () => {
    mockRun(5001, 'failure');

    const evidence = await source('https://github.com/acme/widgets/actions/runs/5001').load();

    expect(evidence.info).toEqual({
      job: 'CI',
      jobType: 'workflow',
      buildId: '5001',
      url: 'https://github.com/acme/widgets/actions/runs/5001',
      result: 'FAILURE',
      startedAt: '2025-02-11T10:00:05Z',
      finishedAt: '2025-02-11T10:20:00Z',
      repo: 'acme/widgets',
      pull: 9,
      refs: [
        {
          org: 'acme',
          repo: 'widgets',
          baseRef: 'main',
          baseSha: 'b'.repeat(40),
          pulls: [{ number: 9, sha: 'h'.repeat(40), author: null, title: null }],
        },
      ],
      env: null,
      labels: {},
      image: null,
      commit: '5001'.padEnd(40, 'a'),
      jobConfigPath: '.github/workflows/ci.yml',
      definition: {
        source: `.github/workflows/ci.yml@${'5001'.padEnd(40, 'a')}`,
        format: 'actions-workflow',
        fields: expect.objectContaining({ jobIds: ['test', 'lint'], workflow: {} }),
      },
    });
    expect(evidence.logs.map((log) => log.name)).toEqual(['test (ubuntu).log', 'lint.log']);
    expect(evidence.problems).toEqual([]);
  });

  it('streams a job log through the download redirect, again on each open()', async () => {
    mockRun(5001, 'failure');
    mockLog(902, '2025-02-11T10:05:00Z FAIL widgets/test_api.py::test_get\n');
    mockLog(902, '2025-02-11T10:05:00Z FAIL widgets/test_api.py::test_get\n');
    const { logs } = await source('https://github.com/acme/widgets/actions/runs/5001').load();

    const first = await readText(logs[0]!);
    const second = await readText(logs[0]!);

    expect(first).toBe('2025-02-11T10:05:00Z FAIL widgets/test_api.py::test_get\n');
    expect(second).toBe(first);
  });

  it('keeps every job of a green run, for baselines', async () => {
    mockRun(5001, 'success', [job(901, 'build', 'success'), job(902, 'test (ubuntu)', 'success')]);

    const evidence = await source('https://github.com/acme/widgets/actions/runs/5001').load();

    expect(evidence.info.result).toBe('SUCCESS');
    expect(evidence.logs.map((log) => log.name)).toEqual(['build.log', 'test (ubuntu).log']);
  });

  it('says when the run is still going', async () => {
    mockRun(5001, null);

    const evidence = await source('https://github.com/acme/widgets/actions/runs/5001').load();

    expect(evidence.info).toMatchObject({ result: 'PENDING', finishedAt: null });
    expect(evidence.problems).toContain('the run is still in_progress; its logs may be incomplete');
  });

  it('is a permanent not-found error for a missing run', async () => {
    nock(API).get('/repos/acme/widgets/actions/runs/404').reply(404, { message: 'Not Found' });
    nock(API).get('/repos/acme/widgets/actions/runs/404/jobs').query(true).reply(404, { message: 'Not Found' });

    const loading = source('https://github.com/acme/widgets/actions/runs/404').load();

    await expect(loading).rejects.toMatchObject({ code: 'not-found', permanent: true, status: 404 });
  });

  it('fails open() with not-found when the log has expired', async () => {
    mockRun(5001, 'failure');
    nock(API).get('/repos/acme/widgets/actions/jobs/902/logs').reply(410, { message: 'Gone' });
    const { logs } = await source('https://github.com/acme/widgets/actions/runs/5001').load();

    await expect(logs[0]!.open()).rejects.toMatchObject({ code: 'not-found', status: 410 });
  });
});

describe('GitHub Actions job', () => {
  it('names the job after workflow and job, with only its log', async () => {
    mockRun(5001, 'failure');

    const evidence = await source('https://github.com/acme/widgets/actions/runs/5001/job/903').load();

    expect(evidence.info).toMatchObject({
      job: 'CI / lint',
      result: 'FAILURE',
      url: 'https://github.com/acme/widgets/actions/runs/5001/job/903',
      startedAt: '2025-02-11T10:01:00Z',
      finishedAt: '2025-02-11T10:19:00Z',
    });
    expect(evidence.logs.map((log) => log.name)).toEqual(['lint.log']);
  });

  it('fetches a job of an earlier attempt that the latest jobs list leaves out', async () => {
    mockRun(5001, 'failure');
    nock(API)
      .get('/repos/acme/widgets/actions/jobs/950')
      .reply(200, job(950, 'test (macos)', 'failure'));

    const evidence = await source('https://github.com/acme/widgets/actions/runs/5001/job/950').load();

    expect(evidence.info.job).toBe('CI / test (macos)');
    expect(evidence.logs.map((log) => log.name)).toEqual(['test (macos).log']);
  });

  it('lists older runs of the workflow on the same branch, loading the same job', async () => {
    nock(API).get('/repos/acme/widgets/actions/runs/5001').reply(200, run(5001, 'failure'));
    nock(API)
      .get('/repos/acme/widgets/actions/jobs/903')
      .reply(200, job(903, 'lint', 'timed_out'));
    nock(API)
      .get('/repos/acme/widgets/actions/workflows/77/runs')
      .query({ branch: 'feature-x', per_page: '50' })
      .reply(200, {
        total_count: 4,
        workflow_runs: [run(5003, 'success'), run(5001, 'failure'), run(4990, 'success'), run(4980, 'cancelled')],
      });
    mockRun(4990, 'success', [job(801, 'build', 'success'), job(802, 'lint', 'success')]);

    const history = await source('https://github.com/acme/widgets/actions/runs/5001/job/903').history();
    const baseline = await history![0]!.source.load();

    expect(history?.map(({ buildId, result, url }) => ({ buildId, result, url }))).toEqual([
      { buildId: '4990', result: 'SUCCESS', url: 'https://github.com/acme/widgets/actions/runs/4990' },
      { buildId: '4980', result: 'ABORTED', url: 'https://github.com/acme/widgets/actions/runs/4980' },
    ]);
    expect(baseline.info.job).toBe('CI / lint');
    expect(baseline.logs.map((log) => log.name)).toEqual(['lint.log']);
  });
});

describe("a PR's first run", () => {
  it('takes the last green run on the base branch at or before the merge base, and says so', async () => {
    nock(API).get('/repos/acme/widgets/actions/runs/5001').reply(200, run(5001, 'failure'));
    nock(API)
      .get('/repos/acme/widgets/actions/workflows/77/runs')
      .query({ branch: 'feature-x', per_page: '50' })
      .reply(200, { total_count: 1, workflow_runs: [run(5001, 'failure')] });
    nock(API)
      .get(`/repos/acme/widgets/compare/main...${'5001'.padEnd(40, 'a')}`)
      .query({ per_page: '1' })
      .reply(200, {
        status: 'ahead',
        ahead_by: 1,
        behind_by: 2,
        merge_base_commit: { sha: 'm'.repeat(40), commit: { committer: { date: '2025-02-10T12:00:00Z' } } },
        commits: [],
        files: [],
      });
    const onMain = (id: number, sha: string, at: string) =>
      run(id, 'success', {
        head_branch: 'main',
        head_sha: sha,
        head_commit: { id: sha, timestamp: at },
        pull_requests: [],
      });
    nock(API)
      .get('/repos/acme/widgets/actions/workflows/77/runs')
      .query({ branch: 'main', status: 'success', per_page: '50' })
      .reply(200, {
        total_count: 3,
        workflow_runs: [
          onMain(4999, 'n'.repeat(40), '2025-02-11T08:00:00Z'),
          onMain(4995, 'm'.repeat(40), '2025-02-10T12:00:00Z'),
          onMain(4990, 'o'.repeat(40), '2025-02-09T12:00:00Z'),
        ],
      });

    const history = await source('https://github.com/acme/widgets/actions/runs/5001').history();

    expect(history?.map((h) => [h.buildId, h.result])).toEqual([['4995', 'SUCCESS']]);
    expect(history?.[0]?.note).toBe(
      "The PR's branch feature-x has no green run of this workflow, so the baseline is the last green run on the base branch main at the merge base mmmmmmm (run 4995)",
    );
  });
});

describe('the workflow file as the job definition', () => {
  it('reads the file at the head SHA once per SHA, for the run and its history', async () => {
    const sha = '5001'.padEnd(40, 'a');
    nock(API).get('/repos/acme/widgets/actions/runs/5001').reply(200, run(5001, 'failure'));
    nock(API).get('/repos/acme/widgets/actions/runs/5001/jobs').query(true).reply(200, { total_count: 3, jobs: JOBS });
    mockWorkflow(sha);
    const src = source('https://github.com/acme/widgets/actions/runs/5001/job/902');

    const first = await src.load();
    nock(API).get('/repos/acme/widgets/actions/runs/5001/jobs').query(true).reply(200, { total_count: 3, jobs: JOBS });
    const again = await src.load();

    expect(first.info.definition?.fields).toMatchObject({ jobIds: ['test'] });
    expect(again.info.definition).toEqual(first.info.definition);
  });

  it('says why there is no definition when the file cannot be read', async () => {
    nock(API).get('/repos/acme/widgets/actions/runs/5001').reply(200, run(5001, 'failure'));
    nock(API).get('/repos/acme/widgets/actions/runs/5001/jobs').query(true).reply(200, { total_count: 3, jobs: JOBS });
    nock(API)
      .get('/repos/acme/widgets/contents/.github%2Fworkflows%2Fci.yml')
      .query(true)
      .reply(404, { message: 'Not Found' });

    const evidence = await source('https://github.com/acme/widgets/actions/runs/5001/job/903').load();

    expect(evidence.info.definition).toBeNull();
    expect(evidence.problems).toEqual([
      `the workflow file could not be read (.github/workflows/ci.yml at 5001aaaaaaaa was not found on GitHub (404)): no definition diff`,
    ]);
  });
});

describe('GitHub Enterprise Server', () => {
  it('reads through the /api/v3 base URL for the configured web host', async () => {
    const ghes = new Octokit({
      auth: 't',
      baseUrl: 'https://ghe.example.test/api/v3',
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const scope = nock('https://ghe.example.test');
    scope
      .get('/api/v3/repos/acme/widgets/actions/runs/5001')
      .reply(200, run(5001, 'failure', { html_url: 'https://ghe.example.test/acme/widgets/actions/runs/5001' }));
    scope
      .get('/api/v3/repos/acme/widgets/actions/runs/5001/jobs')
      .query(true)
      .reply(200, { total_count: 1, jobs: [job(902, 'test', 'failure')] });
    const ref = 'https://ghe.example.test/acme/widgets/actions/runs/5001';

    const evidence = await resolveSource(ref, { octokit: ghes, githubWebUrl: 'https://ghe.example.test/' }).load();

    expect(evidence.info.url).toBe(ref);
    expect(evidence.logs.map((log) => log.name)).toEqual(['test.log']);
  });
});
