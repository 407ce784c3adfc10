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

const PR_RUN =
  'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160';

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
    expect(out).not.toContain('| Job |');
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
    expect(out).not.toContain('<summary>Details:');
    expect(out).not.toContain('❌');
  });

  it('shows a job still being triaged', () => {
    const out = renderPrComment(state([job(null)]), { now: NOW });

    expect(out).toContain('❌ **pull-kubernetes-csi-csi-proxy-unit** · triage in progress');
  });

  describe('verdict first', () => {
    const windows = (): Report => {
      const r = windowsEmptyEnvReport();
      r.run.url = PR_RUN;
      r.run.commit = '65c82fd2a1b3c4d5e6f708192a3b4c5d6e7f8091';
      r.run.jobType = 'presubmit';
      // A build-log line of the real run (the serial-log lines are already there).
      r.findings[0]?.evidence.push({
        artifact: 'build-log.txt',
        line: 188,
        text: '!!! Cannot find kubernetes-node-windows-amd64.tar.gz',
      });
      return r;
    };

    it('leads one job with verdict, short cause, culprit and its strongest reason, commit and rerun command', () => {
      const out = renderPrComment(state([job(windows())]), { now: NOW });
      const [, , head, culprit, meta] = out.split('\n\n');

      expect(head).toBe(
        '❌ **[pull-kubernetes-csi-csi-proxy-integration](https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160)** · **broken** · `NODE_BINARY_TAR_URL` was empty; the job lost `KUBE_GCE_ENABLE_IP_ALIASES` and 3 more env vars',
      );
      expect(culprit).toBe(
        '**Likely culprit:** [kubernetes/test-infra#34103](https://github.com/kubernetes/test-infra/pull/34103) \\[sig-windows\\] Remove failing GCE jobs: removes preset `- preset-common-gce-windows: "true"` in `config/jobs/kubernetes/sig-windows/windows-gce.yaml`',
      );
      expect(meta).toMatch(
        /^<sub>as of `65c82fd` · \[run #1889120572684636160\]\(https:\/\/prow\.k8s\.io\/view\/.+\) · rerun: `\/test pull-kubernetes-csi-csi-proxy-integration`<\/sub>$/,
      );
    });

    it('keeps the short cause under 120 characters of text', () => {
      const out = renderPrComment(state([job(windows())]), { now: NOW });
      const cause = out.split('\n\n')[2]!.split(' · ').slice(2).join(' · ');

      expect(cause.replace(/`/g, '').length).toBeLessThan(120);
    });

    it('collapses everything else per job, evidence linked into Spyglass and gcsweb', () => {
      const out = renderPrComment(state([job(windows())]), { now: NOW });
      const details = out.slice(out.indexOf('<details><summary>Details: pull-kubernetes-csi-csi-proxy-integration'));
      const view =
        'https://prow.k8s.io/view/gs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160';

      expect(out.indexOf('**Likely culprit:**')).toBeLessThan(out.indexOf('<details>'));
      expect(details).toContain('**Facts:**\n\n- **Empty variable:** `NODE_BINARY_TAR_URL`');
      expect(details).toContain(
        `- [build-log.txt:188](${view}#1:build-log.txt%3A188) \`!!! Cannot find kubernetes-node-windows-amd64.tar.gz\``,
      );
      expect(details).toContain(
        '- [artifacts/e2e-bb3cd9e79e-e3991-windows-node-group-dt2w/serial-1.log:10](https://gcsweb.k8s.io/gcs/kubernetes-ci-logs/pr-logs/pull/kubernetes-csi_csi-proxy/369/pull-kubernetes-csi-csi-proxy-integration/1889120572684636160/artifacts/e2e-bb3cd9e79e-e3991-windows-node-group-dt2w/serial-1.log)',
      );
      expect(details).toContain('**Suspects:**\n\n1. [kubernetes/test-infra#34103]');
    });

    it('puts other findings in their own list, not merged into the facts list', () => {
      const r = quotaReport();

      const out = renderPrComment(state([job(r)]), { now: NOW });

      expect(r.findings.length).toBeGreaterThan(1);
      expect(out).toMatch(/\n\n\*\*Other findings:\*\*\n\n- /);
      expect(out).not.toMatch(/^- \*[^*\n]+\n\n- _Also/m);
    });

    it('points an Actions job at its Re-run jobs page, and its evidence at the job log', () => {
      const r = windows();
      r.run.url = 'https://github.com/kubernetes-csi/csi-proxy/actions/runs/13211043093/job/36884467389';
      r.run.jobType = 'workflow';

      const out = renderPrComment(state([job(r)]), { now: NOW });

      expect(out).toContain(
        'rerun: [Re-run jobs](https://github.com/kubernetes-csi/csi-proxy/actions/runs/13211043093)</sub>',
      );
      expect(out).toContain(
        '- [build-log.txt:188](https://github.com/kubernetes-csi/csi-proxy/actions/runs/13211043093/job/36884467389) `!!! Cannot find',
      );
    });

    it('gives several jobs a table with verdict, cause, culprit, commit and rerun columns', () => {
      const capi = capiDriftReport();
      capi.run.commit = '850efe73eb12aa00bb11cc22dd33ee44ff556677';
      capi.run.jobType = 'periodic';

      const out = renderPrComment(state([job(windows()), job(capi)]), { now: NOW });
      const rows = out.split('\n').filter((l) => l.startsWith('| '));

      expect(rows[0]).toBe('| Job | Verdict | Cause | Likely culprit | Commit | Rerun |');
      expect(rows[2]).toContain(' | **broken** | `NODE_BINARY_TAR_URL` was empty');
      expect(rows[2]).toContain('[kubernetes/test-infra#34103](https://github.com/kubernetes/test-infra/pull/34103)');
      expect(rows[2]).toContain(' | `65c82fd` | `/test pull-kubernetes-csi-csi-proxy-integration` |');
      expect(rows[3]).toContain(' | **flaky** | image `kindest/node:v1.33.0-alpha.1.199_25278540780516` not found');
      expect(rows[3]).toContain(`[${capi.suspects[0]?.repo}#${capi.suspects[0]?.number}]`);
      // A periodic has no /test: Spyglass's page has the Rerun button.
      expect(rows[3]).toMatch(/ \| `850efe7` \| \[Rerun on Prow\]\(https:\/\/prow\.k8s\.io\/view\/[^)]+\) \|$/);
    });
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

    it('quotes evidence in code spans delimited by more backticks than any run inside', () => {
      const line = out.split('\n').find((l) => l.startsWith('- [build-log.txt:1]')) ?? '';
      const ticks = /\) (`+)/.exec(line)?.[1] ?? '';

      // The line holds a run of three backticks.
      expect(ticks.length).toBeGreaterThan(3);
      expect(line).toContain(`${ticks} \`\`\`</details><h1>pwned</h1> @everyone #1 ${ticks}`);
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

      const evidence = /build-log\.txt:\d+\]\([^)]+\) `line/g;
      expect(full.match(evidence)).toHaveLength(20);
      expect(lessEvidence.match(evidence)).toHaveLength(8);
      expect(lessEvidence).toContain('**Empty variable:**');
      expect(noEvidence).not.toContain('**Evidence:**');
      expect(noEvidence).toContain('**Empty variable:**');
      expect(tableOnly).not.toContain('<summary>Details:');
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
