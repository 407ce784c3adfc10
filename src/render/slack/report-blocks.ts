import { slackCode, slackLink, slackText } from '../sanitize/index.ts';
import { evidenceUrl, formatScore } from '../view/index.ts';
import type { FindingView, ReportView, SuspectView } from '../view/index.ts';
import { fitLines, fitRendered, SLACK_LIMITS } from './slack-fit.ts';

// Section texts of the Slack report, each already escaped and within Slack's section limit.

export type Block = Record<string, unknown>;

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function causeText(v: ReportView): string {
  const max = SLACK_LIMITS.sectionText;
  if (!v.top) return fitRendered(v.noFindingText, max, (s) => `*Cause:* ${slackText(s, s.length)}`);
  const top = v.top;
  const tail = `\n_${slackText(top.kind, 120)} · confidence ${Math.round(top.confidence * 100)}%_`;
  return fitRendered(top.cause, max - tail.length, (s) => `*Cause:* ${slackText(s, s.length)}`) + tail;
}

export function factsText(top: FindingView): string | null {
  if (top.facts.length === 0) return null;
  const lines = top.facts.map((k) => {
    const head = `• *${slackText(k.label, 60)}:* `;
    const items = k.items.map((i) => `${slackCode(i.literal, 200)}${i.note ? ` ${slackText(i.note, 40)}` : ''}`);
    const more = k.more > 0 ? `, … ${k.more} more` : '';
    return fitRendered(items.join(', '), 600, (s) => head + s) + more;
  });
  return fitLines(lines, SLACK_LIMITS.sectionText);
}

export function historyText(v: ReportView): string {
  const lines: string[] = [];
  if (v.verdict) lines.push(`*History:* ${slackText(v.verdict.sentence, 600)}`);
  const link = v.baseline.url ? ` ${slackLink('view', v.baseline.url)}` : '';
  lines.push(`*Baseline:* ${slackText(v.baseline.sentence, 400)}${link}`);
  return fitLines(lines, SLACK_LIMITS.sectionText);
}

/** Evidence lines linked into the run's log viewer; fewer and shorter lines until the section fits. */
export function evidenceText(top: FindingView, runUrl: string | null): string | null {
  if (top.evidence.length === 0) return null;
  return linkedLinesText(
    '*Evidence:*',
    top.evidence.map((e) => ({ ...e, isNew: false })),
    runUrl,
  );
}

/** The key lines, linked like evidence, for runs no finding explains. */
export function keyLinesText(v: ReportView): string | null {
  if (v.keyLines.length === 0) return null;
  return linkedLinesText(
    '*Key lines* (most likely cause first):',
    v.keyLines.map((k) => ({ artifact: k.artifact, line: k.line, text: k.text, isNew: k.new === true })),
    v.run.url,
  );
}

interface LogLine {
  artifact: string;
  line: number;
  text: string;
  isNew: boolean;
}

function linkedLinesText(head: string, all: LogLine[], runUrl: string | null): string | null {
  for (const [maxLines, maxLineChars] of [
    [8, 240],
    [6, 160],
    [4, 100],
    [2, 80],
    [1, 60],
  ] as const) {
    const lines = all.slice(0, maxLines).map((e) => {
      const where = slackLink(`${e.artifact}:${e.line}`, evidenceUrl(runUrl, e.artifact, e.line));
      return `• ${where} ${e.isNew ? '_new_ ' : ''}${slackCode(e.text.trim(), maxLineChars)}`;
    });
    const more = all.length - lines.length;
    if (more > 0) lines.push(`… ${more} more`);
    const text = `${head}\n${lines.join('\n')}`;
    if (text.length <= SLACK_LIMITS.sectionText) return text;
  }
  return null;
}

export function suspectsText(v: ReportView): string {
  if (v.suspects.length === 0) {
    const note = v.suspectsNote ?? 'none found among the changes merged between the baseline and this run.';
    return `*Suspects:* ${slackText(note, 1000)}`;
  }
  const lines = [v.suspects.length === 1 ? '*Likely culprit:*' : '*Likely culprits:*'];
  for (const s of v.suspects) lines.push(...suspectLines(s));
  if (v.moreSuspects > 0) lines.push(`… ${v.moreSuspects} more`);
  if (v.suspectsNote) lines.push(`_${slackText(v.suspectsNote, 300)}_`);
  return fitLines(lines, SLACK_LIMITS.sectionText);
}

function suspectLines(s: SuspectView): string[] {
  const by = s.author ? ` by ${slackText(s.author, 60)}` : '';
  const head = `• ${slackLink(s.ref, s.url)} ${slackText(s.title, 200)}${by} · score ${formatScore(s.score)}`;
  const reasons = s.reasons.map((r) => {
    const what = r.literal ? ` ${slackCode(r.literal, 160)}` : r.prose ? `: ${slackText(r.prose, 200)}` : '';
    return `    ◦ ${slackText(r.label, 80)}${what}${r.file ? ` in ${slackCode(r.file, 120)}` : ''}`;
  });
  return [head, ...reasons];
}

/** Latent findings, other findings and unreadable inputs, as a small-print context block. */
export function notesContext(v: ReportView): Block | null {
  const lines = [
    ...v.others
      .slice(0, 3)
      .map((o) => `${o.latent ? 'Also noticed (latent)' : 'Also found'}: ${slackText(o.cause, 300)}`),
    ...v.problems.slice(0, 5).map((p) => `Could not read: ${slackText(p, 300)}`),
  ];
  if (lines.length === 0) return null;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: fitLines(lines, SLACK_LIMITS.contextText) }] };
}
