// The Actions side of the definition diff: a workflow job flattened to leaves, the runner header diff,
// the sentences for each change and which change touches the failure.
import { describeChange, diffDefinitions, markTouchesFailure } from '../../../src/analyze/definition/index.ts';
import { diffRunnerHeaders } from '../../../src/analyze/definition/diff-runner.ts';
import { flattenWorkflow } from '../../../src/analyze/definition/flatten-workflow.ts';
import type { DefinitionChange, Finding, JobDefinition, RunnerHeader } from '../../../src/types.ts';
import { CHECKOUT_V411, CHECKOUT_V422 } from '../../fixtures/actions/runner-logs.ts';

const workflow = (jobId: string, job: Record<string, unknown>, top: Record<string, unknown> = {}): JobDefinition => ({
  source: `.github/workflows/ci.yml@${'a'.repeat(40)}`,
  format: 'actions-workflow',
  fields: { jobIds: [jobId], jobs: { [jobId]: job, other: { 'runs-on': 'windows-latest' } }, workflow: top },
});

const header = (over: Partial<RunnerHeader> = {}): RunnerHeader => ({
  artifact: 'build.log',
  runnerVersion: '2.325.0',
  image: 'ubuntu-24.04',
  imageVersion: '20250622.1.0',
  imageRelease: 'https://github.com/actions/runner-images/releases/tag/ubuntu24%2F20250622.1',
  actions: { 'actions/checkout@v4': CHECKOUT_V411 },
  ...over,
});

const change = (path: string, before: string | null, after: string | null): DefinitionChange => ({
  path,
  before,
  after,
  touchesFailure: false,
});

describe('flattenWorkflow', () => {
  it('keys steps by id, name or uses, and env and secrets by name', () => {
    const def = workflow(
      'build',
      {
        'runs-on': 'ubuntu-latest',
        container: 'node:22-alpine',
        services: { db: { image: 'postgres:16', ports: ['5432:5432'] } },
        env: { NODE_ENV: 'test' },
        steps: [
          { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
          { name: 'Test', run: 'npm test', env: { CI: true } },
          { id: 'pub', uses: './.github/actions/publish' },
        ],
      },
      { env: { FORCE_COLOR: '1' }, permissions: { contents: 'read' } },
    );

    const leaves = Object.fromEntries(flattenWorkflow(def));

    expect(leaves).toEqual({
      'env[FORCE_COLOR]': '1',
      'permissions.contents': 'read',
      'jobs.build.runs-on': 'ubuntu-latest',
      'jobs.build.container.image': 'node:22-alpine',
      'jobs.build.services[db].image': 'postgres:16',
      'jobs.build.services[db].ports': '["5432:5432"]',
      'jobs.build.env[NODE_ENV]': 'test',
      'jobs.build.steps[actions/checkout@v4].uses': 'actions/checkout@v4',
      'jobs.build.steps[actions/checkout@v4].with.fetch-depth': '0',
      'jobs.build.steps[Test].run': 'npm test',
      'jobs.build.steps[Test].env[CI]': 'true',
      'jobs.build.steps[pub].uses': './.github/actions/publish',
    });
  });

  it('reads a reusable-workflow call: uses, with and each secret passed', () => {
    const def = workflow('release', {
      uses: './.github/workflows/publish.yml',
      with: { dry: false },
      secrets: { NPM_TOKEN: '${{ secrets.NPM_TOKEN }}' },
    });

    expect(Object.fromEntries(flattenWorkflow(def))).toEqual({
      'jobs.release.uses': './.github/workflows/publish.yml',
      'jobs.release.with.dry': 'false',
      'jobs.release.secrets[NPM_TOKEN]': '${{ secrets.NPM_TOKEN }}',
    });
  });

  it('reads nothing from a ProwJob definition', () => {
    expect(flattenWorkflow({ source: 'prowjob.json', fields: { cluster: 'x' } }).size).toBe(0);
  });
});

describe('diffDefinitions on workflows', () => {
  it('finds the dropped input and nothing else when a step is inserted before it', () => {
    const before = workflow('build', {
      steps: [
        { uses: 'actions/checkout@v4' },
        {
          uses: 'aws-actions/configure-aws-credentials@v4',
          with: { 'aws-region': 'eu-west-1', 'role-to-assume': 'arn:aws:iam::1:role/ci' },
        },
      ],
    });
    const after = workflow('build', {
      steps: [
        { uses: 'actions/checkout@v4' },
        { name: 'Lint', run: 'npm run lint' },
        { uses: 'aws-actions/configure-aws-credentials@v4', with: { 'role-to-assume': 'arn:aws:iam::1:role/ci' } },
      ],
    });

    const changes = diffDefinitions(before, after);

    expect(changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ['jobs.build.steps[aws-actions/configure-aws-credentials@v4].with.aws-region', 'eu-west-1', null],
      ['jobs.build.steps[Lint].run', null, 'npm run lint'],
    ]);
  });

  it("reads the red run's jobs only: an edit of another job of the file is no change", () => {
    const before = workflow('build', { 'runs-on': 'ubuntu-latest' });
    const after: JobDefinition = {
      ...before,
      fields: { ...before.fields, jobs: { build: { 'runs-on': 'ubuntu-latest' }, other: { 'runs-on': 'macos-14' } } },
    };

    expect(diffDefinitions(before, after)).toEqual([]);
  });

  it('does not compare a workflow with a ProwJob', () => {
    expect(diffDefinitions({ source: 'prowjob.json', fields: {} }, workflow('b', { 'runs-on': 'x' }))).toEqual([]);
  });
});

describe('diffRunnerHeaders', () => {
  it('names a runner image update and a moved action tag', () => {
    const changes = diffRunnerHeaders(
      header(),
      header({ imageVersion: '20250629.1.0', actions: { 'actions/checkout@v4': CHECKOUT_V422 } }),
    );

    expect(changes).toEqual([
      {
        path: 'runner.image-version',
        before: '20250622.1.0',
        after: '20250629.1.0',
        touchesFailure: false,
        source: 'runner header',
      },
      {
        path: 'actions[actions/checkout@v4]',
        before: CHECKOUT_V411,
        after: CHECKOUT_V422,
        touchesFailure: false,
        source: 'runner header',
      },
    ]);
  });

  it('leaves added actions and SHA-pinned refs to the workflow diff', () => {
    const pinned = `actions/checkout@${CHECKOUT_V411}`;
    const changes = diffRunnerHeaders(
      header({ actions: { [pinned]: CHECKOUT_V411 } }),
      header({ actions: { [pinned]: CHECKOUT_V422, 'actions/cache@v4': 'c'.repeat(40) } }),
    );

    expect(changes).toEqual([]);
  });

  it('compares nothing without both headers', () => {
    expect(diffRunnerHeaders(null, header())).toEqual([]);
  });
});

describe('describeChange on Actions paths', () => {
  it.each([
    [
      change('runner.image-version', '20250622.1.0', '20250629.1.0'),
      'the runner image version changed from 20250622.1.0 to 20250629.1.0',
    ],
    [
      change('actions[actions/checkout@v4]', CHECKOUT_V411, CHECKOUT_V422),
      'the action tag actions/checkout@v4 moved: it resolved to 11bd71901bbe (the baseline ran b4ffde65f463)',
    ],
    [
      change('jobs.build.steps[aws].with.aws-region', 'eu-west-1', null),
      'input aws-region of step "aws" was removed (was eu-west-1)',
    ],
    [
      change('jobs.release.secrets[NPM_TOKEN]', '${{ secrets.NPM_TOKEN }}', null),
      'secret NPM_TOKEN passed to the reusable workflow was removed (was ${{ secrets.NPM_TOKEN }})',
    ],
    [
      change('jobs.test.container.image', 'node:22.11-alpine', 'node:22.99-alpine'),
      "the job's container image changed from node:22.11-alpine to node:22.99-alpine",
    ],
    [change('jobs.test.steps[Test].env[CI]', null, 'true'), 'env var CI was added (true)'],
  ])('%#: %s', (c, sentence) => {
    expect(describeChange(c)).toBe(sentence);
  });
});

describe('markTouchesFailure on Actions changes', () => {
  const finding = (classifier: string, facts: Record<string, unknown>, text = ''): Finding =>
    ({
      classifier,
      category: 'x',
      confidence: 0.8,
      summary: '',
      evidence: [{ artifact: 'a', line: 1, text }],
      fingerprint: 'f',
      facts,
    }) as unknown as Finding;

  it('marks the dropped input an action reported missing', () => {
    const changes = [
      change('jobs.b.steps[aws].with.aws-region', 'eu-west-1', null),
      change('jobs.b.steps[Lint].run', null, 'x'),
    ];

    const marked = markTouchesFailure(changes, [finding('empty-env', { variable: 'aws-region' })]);

    expect(marked.map((c) => c.touchesFailure)).toEqual([true, false]);
  });

  it('marks a secret no longer passed when an input came out empty', () => {
    const changes = [
      change('jobs.release.secrets[NPM_TOKEN]', 'x', null),
      change('jobs.release.with.dry', 'true', 'false'),
    ];

    const marked = markTouchesFailure(changes, [finding('empty-env', { variable: 'token' })]);

    expect(marked.map((c) => c.touchesFailure)).toEqual([true, false]);
  });

  it('marks the runner image when a command is not found, and the image that failed to pull', () => {
    const changes = [
      change('runner.image-version', '20240508.1.0', '20240516.4.0'),
      change('jobs.t.container.image', 'node:22.11-alpine', 'node:22.99-alpine'),
    ];

    const byCommand = markTouchesFailure(changes, [finding('rule:command-not-found', { command: 'tree' })]);
    const byPull = markTouchesFailure(changes, [finding('image-pull-manifest', { image: 'node:22.99-alpine' })]);

    expect(byCommand.map((c) => c.touchesFailure)).toEqual([true, true]);
    expect(byPull.map((c) => c.touchesFailure)).toEqual([false, true]);
  });

  it('marks a moved tag when the error names the action', () => {
    const changes = [change('actions[actions/checkout@v4]', CHECKOUT_V411, CHECKOUT_V422)];

    const named = markTouchesFailure(changes, [finding('rule:x', {}, 'Error: actions/checkout failed')]);
    const other = markTouchesFailure(changes, [finding('rule:x', {}, 'npm ERR! code E401')]);

    expect([named[0]?.touchesFailure, other[0]?.touchesFailure]).toEqual([true, false]);
  });
});
