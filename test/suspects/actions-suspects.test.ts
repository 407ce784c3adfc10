// Suspects of an Actions run that the merged-PR search cannot see: a runner image update, a moved
// action tag, and the commits between the two heads that made the job's definition changes.
import nock from 'nock';
import { Octokit } from 'octokit';
import { findWorkflowCommits, outsideSuspects, scriptsOf, termsFromDefinition } from '../../src/suspects/index.ts';
import { scoreWorkflowCommit } from '../../src/suspects/workflow-commit-score.ts';
import type { DefinitionChange, RunnerHeader } from '../../src/types.ts';
import { CHECKOUT_V411, CHECKOUT_V422 } from '../fixtures/actions/runner-logs.ts';

const change = (
  path: string,
  before: string | null,
  after: string | null,
  touchesFailure = false,
): DefinitionChange => ({
  path,
  before,
  after,
  touchesFailure,
});

const HEADER: RunnerHeader = {
  artifact: 'build.log',
  runnerVersion: '2.325.0',
  image: 'ubuntu-24.04',
  imageVersion: '20240516.4.0',
  imageRelease: 'https://github.com/actions/runner-images/releases/tag/ubuntu24%2F20240516.4',
  actions: {},
};

describe('outsideSuspects', () => {
  it('names the runner image update and links its release notes', () => {
    const [s] = outsideSuspects(
      [change('runner.image-version', '20240508.1.0', '20240516.4.0', true)],
      HEADER,
      '2024-05-27T10:00:00Z',
    );

    expect(s).toMatchObject({
      kind: 'runner-image',
      number: null,
      repo: 'actions/runner-images',
      title: 'runner image ubuntu-24.04 20240508.1.0 → 20240516.4.0',
      url: 'https://github.com/actions/runner-images/releases/tag/ubuntu24%2F20240516.4',
      score: 70,
    });
  });

  it("names a moved tag and links the action's compare of the two commits", () => {
    const [s] = outsideSuspects([change('actions[actions/checkout@v4]', CHECKOUT_V411, CHECKOUT_V422)], HEADER, 't');

    expect(s).toMatchObject({
      kind: 'action-tag',
      repo: 'actions/checkout',
      sha: CHECKOUT_V422,
      title: 'actions/checkout@v4 moved b4ffde6 → 11bd719',
      url: `https://github.com/actions/checkout/compare/${CHECKOUT_V411}...${CHECKOUT_V422}`,
      score: 25,
    });
  });

  it('makes no suspect of workflow edits', () => {
    expect(outsideSuspects([change('jobs.b.steps[x].with.y', 'a', null)], HEADER, 't')).toEqual([]);
  });
});

describe('scoreWorkflowCommit', () => {
  const tokens = termsFromDefinition([change('jobs.build.steps[aws].with.aws-region', 'eu-west-1', null, true)]);
  const commit = (filename: string, patch: string, message = 'ci: tidy the deploy workflow') => ({
    sha: 'c'.repeat(40),
    url: `https://github.com/acme/widgets/commit/${'c'.repeat(40)}`,
    message,
    author: 'octocat',
    date: '2025-02-11T09:00:00Z',
    files: [{ filename, patch }],
  });
  const PATCH =
    '@@ -20,7 +20,6 @@ jobs:\n       - uses: aws-actions/configure-aws-credentials@v4\n         with:\n-          aws-region: eu-west-1\n           role-to-assume: arn:aws:iam::1:role/ci\n';

  it('blames the commit whose workflow patch drops the input, as a PR when squash-merged', () => {
    const direct = scoreWorkflowCommit(
      commit('.github/workflows/ci.yml', PATCH),
      tokens,
      'acme/widgets',
      'https://github.com',
      [],
    );
    const squashed = scoreWorkflowCommit(
      commit('.github/workflows/ci.yml', PATCH, 'ci: tidy (#42)'),
      tokens,
      'acme/widgets',
      'https://github.com',
      [],
    );

    expect(direct).toMatchObject({
      kind: 'commit',
      number: null,
      score: 140,
      reasons: [{ file: '.github/workflows/ci.yml', sign: '-', text: 'aws-region: eu-west-1' }],
    });
    expect(squashed).toMatchObject({ kind: 'pull', number: 42, url: 'https://github.com/acme/widgets/pull/42' });
  });

  it('does not blame a workflow edit that makes none of the changes, nor the same line outside the definition', () => {
    const other = '@@ -5,3 +5,3 @@ jobs:\n   lint:\n-    runs-on: ubuntu-22.04\n+    runs-on: ubuntu-24.04\n';

    expect(
      scoreWorkflowCommit(
        commit('.github/workflows/lint.yml', other),
        tokens,
        'acme/widgets',
        'https://github.com',
        [],
      ),
    ).toBeNull();
    expect(
      scoreWorkflowCommit(commit('docs/deploy.md', PATCH), tokens, 'acme/widgets', 'https://github.com', []),
    ).toBeNull();
  });
});

describe('scriptsOf', () => {
  it('finds the scripts run: lines name', () => {
    expect(scriptsOf(['./scripts/e2e.sh --fast', 'bash hack/verify.sh && npm test', 'python tools/gen.py'])).toEqual([
      'scripts/e2e.sh',
      'hack/verify.sh',
      'tools/gen.py',
    ]);
  });
});

describe('findWorkflowCommits', () => {
  const octokit = new Octokit({ auth: 't', retry: { enabled: false }, throttle: { enabled: false } });
  const API = 'https://api.github.com';
  const BASE = 'b'.repeat(40);
  const HEAD = 'h'.repeat(40);
  const raw = (sha: string, message: string) => ({
    sha,
    html_url: `https://github.com/acme/widgets/commit/${sha}`,
    commit: {
      message,
      author: { name: 'Mona', date: '2025-02-11T09:00:00Z' },
      committer: { date: '2025-02-11T09:00:00Z' },
    },
    author: { login: 'octocat' },
  });

  it('reads only the commits of a range that touched a workflow, and scores them', async () => {
    const tokens = termsFromDefinition([change('jobs.build.steps[aws].with.aws-region', 'eu-west-1', null, true)]);
    nock(API)
      .get(`/repos/acme/widgets/compare/${BASE}...${HEAD}`)
      .query({ per_page: '100' })
      .reply(200, {
        status: 'ahead',
        ahead_by: 2,
        behind_by: 0,
        commits: [raw('1'.repeat(40), 'docs: readme'), raw('2'.repeat(40), 'ci: drop region')],
        files: [
          {
            filename: '.github/workflows/ci.yml',
            status: 'modified',
            patch: '@@ -1 +1 @@\n-          aws-region: eu-west-1\n',
          },
        ],
      });
    nock(API)
      .get(`/repos/acme/widgets/commits/${'2'.repeat(40)}`)
      .reply(200, {
        ...raw('2'.repeat(40), 'ci: drop region'),
        files: [{ filename: '.github/workflows/ci.yml', patch: '@@ -1 +1 @@\n-          aws-region: eu-west-1\n' }],
      });
    nock(API)
      .get(`/repos/acme/widgets/commits/${'1'.repeat(40)}`)
      .reply(200, {
        ...raw('1'.repeat(40), 'docs: readme'),
        files: [{ filename: 'README.md', patch: '@@ -1 +1 @@\n-x\n+y\n' }],
      });

    const r = await findWorkflowCommits(octokit, {
      repo: 'acme/widgets',
      base: BASE,
      head: HEAD,
      tokens,
      scripts: [],
      webUrl: 'https://github.com',
    });

    expect(r.suspects.map((s) => [s.kind, s.title])).toEqual([['commit', 'ci: drop region']]);
    expect(r.note).toBeNull();
  });

  it('says so when the compare cannot be read', async () => {
    nock(API).get(`/repos/acme/widgets/compare/${BASE}...${HEAD}`).query(true).reply(404, { message: 'Not Found' });

    const r = await findWorkflowCommits(octokit, {
      repo: 'acme/widgets',
      base: BASE,
      head: HEAD,
      tokens: [],
      scripts: [],
      webUrl: 'https://github.com',
    });

    expect(r).toEqual({
      suspects: [],
      note: 'workflow commits unavailable: GitHub answered 404 for the compare of bbbbbbb...hhhhhhh',
    });
  });
});
