import { renderPrComment, renderSlackReport, renderText } from '../render/index.ts';
import type { PrCommentState } from '../render/index.ts';
import type { Report } from '../types.ts';
import type { OutputFormat } from './format-names.ts';

export { OUTPUT_FORMATS } from './format-names.ts';
export type { OutputFormat } from './format-names.ts';

// How `analyze` prints a report. `markdown` and `slack` go through the App's own renderers, so what is
// printed is what the App would post for this run: paste it into an issue or a chat, or test it.

export interface FormatContext {
  now: Date;
  /** What the user named (a file name, `-`): heads a bare log, which has no job or build. */
  source: string;
  color?: boolean;
}

export function formatReport(report: Report, format: OutputFormat, ctx: FormatContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderPrComment(singleRunCommentState(report, ctx.now), { now: ctx.now });
    case 'slack':
      return `${JSON.stringify(renderSlackReport(report), null, 2)}\n`;
    case 'text':
      return renderText(report, { ...(ctx.color ? { color: true } : {}), source: ctx.source });
  }
}

/**
 * The PR comment state the App keeps after triaging this one run (src/github-app/processor/triage-run.ts:
 * the job by name, linked to its run, failing unless it passed).
 */
export function singleRunCommentState(report: Report, now: Date): PrCommentState {
  const { run } = report;
  return {
    repo: '',
    pr: 0,
    jobs: [
      {
        job: run.job,
        url: run.url,
        status: run.result === 'SUCCESS' ? 'resolved' : 'failing',
        report,
        error: null,
        updatedAt: now.toISOString(),
      },
    ],
    configNote: null,
  };
}
