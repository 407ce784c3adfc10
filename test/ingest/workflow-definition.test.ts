// Which workflow job a run's job name stands for (the API names jobs by `name:`, matrix values and
// reusable-workflow callers: "test (ubuntu, 22)", "release / publish").
import { matchWorkflowJob } from '../../src/ingest/github/workflow-definition.ts';

const JOBS = {
  build: { 'runs-on': 'ubuntu-latest' },
  test: { name: 'Unit tests', strategy: { matrix: { os: ['ubuntu', 'macos'] } } },
  release: { uses: './.github/workflows/publish.yml' },
  e2e: { name: 'e2e ${{ matrix.shard }}' },
};

describe('matchWorkflowJob', () => {
  it.each([
    ['build', 'build'],
    ['Unit tests', 'test'],
    ['Unit tests (ubuntu)', 'test'],
    ['release / publish', 'release'],
    ['e2e (1)', 'e2e'],
    ['deploy', null],
  ])('%s -> %s', (name, id) => {
    expect(matchWorkflowJob(JOBS, name)).toBe(id);
  });

  it('takes the only job of a one-job workflow whatever its display name', () => {
    expect(matchWorkflowJob({ ci: { name: 'CI ${{ github.ref }}' } }, 'CI refs/heads/main')).toBe('ci');
  });
});
