// Six GitHub Actions failures, each a red run, its baseline and the commits between them, served by nock
// as GitHub's REST API answers them (shapes from docs.github.com REST examples). Logs are the runner's
// header (test/fixtures/actions/runner-logs.ts, quoted from real runs) and real wordings:
// - "Input required and not supplied: {name}": actions/toolkit packages/core/src/core.ts getInput
// - "{script}: line N: {cmd}: command not found": bash execute_cmd.c; the tree case is
//   https://github.com/actions/runner-images/issues/9935 (ubuntu-24.04 20240516.4.0 without tree)
// - "Error response from daemon: manifest for X not found: manifest unknown: manifest unknown": moby
//   (row moby-manifest-unknown of src/analyze/wordings/image-pull-manifest.yaml)
// - "fatal: unable to access '<url>': The requested URL returned error: 403": git's http.c
// - "--- FAIL: TestGetWidget (0.01s)": go test's testing.go
import nock from 'nock';
import { contentsAnswer } from '../fixtures/actions/github-api.ts';
import { CHECKOUT_V411, CHECKOUT_V422, jobLog, type HeaderParts } from '../fixtures/actions/runner-logs.ts';

export const OWNER = 'acme';
export const NAME = 'widgets';
export const REPO = `${OWNER}/${NAME}`;
export const API = 'https://api.github.com';
export const RED_ID = 5002;
export const PR = 12;
const WORKFLOW_ID = 77;
const PATH = '.github/workflows/ci.yml';
const BLOB = 'https://results-receiver.actions.githubusercontent.com';

export const sha = (c: string) => c.repeat(40);

export interface CommitSpec {
  sha: string;
  message: string;
  files: { filename: string; patch: string }[];
}

export interface Scenario {
  name: string;
  job: string;
  /** The baseline is a green run on the PR's base branch (the PR's first run). */
  firstRun?: boolean;
  baseline: { sha: string; workflow: string; header: HeaderParts; body: string[] };
  red: { sha: string; workflow: string; header: HeaderParts; body: string[] };
  commits: CommitSpec[];
  expect: {
    finding: string;
    /** Definition change paths, and which of them touch the failure. */
    changes: string[];
    touching: string[];
    /** Suspect titles, best first (a prefix of the list). */
    suspects: string[];
    /** Text the rendered comment must carry. */
    comment: string[];
  };
}

const yaml = (jobs: string, top = '') =>
  `name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\n${top}jobs:\n${jobs}`;

const BUILD = (steps: string, extra = '') =>
  `  build:\n    runs-on: ubuntu-24.04\n${extra}    steps:\n      - uses: actions/checkout@v4\n${steps}`;
const LINT = (runsOn: string) => `  lint:\n    runs-on: ${runsOn}\n    steps:\n      - run: ruff check .\n`;

const AWS = (region: boolean) =>
  `      - name: aws\n        uses: aws-actions/configure-aws-credentials@v4\n        with:\n${region ? '          aws-region: eu-west-1\n' : ''}          role-to-assume: arn:aws:iam::123456789012:role/ci\n      - run: ./scripts/deploy.sh\n`;

const PUBLISH = (secret: boolean) =>
  `  publish:\n    uses: ./.github/workflows/release.yml\n    with:\n      dry-run: false\n${secret ? '    secrets:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n' : ''}`;

const CONTAINER = (tag: string) => `    container: node:${tag}\n`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'action tag moved',
    job: 'build',
    baseline: {
      sha: sha('1'),
      workflow: yaml(BUILD('      - run: git fetch origin main\n')),
      header: { actions: { 'actions/checkout@v4': CHECKOUT_V411 } },
      body: ['##[group]Run git fetch origin main', 'From https://github.com/acme/widgets'],
    },
    red: {
      sha: sha('2'),
      workflow: yaml(BUILD('      - run: git fetch origin main\n')),
      header: { actions: { 'actions/checkout@v4': CHECKOUT_V422 } },
      body: [
        '##[group]Run git fetch origin main',
        "fatal: unable to access 'https://github.com/acme/widgets/': The requested URL returned error: 403",
        '##[error]Process completed with exit code 128.',
      ],
    },
    commits: [
      {
        sha: sha('3'),
        message: 'docs: explain the release steps',
        files: [{ filename: 'README.md', patch: '@@ -1 +1 @@\n-Release\n+Releasing\n' }],
      },
    ],
    expect: {
      finding: 'rule:git-access-denied',
      changes: ['actions[actions/checkout@v4]'],
      touching: [],
      suspects: ['actions/checkout@v4 moved b4ffde6 → 11bd719'],
      comment: [
        'moved: it resolved to 11bd71901bbe (the baseline ran b4ffde65f463)',
        'https://github.com/actions/checkout/compare/',
      ],
    },
  },
  {
    name: 'runner image update',
    job: 'build',
    baseline: {
      sha: sha('1'),
      workflow: yaml(BUILD('      - run: tree -L 2 dist\n')),
      header: { version: '20240508.1.0', release: 'ubuntu24/20240508.1' },
      body: ['##[group]Run tree -L 2 dist', 'dist'],
    },
    red: {
      sha: sha('2'),
      workflow: yaml(BUILD('      - run: tree -L 2 dist\n')),
      header: { version: '20240516.4.0', release: 'ubuntu24/20240516.4' },
      body: [
        '##[group]Run tree -L 2 dist',
        '/home/runner/work/_temp/5d3c2a9e-1f0b-4a8e-9a57-1d0c6e7b2f11.sh: line 1: tree: command not found',
        '##[error]Process completed with exit code 127.',
      ],
    },
    commits: [],
    expect: {
      finding: 'rule:command-not-found',
      changes: ['runner.image-version'],
      touching: ['runner.image-version'],
      suspects: ['runner image ubuntu-24.04 20240508.1.0 → 20240516.4.0'],
      comment: ['https://github.com/actions/runner-images/releases/tag/ubuntu24%2F20240516.4', 'touches the failure'],
    },
  },
  {
    name: 'input dropped in a workflow edit',
    job: 'build',
    baseline: {
      sha: sha('1'),
      workflow: yaml(BUILD(AWS(true))),
      header: {},
      body: ['##[group]Run aws-actions/configure-aws-credentials@v4', 'Assuming role with OIDC'],
    },
    red: {
      sha: sha('2'),
      workflow: yaml(BUILD(AWS(false))),
      header: {},
      body: [
        '##[group]Run aws-actions/configure-aws-credentials@v4',
        'with:',
        '  role-to-assume: arn:aws:iam::123456789012:role/ci',
        '##[endgroup]',
        '##[error]Input required and not supplied: aws-region',
      ],
    },
    commits: [
      {
        sha: sha('4'),
        message: 'ci: take the AWS region from the role (#41)',
        files: [
          {
            filename: PATH,
            patch:
              '@@ -12,7 +12,6 @@ jobs:\n         uses: aws-actions/configure-aws-credentials@v4\n         with:\n-          aws-region: eu-west-1\n           role-to-assume: arn:aws:iam::123456789012:role/ci\n',
          },
        ],
      },
      { sha: sha('5'), message: 'docs: typo', files: [{ filename: 'README.md', patch: '@@ -1 +1 @@\n-teh\n+the\n' }] },
    ],
    expect: {
      finding: 'empty-env',
      changes: ['jobs.build.steps[aws].with.aws-region'],
      touching: ['jobs.build.steps[aws].with.aws-region'],
      suspects: ['ci: take the AWS region from the role (#41)'],
      comment: ['was removed (was eu-west-1) — **touches the failure**', `${REPO}#41`],
    },
  },
  {
    name: 'secret not passed to a reusable workflow',
    job: 'publish / npm',
    firstRun: true,
    baseline: {
      sha: sha('6'),
      workflow: yaml(PUBLISH(true)),
      header: {},
      body: ['##[group]Run JS-DevTools/npm-publish@v3', '+ widgets@1.4.0'],
    },
    red: {
      sha: sha('2'),
      workflow: yaml(PUBLISH(false)),
      header: {},
      body: [
        '##[group]Run JS-DevTools/npm-publish@v3',
        'with:',
        '  dry-run: false',
        '##[endgroup]',
        '##[error]Input required and not supplied: token',
      ],
    },
    commits: [
      {
        sha: sha('7'),
        message: 'ci: call the release workflow with its inputs only',
        files: [
          {
            filename: PATH,
            patch:
              '@@ -9,6 +9,4 @@ jobs:\n     with:\n       dry-run: false\n-    secrets:\n-      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
          },
        ],
      },
    ],
    expect: {
      finding: 'empty-env',
      changes: ['jobs.publish.secrets[NPM_TOKEN]'],
      touching: ['jobs.publish.secrets[NPM_TOKEN]'],
      suspects: ['ci: call the release workflow with its inputs only'],
      comment: ['passed to the reusable workflow was removed', 'on the base branch main at the merge base 6666666'],
    },
  },
  {
    name: 'container image bumped to a missing tag',
    job: 'build',
    baseline: {
      sha: sha('1'),
      workflow: yaml(BUILD('      - run: npm test\n', CONTAINER('22.11-alpine'))),
      header: {},
      body: ['##[group]Initialize containers', '22.11-alpine: Pulling from library/node'],
    },
    red: {
      sha: sha('2'),
      workflow: yaml(BUILD('      - run: npm test\n', CONTAINER('22.99-alpine'))),
      header: {},
      body: [
        '##[group]Initialize containers',
        '##[command]/usr/bin/docker pull node:22.99-alpine',
        'Error response from daemon: manifest for node:22.99-alpine not found: manifest unknown: manifest unknown',
        '##[warning]Docker pull failed with exit code 1, back off 7.52 seconds before retry.',
        '##[error]Docker pull failed with exit code 1',
      ],
    },
    commits: [
      {
        sha: sha('8'),
        message: 'ci: node 22.99',
        files: [
          {
            filename: PATH,
            patch:
              '@@ -8,7 +8,7 @@ jobs:\n   build:\n     runs-on: ubuntu-24.04\n-    container: node:22.11-alpine\n+    container: node:22.99-alpine\n',
          },
        ],
      },
    ],
    expect: {
      finding: 'image-pull-manifest',
      changes: ['jobs.build.container.image'],
      touching: ['jobs.build.container.image'],
      suspects: ['ci: node 22.99'],
      comment: ["the job's container image changed from node:22.11-alpine to node:22.99-alpine"],
    },
  },
  {
    name: 'unrelated workflow edit',
    job: 'build',
    baseline: {
      sha: sha('1'),
      workflow: yaml(BUILD('      - run: go test ./...\n') + LINT('ubuntu-22.04')),
      header: {},
      body: ['##[group]Run go test ./...', 'ok  \tgithub.com/acme/widgets/api\t0.412s'],
    },
    red: {
      sha: sha('2'),
      workflow: yaml(BUILD('      - run: go test ./...\n') + LINT('ubuntu-24.04')),
      header: {},
      body: [
        '##[group]Run go test ./...',
        '--- FAIL: TestGetWidget (0.01s)',
        '    widget_test.go:42: got status 500, want 200',
        'FAIL\tgithub.com/acme/widgets/api\t0.398s',
        '##[error]Process completed with exit code 1.',
      ],
    },
    commits: [
      {
        sha: sha('9'),
        message: 'ci: lint on ubuntu-24.04',
        files: [
          {
            filename: PATH,
            patch: '@@ -14,5 +14,5 @@ jobs:\n   lint:\n-    runs-on: ubuntu-22.04\n+    runs-on: ubuntu-24.04\n',
          },
        ],
      },
    ],
    expect: { finding: 'rule:go-test-failure', changes: [], touching: [], suspects: [], comment: [] },
  },
];

function runJson(id: number, s: Scenario, which: 'red' | 'green') {
  const onBase = which === 'green' && s.firstRun === true;
  const head = which === 'red' ? s.red.sha : s.baseline.sha;
  return {
    id,
    name: 'CI',
    node_id: `WFR_${id}`,
    head_branch: onBase ? 'main' : 'fix-ci',
    head_sha: head,
    path: PATH,
    run_number: id - 5000,
    event: onBase ? 'push' : 'pull_request',
    display_title: 'Fix CI',
    status: 'completed',
    conclusion: which === 'red' ? 'failure' : 'success',
    workflow_id: WORKFLOW_ID,
    url: `${API}/repos/${REPO}/actions/runs/${id}`,
    html_url: `https://github.com/${REPO}/actions/runs/${id}`,
    pull_requests: onBase
      ? []
      : [
          {
            url: `${API}/repos/${REPO}/pulls/${PR}`,
            id: 1200,
            number: PR,
            head: { ref: 'fix-ci', sha: s.red.sha, repo: { id: 1, url: `${API}/repos/${REPO}`, name: NAME } },
            base: { ref: 'main', sha: sha('0'), repo: { id: 1, url: `${API}/repos/${REPO}`, name: NAME } },
          },
        ],
    created_at: which === 'red' ? '2025-02-11T10:00:00Z' : '2025-02-10T10:00:00Z',
    updated_at: which === 'red' ? '2025-02-11T10:09:00Z' : '2025-02-10T10:09:00Z',
    run_attempt: 1,
    run_started_at: which === 'red' ? '2025-02-11T10:00:02Z' : '2025-02-10T10:00:02Z',
    head_commit: {
      id: head,
      tree_id: sha('e'),
      message: 'Fix CI',
      timestamp: which === 'red' ? '2025-02-11T09:59:00Z' : '2025-02-10T09:59:00Z',
    },
  };
}

function jobJson(id: number, runId: number, name: string, conclusion: string) {
  return {
    id,
    run_id: runId,
    run_url: `${API}/repos/${REPO}/actions/runs/${runId}`,
    node_id: `CR_${id}`,
    head_sha: sha('2'),
    url: `${API}/repos/${REPO}/actions/jobs/${id}`,
    html_url: `https://github.com/${REPO}/actions/runs/${runId}/job/${id}`,
    status: 'completed',
    conclusion,
    started_at: runId === RED_ID ? '2025-02-11T10:00:10Z' : '2025-02-10T10:00:10Z',
    completed_at: runId === RED_ID ? '2025-02-11T10:08:50Z' : '2025-02-10T10:08:50Z',
    name,
    steps: [],
    labels: ['ubuntu-24.04'],
  };
}

function commitJson(c: CommitSpec, withFiles: boolean) {
  return {
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 8)}`,
    html_url: `https://github.com/${REPO}/commit/${c.sha}`,
    url: `${API}/repos/${REPO}/commits/${c.sha}`,
    commit: {
      message: c.message,
      author: { name: 'Mona Lisa', email: 'mona@example.com', date: '2025-02-11T08:00:00Z' },
      committer: { name: 'GitHub', email: 'noreply@github.com', date: '2025-02-11T08:00:00Z' },
    },
    author: { login: 'octocat', id: 1, type: 'User' },
    parents: [],
    ...(withFiles
      ? { files: c.files.map((f) => ({ ...f, status: 'modified', additions: 1, deletions: 1, changes: 2 })) }
      : {}),
  };
}

/** One run: the run, its jobs, the job log through its redirect, the workflow file at its head. */
function nockRun(id: number, jobId: number, s: Scenario, which: 'red' | 'green', api: string) {
  const side = which === 'red' ? s.red : s.baseline;
  const scope = nock(api);
  scope.get(`/repos/${REPO}/actions/runs/${id}`).reply(200, runJson(id, s, which));
  scope
    .get(`/repos/${REPO}/actions/runs/${id}/jobs`)
    .query({ filter: 'latest', per_page: '100' })
    .reply(200, { total_count: 1, jobs: [jobJson(jobId, id, s.job, which === 'red' ? 'failure' : 'success')] });
  scope
    .get(`/repos/${REPO}/actions/jobs/${jobId}/logs`)
    .reply(302, '', { location: `${BLOB}/job-logs/${jobId}.txt?sig=x` });
  nock(BLOB).get(`/job-logs/${jobId}.txt`).query({ sig: 'x' }).reply(200, jobLog(side.header, side.body));
  scope
    .get(`/repos/${REPO}/contents/.github%2Fworkflows%2Fci.yml`)
    .query({ ref: side.sha })
    .reply(200, contentsAnswer(OWNER, NAME, PATH, side.workflow, side.sha));
}

/** Every GitHub answer one triage of the scenario's red run reads. */
export function nockScenario(s: Scenario, api = API): void {
  const greenId = s.firstRun ? 4990 : 5001;
  nockRun(RED_ID, 902, s, 'red', api);
  const scope = nock(api);
  const branchRuns = s.firstRun
    ? [runJson(RED_ID, s, 'red')]
    : [runJson(RED_ID, s, 'red'), runJson(greenId, s, 'green')];
  scope
    .get(`/repos/${REPO}/actions/workflows/${WORKFLOW_ID}/runs`)
    .query({ branch: 'fix-ci', per_page: '50' })
    .reply(200, { total_count: branchRuns.length, workflow_runs: branchRuns });
  if (s.firstRun) {
    scope
      .get(`/repos/${REPO}/compare/main...${s.red.sha}`)
      .query({ per_page: '1' })
      .reply(200, {
        status: 'diverged',
        ahead_by: 1,
        behind_by: 0,
        total_commits: 1,
        merge_base_commit: commitJson({ sha: s.baseline.sha, message: 'release 1.4.0', files: [] }, false),
        commits: [],
        files: [],
      });
    scope
      .get(`/repos/${REPO}/actions/workflows/${WORKFLOW_ID}/runs`)
      .query({ branch: 'main', status: 'success', per_page: '50' })
      .reply(200, { total_count: 1, workflow_runs: [runJson(greenId, s, 'green')] });
  }
  nockRun(greenId, 802, s, 'green', api);
  // Suspects: the repo's PRs merged in the window (none here), then the commits between the two heads.
  scope.get(`/repos/${REPO}`).reply(200, { id: 1, name: NAME, full_name: REPO, default_branch: 'main' });
  scope.get(`/repos/${REPO}/pulls`).query(true).reply(200, []);
  const files = s.commits.flatMap((c) => c.files.map((f) => ({ ...f, status: 'modified' })));
  scope
    .get(`/repos/${REPO}/compare/${s.baseline.sha}...${s.red.sha}`)
    .query({ per_page: '100' })
    .reply(200, {
      status: 'ahead',
      ahead_by: s.commits.length,
      behind_by: 0,
      total_commits: s.commits.length,
      merge_base_commit: commitJson({ sha: s.baseline.sha, message: 'base', files: [] }, false),
      commits: s.commits.map((c) => commitJson(c, false)),
      files,
    });
  const readsCommits = s.expect.changes.some((p) => !p.startsWith('runner.') && !p.startsWith('actions['));
  if (readsCommits && files.some((f) => f.filename.startsWith('.github/')))
    for (const c of s.commits) scope.get(`/repos/${REPO}/commits/${c.sha}`).reply(200, commitJson(c, true));
}
