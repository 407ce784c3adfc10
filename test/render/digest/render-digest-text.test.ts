import { digestIssueMarker, renderDigestBlocks, renderDigestMarkdown } from '../../../src/render/digest/index.ts';
import type { Digest } from '../../../src/digest/index.ts';
import { HOSTILE_TOKEN } from '../sample-reports.ts';
import { weekDigest } from './week-digest.ts';

function texts(blocks: Record<string, unknown>[]): string[] {
  return blocks.flatMap((b) => {
    const text = (b.text as { text?: string } | undefined)?.text;
    const elements = ((b.elements as { text?: string }[] | undefined) ?? []).map((e) => e.text ?? '');
    return [...(text ? [text] : []), ...elements];
  });
}

function hostile(): Digest {
  const d = weekDigest();
  const cause = d.causes[0] as Digest['causes'][number];
  cause.name = cause.summary = `<!channel> @here <https://evil.example|click> token=${HOSTILE_TOKEN}`;
  cause.jobs = ['<@U123ABC>-job'];
  (d.topJobs[0] as Digest['topJobs'][number]).job = 'job|with <b>markup</b> @channel';
  (d.suspects[0] as Digest['suspects'][number]).title = 'Fix @org/team ping <!here>';
  return d;
}

describe('renderDigestBlocks', () => {
  it('renders the week as Block Kit', () => {
    expect(renderDigestBlocks(weekDigest(), { withChart: true })).toMatchSnapshot();
  });

  it('leads with the numbers and their change against the previous period', () => {
    const m = renderDigestBlocks(weekDigest());

    expect(m.text).toContain('11 failures (+7 vs 4) in 5 jobs (+2); 5 causes: 1 new, 4 recurring');
    const all = texts(m.blocks).join('\n');
    expect(all).toContain('*3* (+3) `empty-env` _recurring_');
    expect(all).toContain('*2* (+2) `rule:oom-killed` _new_');
    expect(all).toContain('<https://github.com/example-org/widget/pull/502|example-org/widget#502>');
    expect(all).toContain(
      '`periodic-cluster-api-e2e-latestk8s-main`: 3 flips in the period; 1 passed / 2 failed (history verdict)',
    );
    expect(all).toContain('*\u201cWrong cause?\u201d feedback:* 1 (\u00b10 vs 1): rule:gce-quota-exceeded 1');
  });

  it('defuses mentions, links and secrets coming from logs and titles', () => {
    const all = texts(renderDigestBlocks(hostile()).blocks).join('\n');

    expect(all).not.toMatch(/<!|<@|<https:\/\/evil/);
    expect(all).not.toMatch(/@(here|channel)\b/);
    expect(all).not.toContain(HOSTILE_TOKEN);
    expect(all).toContain('[REDACTED]');
  });

  it('stays within Slack limits with hundreds of causes', () => {
    const d = weekDigest();
    const template = d.causes[0] as Digest['causes'][number];
    d.causes = Array.from({ length: 300 }, (_, i) => ({
      ...template,
      fingerprint: `fp-${i}`,
      summary: `cause ${i} ${'x'.repeat(400)}`,
    }));

    const m = renderDigestBlocks(d, { maxCauses: 300 });

    expect(m.blocks.length).toBeLessThanOrEqual(50);
    for (const t of texts(m.blocks)) expect(t.length).toBeLessThanOrEqual(3000);
  });

  it('says "none" for an empty period instead of empty sections', () => {
    const d = weekDigest();
    d.totals = { failures: 0, previous: 2, failingJobs: 0, previousFailingJobs: 1 };
    d.causes = [];
    d.topJobs = [];
    d.suspects = [];
    d.flaky = [];
    d.feedback = { total: 0, previous: 0, byClassifier: [] };

    const all = texts(renderDigestBlocks(d).blocks).join('\n');

    expect(all).toContain('0 failures (\u22122 vs 2)');
    expect(all).toContain('feedback:* none');
    expect(all).not.toContain('By cause');
  });
});

describe('renderDigestMarkdown', () => {
  it('starts with the scope marker and tabulates causes and jobs', () => {
    const md = renderDigestMarkdown(weekDigest());

    expect(md.startsWith(digestIssueMarker('channel:C0KUBE001|7d'))).toBe(true);
    expect(md).toContain('| 3 | +3 | `empty-env` NODE\\_BINARY\\_TAR\\_URL was empty; the job lost');
    expect(md).toContain(
      '| [periodic-cluster-api-e2e-latestk8s-main](https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/periodic-cluster-api-e2e-latestk8s-main/1889575453191049217) | 3 | +2 |',
    );
  });

  it('escapes hostile text for GitHub', () => {
    const md = renderDigestMarkdown(hostile());

    expect(md).not.toContain(HOSTILE_TOKEN);
    expect(md).not.toMatch(/<!channel>|<b>/);
    expect(md).not.toMatch(/@here\b/);
  });

  it('keeps the marker a well-formed HTML comment whatever the key holds', () => {
    const marker = digestIssueMarker('channel:C1|7d --> <script>');

    expect(marker).toBe('<!-- ci-triage:digest scope=channel:C1|7d_-___script_ -->');
    expect(marker.slice(4, -3)).not.toMatch(/--|[<>]/);
  });
});
