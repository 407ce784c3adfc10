import { renderPrComment } from '../../../src/render/github/index.ts';
import { renderSlackReport } from '../../../src/render/slack/index.ts';
import { renderText } from '../../../src/render/text/index.ts';
import { HOSTILE_TOKEN, keyLinesReport, quotaReport } from '../sample-reports.ts';
import { stripCodeSpans } from '../sanitize/hostile-strings.ts';

/** Markdown outside code blocks and spans: where a mention or a link would be live. */
const outsideCode = (md: string): string => stripCodeSpans(md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, ''));

// When no finding explains a run, its key lines are the answer: every surface shows them first,
// cleaned like other log text (terminal escapes and secrets gone, markup defused by each escaper).
describe('key lines when nothing matched', () => {
  it('come first in the text output, new ones marked', () => {
    const out = renderText(keyLinesReport());

    const at = out.indexOf('Key lines:');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(out.indexOf('Cause:'));
    expect(out).toContain('build-log.txt:17  [new] 2026-03-04T13:56:13.0917858Z');
    expect(out).toContain('build-log.txt:10  2026-03-04T13:47:29.2269169Z fatal: No names found');
    expect(out).toContain('the key lines are the log lines most likely to state the cause');
    expect(out).not.toContain(HOSTILE_TOKEN);
    expect(out).not.toContain('\u001b[31m');
  });

  it('come first in the PR comment, in a code block, defused', () => {
    const report = keyLinesReport();
    const body = renderPrComment(
      {
        repo: 'entireio/cli',
        pr: 1,
        configNote: null,
        jobs: [
          { job: report.run.job, url: null, status: 'failing', report, error: null, updatedAt: '2026-03-04T14:00:00Z' },
        ],
      },
      { now: new Date('2026-03-04T14:00:00Z') },
    );

    const at = body.indexOf('**Key lines**');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(body.indexOf('No known failure pattern matched'));
    expect(body).toContain('Should NOT be empty, but was []');
    expect(body).not.toContain(HOSTILE_TOKEN);
    expect(outsideCode(body)).not.toContain('@here');
    expect(outsideCode(body)).not.toContain('Should NOT be empty');
  });

  it('come first in Slack, and the notification quotes the first one', () => {
    const msg = renderSlackReport(keyLinesReport());

    const texts = msg.blocks.map((b) => JSON.stringify(b));
    // After the verdict line and its small print (which say the cause is not identified).
    expect(texts[0]).toContain('cause not identified');
    expect(texts[2]).toContain('*Key lines* (most likely cause first)');
    expect(texts[3]).toContain('*Cause:*');
    expect(msg.text).toContain('Should NOT be empty, but was []');
    expect(JSON.stringify(msg)).not.toContain(HOSTILE_TOKEN);
  });

  it('stay out of the way when a finding explains the run (after the evidence in text, not in Slack)', () => {
    const report = { ...quotaReport(), keyLines: keyLinesReport().keyLines.slice(0, 1) };

    const out = renderText(report);
    const msg = renderSlackReport(report);

    expect(out.indexOf('Key lines:')).toBeGreaterThan(out.indexOf('Cause:'));
    expect(JSON.stringify(msg.blocks)).not.toContain('Key lines');
  });
});
