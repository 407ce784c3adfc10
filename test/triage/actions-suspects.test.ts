// Which repos an Actions run's suspects are searched in, and how its suspect lists merge.
import { mergeSuspects } from '../../src/triage/actions-suspects.ts';
import { defaultConfigRepos, suspectRepos } from '../../src/triage/suspects-step.ts';
import type { RunInfo, Suspect } from '../../src/types.ts';
import { runInfo } from '../analyze/support.ts';

const pull = (number: number, score: number): Suspect => ({
  repo: 'acme/widgets',
  number,
  title: `PR ${number}`,
  url: `https://github.com/acme/widgets/pull/${number}`,
  author: null,
  mergedAt: '2025-02-11T00:00:00Z',
  score,
  reasons: [{ kind: 'term-hit', file: null, sign: null, text: `r${number}-${score}` }],
});

describe('config repos', () => {
  const workflow: RunInfo = runInfo({ jobType: 'workflow', repo: 'acme/widgets' });
  const prow: RunInfo = runInfo({ jobType: 'presubmit', repo: 'kubernetes/kubernetes' });

  it("leaves the deployment's Prow config repos out of an Actions run, keeps them for Prow", () => {
    expect(suspectRepos(workflow, defaultConfigRepos(workflow, ['kubernetes/test-infra']))).toEqual(['acme/widgets']);
    expect(suspectRepos(prow, defaultConfigRepos(prow, ['kubernetes/test-infra']))).toEqual([
      'kubernetes/test-infra',
      'kubernetes/kubernetes',
    ]);
  });
});

describe('mergeSuspects', () => {
  it('lists a PR found both ways once, with both reasons, best first', () => {
    const merged = mergeSuspects([[pull(7, 70)], [pull(7, 45), pull(8, 90)]], 5);

    expect(merged.map((s) => [s.number, s.score])).toEqual([
      [8, 90],
      [7, 70],
    ]);
    expect(merged[1]?.reasons.map((r) => r.text)).toEqual(['r7-70', 'r7-45']);
  });
});
