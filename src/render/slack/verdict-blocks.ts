import { slackCode, slackLink, slackText } from '../sanitize/index.ts';
import { verdictSentenceOf } from '../view/index.ts';
import type { CauseSegment, Culprit, VerdictLine } from '../view/index.ts';
import type { Block } from './report-blocks.ts';
import { section } from './report-blocks.ts';

// The verdict line in Slack mrkdwn, the same words as the PR comment's first screen.

export function causeMrkdwn(cause: CauseSegment[] | null): string {
  if (!cause) return 'cause not identified';
  return cause.map((s) => (s.code ? slackCode(s.text, 200) : slackText(s.text, 200))).join('');
}

function culpritMrkdwn(c: Culprit | null): string {
  if (!c) return '*Suspects:* none found';
  const r = c.reason;
  const literal = r?.literal?.replace(/\s+/g, ' ') ?? null;
  const what = literal ? ` ${slackCode(literal, 80)}` : r?.prose ? `: ${slackText(r.prose, 120)}` : '';
  const reason = r ? `: ${slackText(r.label, 60)}${what}` : '';
  return `*Likely culprit:* ${slackLink(c.ref, c.url)} ${slackText(c.title, 80)}${reason}`;
}

const VERDICT_MRKDWN = { broken: '*broken*', flaky: '*flaky*', new: '*new*', unknown: 'failed' } as const;

/** The top block: job, verdict, short cause; the likely culprit with its strongest reason. */
export function verdictSection(v: VerdictLine): Block {
  const head = `❌ *${slackLink(v.job, v.runUrl)}* · ${VERDICT_MRKDWN[v.verdict]} · ${causeMrkdwn(v.cause)}`;
  return section(`${head}\n${culpritMrkdwn(v.culprit)}`);
}

/** Small print under it: the commit, the run and how to rerun. */
export function verdictContext(v: VerdictLine): Block {
  const rerun = v.rerun
    ? v.rerun.kind === 'command'
      ? `rerun: ${slackCode(v.rerun.command, 200)}`
      : slackLink(v.rerun.label, v.rerun.url)
    : null;
  const parts = [v.commit ? `as of ${slackCode(v.commit)}` : null, slackLink(`run #${v.buildId}`, v.runUrl), rerun];
  return { type: 'context', elements: [{ type: 'mrkdwn', text: parts.filter((p) => p !== null).join(' · ') }] };
}

/** Notification text: job, verdict, cause and suspect in one plain line (what a phone shows). */
export function verdictNotification(v: VerdictLine): string {
  return slackText(verdictSentenceOf(v), 1000);
}

/** A later run failing the same way: one line in the thread. */
export function againLine(v: VerdictLine): string {
  return `↻ again in ${slackLink(`#${v.buildId}`, v.runUrl)}, same cause`;
}
