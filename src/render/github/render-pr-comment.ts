import { capText, defuseGithubRefs, mdCode, mdLink, mdText, stripControl } from '../sanitize/index.ts';
import { formatTime } from '../view/index.ts';
import type { VerdictLine } from '../view/index.ts';
import { DETAIL_LEVELS } from './detail-levels.ts';
import type { DetailLevel } from './detail-levels.ts';
import { jobVerdict, jobView, renderJobDetails } from './job-section.ts';
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT } from './pr-comment-state.ts';
import type { PrCommentJob, PrCommentOptions, PrCommentState } from './pr-comment-state.ts';
import {
  causeMarkdown,
  commitMarkdown,
  culpritMarkdown,
  rerunMarkdown,
  verdictBlock,
  verdictMarkdown,
} from './verdict-markdown.ts';

// The one ci-triage comment on a PR, verdict first: the first screen says, per failing job, broken
// or flaky, the cause in one line, the likely culprit, the commit and how to rerun (one block for
// one job, a table for several); everything else is collapsed per job. Rendered at the richest
// detail level that fits GitHub's size limit.

export function renderPrComment(state: PrCommentState, opts: PrCommentOptions): string {
  const max = Math.min(opts.maxChars ?? GITHUB_COMMENT_LIMIT, GITHUB_COMMENT_LIMIT);
  let body = '';
  for (const level of DETAIL_LEVELS) {
    body = renderAtLevel(state, opts.now, level);
    if (body.length <= max) return body;
  }
  return capText(body, max); // only reachable with absurd limits; the marker stays first
}

function renderAtLevel(state: PrCommentState, now: Date, level: DetailLevel): string {
  const failing = state.jobs.filter((j) => j.status === 'failing');
  const resolved = state.jobs.filter((j) => j.status === 'resolved');
  const parts = [COMMENT_MARKER];
  if (state.configNote) parts.push(`> [!WARNING]\n> ${noteText(state.configNote)}`);
  parts.push(headline(failing.length, resolved.length));
  const only = failing.length === 1 ? failing[0]! : null;
  const v = only ? jobVerdict(only) : null;
  if (only && v) parts.push(verdictBlock(v));
  else if (only) parts.push(pendingLine(only));
  else if (failing.length > 1) parts.push(jobTable(failing, level));
  if (level.sections) parts.push(...failing.map((j) => renderJobDetails(j, level)).filter((d) => d !== null));
  if (resolved.length > 0 && level.maxResolved > 0) parts.push(resolvedBlock(resolved, level));
  parts.push(
    `<sub>ci-triage · updated ${formatTime(now.toISOString())} · causes are inferred from the logs and may be wrong</sub>`,
  );
  return `${parts.join('\n\n')}\n`;
}

function headline(failing: number, resolved: number): string {
  if (failing === 0)
    return resolved > 0
      ? '**ci-triage:** ✅ every job that failed on this PR passes now.'
      : '**ci-triage:** no failing jobs.';
  const jobs = `${failing} failing job${failing === 1 ? '' : 's'}`;
  return `**ci-triage:** ${jobs}${resolved > 0 ? `, ${resolved} resolved` : ''}`;
}

function pendingLine(job: PrCommentJob): string {
  const what = job.error ? `could not triage: ${mdText(job.error, 200)}` : 'triage in progress';
  return `❌ **${mdLink(jobLabel(job.job), job.url)}** · ${what}`;
}

function jobTable(failing: PrCommentJob[], level: DetailLevel): string {
  const rows = failing.slice(0, level.maxTableRows).map((j) => {
    const v = jobVerdict(j);
    const job = mdLink(jobLabel(j.job), j.url ?? v?.runUrl ?? null);
    const cells = v ? [job, ...verdictCells(v)] : [job, pendingCell(j), '', '', '', ''];
    return `| ${cells.map(escapeCellPipes).join(' | ')} |`;
  });
  const more = failing.length - level.maxTableRows;
  const tail = more > 0 ? `\n\n… and ${more} more failing job${more === 1 ? '' : 's'}` : '';
  const head = '| Job | Verdict | Cause | Likely culprit | Commit | Rerun |\n| --- | --- | --- | --- | --- | --- |';
  return `${head}\n${rows.join('\n')}${tail}`;
}

function verdictCells(v: VerdictLine): string[] {
  return [
    verdictMarkdown(v.verdict),
    causeMarkdown(v.cause),
    // The table must fit a comment's width: the culprit's reasons are in the job's details.
    culpritMarkdown(v.culprit, false),
    commitMarkdown(v),
    rerunMarkdown(v.rerun) ?? '',
  ];
}

function pendingCell(job: PrCommentJob): string {
  return job.error ? `could not triage: ${mdText(job.error, 100)}` : 'triage in progress';
}

/** A `|` inside a code span still ends a GFM table cell unless escaped; escaped prose is left as is. */
function escapeCellPipes(cell: string): string {
  return cell.replace(/(?<!\\)\|/g, '\\|');
}

function resolvedBlock(resolved: PrCommentJob[], level: DetailLevel): string {
  const lines = resolved.slice(0, level.maxResolved).map((j) => {
    const v = jobView(j, level);
    const was = v?.top ? ` (was: ${mdText(v.top.cause, 120)})` : '';
    return `- ${mdLink(jobLabel(j.job), j.url)} passes again${was} · ${mdText(formatTime(j.updatedAt) ?? 'unknown')}`;
  });
  const more = resolved.length - lines.length;
  if (more > 0) lines.push(`- … ${more} more`);
  return `<details><summary>✅ Resolved (${resolved.length})</summary>\n\n${lines.join('\n')}\n\n</details>`;
}

// The config note is our sentence but quotes the user's file: keep its `code` spans, escape the rest.
function noteText(note: string): string {
  const flat = capText(note.replace(/[\r\n]+/g, ' '), 1000);
  return flat
    .split(/(`[^`]*`)/)
    .map((part) => (/^`[^`]*`$/.test(part) ? mdCode(part.slice(1, -1)) : mdText(part, 1000)))
    .join('');
}

/** Job names come from webhooks (a status context is any text): defused like every other label. */
function jobLabel(job: string): string {
  return defuseGithubRefs(capText(stripControl(job), 100));
}
