// A check run of another CI as evidence: its output and annotations as one text, the check run's page
// as a ref.
import { checkRunText } from '../../src/ingest/github/check-run-source.ts';
import { parseRef } from '../../src/ingest/index.ts';

const HOSTS = {
  gcsUrl: 'https://storage.googleapis.com',
  prowUrls: ['https://prow.k8s.io'],
  githubWebUrl: 'https://github.com',
  cwd: '/',
};

describe('check runs of other CIs', () => {
  it('reads the output and each annotation with its path and lines', () => {
    const text = checkRunText(
      {
        id: 1,
        name: 'x',
        head_sha: 'a',
        status: 'completed',
        conclusion: 'failure',
        started_at: null,
        completed_at: null,
        html_url: null,
        details_url: null,
        output: { title: '2 checks failed', summary: 'lint', text: null },
      },
      [
        {
          path: 'src/a.ts',
          start_line: 3,
          end_line: 3,
          annotation_level: 'failure',
          title: 'no-unused-vars',
          message: "'x' is defined but never used",
        },
        {
          path: 'src/b.ts',
          start_line: 10,
          end_line: 12,
          annotation_level: 'warning',
          title: null,
          message: 'long function',
        },
      ],
    );

    expect(text).toBe(
      "2 checks failed\nlint\nsrc/a.ts:3: failure: no-unused-vars: 'x' is defined but never used\nsrc/b.ts:10-12: warning: long function\n",
    );
  });

  it("takes a check run's page on the GitHub host as a ref, not on another host", () => {
    expect(parseRef('https://github.com/acme/widgets/runs/4242', HOSTS)).toEqual({
      kind: 'check-run',
      owner: 'acme',
      repo: 'widgets',
      checkRunId: 4242,
    });
    expect(() => parseRef('https://example.org/acme/widgets/runs/4242', HOSTS)).toThrow();
  });
});
