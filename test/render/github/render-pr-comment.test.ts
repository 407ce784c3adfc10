import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderPrComment } from '../../../src/render/github/index.ts';
import type { PrCommentJob, PrCommentState } from '../../../src/render/github/index.ts';
import type { Report } from '../../../src/types.ts';
import {
  capiDriftReport,
  HOSTILE_TOKEN,
  hostileReport,
  quotaReport,
  windowsEmptyEnvReport,
} from '../sample-reports.ts';
import { stripCodeSpans } from '../sanitize/hostile-strings.ts';

const NOW = new Date('2025-02-11T02:05:00Z');

function job(report: Report | null, over: Partial<PrCommentJob> = {}): PrCommentJob {
  return {
    job: report?.run.job ?? 'pull-kubernetes-csi-csi-proxy-unit',
    url: report?.run.url ?? null,
    status: 'failing',
    report,
    error: null,
    updatedAt: '2025-02-11T02:03:00Z',
    ...over,
  };
}

function state(jobs: PrCommentJob[], configNote: string | null = null): PrCommentState {
  return { repo: 'kubernetes-csi/csi-proxy', pr: 369, jobs, configNote };
}

/** Prose outside fenced blocks and code spans: where Markdown and HTML would render. */
function renderedProse(md: string): string {
  return stripCodeSpans(md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, ''));
}

describe('renderPrComment', () => {
  it('shows the suspects note beside the suspects (e.g. why scores were lowered)', () => {
    const report = {
      ...capiDriftReport(),
      suspectsNote: 'the cause is flaky (4 failures alternate with 3 passing runs): scores halved',
    };

    const md = renderPrComment(state([job(report)]), { now: NOW });

    expect(report.suspects.length).toBeGreaterThan(0);
    expect(md).toContain('_the cause is flaky (4 failures alternate with 3 passing runs): scores halved_');
  });

  it('renders failing, errored and resolved jobs with a config note', () => {
    const s = state(
      [
        job(windowsEmptyEnvReport()),
        job(null, { error: 'GCS answered 404 for build-log.txt' }),
        job(quotaReport(), { job: 'pull-kubernetes-csi-csi-proxy-sanity', status: 'resolved' }),
      ],
      '`.github/ci-triage.yml` is malformed: slack.channel: expected string',
    );

    expect(renderPrComment(s, { now: NOW })).toMatchSnapshot();
  });

  it('renders a single flaky job without the summary table', () => {
    const out = renderPrComment(state([job(capiDriftReport())]), { now: NOW });

    expect(out).toMatchSnapshot();
    expect(out).not.toContain('| Job | Cause |');
    expect(out).toContain('**flaky**');
    expect(out).toContain('[example-org/widget#502](https://github.com/example-org/widget/pull/502)');
  });

  it('starts with the hidden marker and stamps the time it was given', () => {
    const out = renderPrComment(state([job(capiDriftReport())]), { now: NOW });

    expect(out.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(out).toContain('updated 2025-02-11 02:05 UTC');
  });

  it('says when every job passes again and keeps them collapsed', () => {
    const out = renderPrComment(state([job(capiDriftReport(), { status: 'resolved' })]), { now: NOW });

    expect(out).toContain('every job that failed on this PR passes now');
    expect(out).toMatch(
      /<details><summary>✅ Resolved \(1\)<\/summary>\n\n- \[periodic-cluster-api-e2e-latestk8s-main\]\(https:\/\/prow/,
    );
    expect(out).not.toContain('#### ❌');
  });

  it('shows a job still being triaged', () => {
    const out = renderPrComment(state([job(null)]), { now: NOW });

    expect(out).toContain('⏳ Triage in progress.');
  });

  describe('with hostile log content', () => {
    const out = renderPrComment(
      state([job(hostileReport()), job(quotaReport(), { job: 'x', status: 'resolved' })], '<b>@here</b> `ok`'),
      { now: NOW },
    );
    const prose = renderedProse(out);

    it('keeps our marker unique and first', () => {
      expect(out.split(COMMENT_MARKER)).toHaveLength(2);
      expect(out.startsWith(COMMENT_MARKER)).toBe(true);
    });

    it('lets no HTML through except our own tags', () => {
      const tags = prose.match(/<[^>]*>/g) ?? [];

      expect(new Set(tags)).toEqual(
        new Set([COMMENT_MARKER, '<details>', '<summary>', '</summary>', '</details>', '<sub>', '</sub>']),
      );
      expect(prose.split('<details>').length).toBe(prose.split('</details>').length);
    });

    it('mentions nobody and links no issue from log text', () => {
      // Our own `[run #123](url)` labels are inside links, where GitHub does not autolink.
      const ours = prose.replace(/\[run #\d+\]\(/g, '');

      expect(prose).not.toMatch(/@\w/);
      expect(ours).not.toMatch(/(?<![\w/])#\d/);
      expect(prose).not.toMatch(/\bGH-\d/i);
    });

    it('redacts secrets', () => {
      expect(out).not.toContain(HOSTILE_TOKEN);
      expect(out).not.toContain('hunter2');
    });

    it('fences evidence with more backticks than any run inside', () => {
      const fence = /^(`{3,})text$/m.exec(out)?.[1] ?? '';

      expect(fence.length).toBeGreaterThan(5);
      expect(out).toContain(`${fence}text\nbuild-log.txt:1  \`\`\`</details><h1>pwned</h1> @everyone #1`);
    });
  });

  describe('size limit', () => {
    function bigReport(i: number): Report {
      const r = windowsEmptyEnvReport();
      r.run.job = `pull-job-${i}`;
      const top = r.findings[0];
      if (top)
        top.evidence = Array.from({ length: 30 }, (_, n) => ({
          artifact: 'build-log.txt',
          line: n + 1,
          text: `line ${n} ${'x'.repeat(400)}`,
        }));
      return r;
    }

    it('stays under GitHub’s limit with many large jobs, keeping every job in the table', () => {
      const jobs = Array.from({ length: 120 }, (_, i) => job(bigReport(i), { job: `pull-job-${i}` }));

      const out = renderPrComment(state(jobs), { now: NOW });

      expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(out.startsWith(COMMENT_MARKER)).toBe(true);
      expect(out).toContain('| [pull-job-0]');
      expect(out).toContain('… and 20 more failing jobs');
    });

    it('drops evidence before facts, and facts before sections', () => {
      const s = state([job(bigReport(1)), job(bigReport(2))]);
      const full = renderPrComment(s, { now: NOW });

      const lessEvidence = renderPrComment(s, { now: NOW, maxChars: full.length - 1 });
      const noEvidence = renderPrComment(s, { now: NOW, maxChars: lessEvidence.length - 1 });
      const tableOnly = renderPrComment(s, { now: NOW, maxChars: 1500 });

      expect(full.match(/build-log\.txt:\d+ {2}line/g)).toHaveLength(20);
      expect(lessEvidence.match(/build-log\.txt:\d+ {2}line/g)).toHaveLength(8);
      expect(lessEvidence).toContain('**Empty variable:**');
      expect(noEvidence).not.toContain('<details><summary>Evidence');
      expect(noEvidence).toContain('**Empty variable:**');
      expect(tableOnly).not.toContain('#### ❌');
      expect(tableOnly).toContain('| [pull-job-1]');
      expect(tableOnly.length).toBeLessThanOrEqual(1500);
    });

    it('never exceeds even an absurdly small limit', () => {
      const out = renderPrComment(state([job(bigReport(1))]), { now: NOW, maxChars: 40 });

      expect(out.length).toBeLessThanOrEqual(40);
      expect(out.startsWith(COMMENT_MARKER)).toBe(true);
    });
  });
});
