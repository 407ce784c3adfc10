// The definition changes of a job in the PR comment and the text report: in words, the change that
// touches the failure first and marked, the base-branch baseline said where the baseline is.
import { renderDefinitionSection } from '../../../src/render/github/definition-section.ts';
import { DETAIL_LEVELS, renderPrComment } from '../../../src/render/github/index.ts';
import { renderText } from '../../../src/render/text/index.ts';
import { buildReportView } from '../../../src/render/view/index.ts';
import type { Report } from '../../../src/types.ts';
import { capiDriftReport } from '../sample-reports.ts';

function actionsReport(): Report {
  const base = capiDriftReport();
  return {
    ...base,
    baselineNote:
      "The PR's branch fix-ci has no green run of this workflow, so the baseline is the last green run on the base branch main at the merge base 1a2b3c4 (run 4995)",
    definitionChanges: [
      {
        path: 'jobs.build.steps[Test].env[CI]',
        before: null,
        after: 'true',
        touchesFailure: false,
        source: '.github/workflows/ci.yml@abc',
      },
      {
        path: 'jobs.build.steps[aws].with.aws-region',
        before: 'eu-west-1',
        after: null,
        touchesFailure: true,
        source: '.github/workflows/ci.yml@abc',
      },
    ],
  };
}

describe('definition changes in the comment', () => {
  it('says each change in words, the one touching the failure first and marked', () => {
    const section = renderDefinitionSection(buildReportView(actionsReport()), DETAIL_LEVELS[0]!);

    expect(section?.split('\n')).toEqual([
      '**Definition changes since the baseline:**',
      '- input aws-region of step "aws" was removed (was eu-west-1) — **touches the failure** <sub>`jobs.build.steps[aws].with.aws-region`</sub>',
      '- env var CI was added (true) <sub>`jobs.build.steps[Test].env[CI]`</sub>',
    ]);
  });

  it('is part of the job section, with the baseline note beside the baseline', () => {
    const job = {
      job: 'CI / build',
      url: null,
      status: 'failing' as const,
      updatedAt: '2025-02-12T08:00:00Z',
      report: actionsReport(),
      error: null,
    };

    const body = renderPrComment(
      { repo: 'acme/widgets', pr: 9, jobs: [job], configNote: null },
      { now: new Date('2025-02-12T09:00:00Z') },
    );

    expect(body).toContain('**Definition changes since the baseline:**');
    expect(body).toContain('the baseline is the last green run on the base branch main at the merge base 1a2b3c4');
  });

  it('is left out without changes', () => {
    expect(
      renderDefinitionSection(buildReportView({ ...actionsReport(), definitionChanges: [] }), DETAIL_LEVELS[0]!),
    ).toBeNull();
  });

  it('reaches the text report too', () => {
    const out = renderText(actionsReport());

    expect(out).toContain('jobs.build.steps[aws].with.aws-region: eu-west-1 -> (none) (touches the failure)');
    expect(out).toContain('at the merge base 1a2b3c4 (run 4995)');
  });
});
