import type { Report } from '../../types.ts';
import { capLines, capText, cleanLogText } from '../sanitize/index.ts';
import { buildReportView, formatScore } from '../view/index.ts';
import { definitionLines } from './definition-lines.ts';
import type { FindingView, KeyFact, KeyLineView, ReportView, SuspectView } from '../view/index.ts';

// The CLI's human summary. Log-derived text is already cleaned of terminal escapes and secrets by
// the view, so colour codes here are the only escapes in the output, and only when asked for.

export interface TextOptions {
  color?: boolean;
  maxEvidenceLines?: number;
  /** What the user named (a log file, `-`); heads a run that has no build id, i.e. a bare log. */
  source?: string;
}

type Paint = (code: string, text: string) => string;

const BOLD = '1';
const RED = '31';
const YELLOW = '33';
const DIM = '2';

export function renderText(report: Report, opts: TextOptions = {}): string {
  const v = buildReportView(report);
  const paint: Paint = opts.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const out: string[] = [report.run.buildId ? headline(v, paint) : bareLogHeadline(report, opts.source, paint)];
  if (v.run.url) out.push(v.run.url);
  out.push('');
  const maxEvidence = opts.maxEvidenceLines ?? 8;
  // Nothing explains the run: the key lines are the answer, so they come first.
  if (!v.top) out.push(...keyLineSection(v.keyLines, paint, maxEvidence));
  out.push(...(v.top ? findingSection(v.top, paint, maxEvidence) : [`${paint(BOLD, 'Cause:')} ${v.noFindingText}`]));
  if (v.top) out.push(...keyLineSection(v.keyLines, paint, maxEvidence));
  if (v.others.length > 0) out.push(paint(BOLD, 'Also noticed:'), ...v.others.map((o) => `  - ${otherLine(o)}`));
  out.push(...historyLines(v, paint));
  out.push(...definitionLines(report.definitionChanges ?? [], (t) => paint(BOLD, t)));
  out.push(...suspectLines(v, paint));
  if (v.problems.length > 0) out.push(paint(BOLD, 'Could not read:'), ...v.problems.map((p) => `  - ${p}`));
  return `${out.join('\n')}\n`;
}

function headline(v: ReportView, paint: Paint): string {
  const colour = v.run.result === 'SUCCESS' ? BOLD : RED;
  return `${paint(BOLD, v.runLabel)}: ${paint(colour, v.run.result)}`;
}

// A log file alone says nothing about the job, the build or how it ended: say so rather than print
// `build-log #: UNKNOWN`.
function bareLogHeadline(report: Report, source: string | undefined, paint: Paint): string {
  const name = source === '-' ? 'stdin' : capText(source ? source.split(/[\\/]/).pop() || source : report.run.job, 200);
  const result =
    report.run.result === 'UNKNOWN'
      ? 'result unknown (a log file alone does not say whether the job passed)'
      : report.run.result;
  return `${paint(BOLD, cleanLogText(name))}: ${result}`;
}

function findingSection(f: FindingView, paint: Paint, maxEvidence: number): string[] {
  const out = [
    `${paint(BOLD, 'Cause:')} ${paint(RED, f.cause)}`,
    paint(DIM, `  (${f.kind}, confidence ${Math.round(f.confidence * 100)}%)`),
  ];
  if (f.facts.length > 0) out.push(paint(BOLD, 'Key facts:'), ...f.facts.map((k) => `  ${factLine(k)}`));
  if (f.evidence.length > 0) {
    const lines = f.evidence.map((e) => `${e.artifact}:${e.line}  ${e.text}`);
    const capped = capLines(lines, { maxLines: maxEvidence, maxLineChars: 320, maxTotalChars: 4000 });
    out.push(paint(BOLD, 'Evidence:'), ...capped.map((l) => `  ${l}`));
  }
  return out;
}

function keyLineSection(keyLines: KeyLineView[], paint: Paint, max: number): string[] {
  if (keyLines.length === 0) return [];
  const lines = keyLines.map((k) => `${k.artifact}:${k.line}  ${k.new ? '[new] ' : ''}${k.text}`);
  const capped = capLines(lines, { maxLines: max, maxLineChars: 320, maxTotalChars: 4000 });
  return [paint(BOLD, 'Key lines:'), ...capped.map((l) => `  ${l}`)];
}

function factLine(k: KeyFact): string {
  const items = k.items.map((i) => (i.note ? `${i.literal} (${i.note})` : i.literal));
  if (k.more > 0) items.push(`… ${k.more} more`);
  return `${k.label}: ${items.join(', ')}`;
}

function otherLine(o: FindingView): string {
  return `${o.latent ? '[latent] ' : ''}${capText(o.cause, 300)} (${o.kind})`;
}

function historyLines(v: ReportView, paint: Paint): string[] {
  const out: string[] = [];
  if (v.verdict) {
    const colour = v.verdict.pattern === 'flaky' ? YELLOW : v.verdict.pattern === 'broken' ? RED : BOLD;
    out.push(`${paint(BOLD, 'History:')} ${paint(colour, v.verdict.sentence)}`);
  }
  if (v.firstRed)
    out.push(`${paint(BOLD, 'First red:')} ${v.firstRed.label}${v.firstRed.when ? ` (${v.firstRed.when})` : ''}`);
  out.push(`${paint(BOLD, 'Baseline:')} ${v.baseline.sentence}${v.baseline.url ? ` ${v.baseline.url}` : ''}`);
  if (v.baseline.note) out.push(`  ${v.baseline.note}`);
  return out;
}

function suspectLines(v: ReportView, paint: Paint): string[] {
  if (v.suspects.length === 0) {
    return [
      `${paint(BOLD, 'Suspects:')} ${v.suspectsNote ?? 'none found among the changes merged between the baseline and this run.'}`,
    ];
  }
  const out = [paint(BOLD, 'Suspects:')];
  v.suspects.forEach((s, i) => out.push(...suspectBlock(s, i + 1)));
  if (v.moreSuspects > 0) out.push(`  … ${v.moreSuspects} more`);
  if (v.suspectsNote) out.push(`  (${v.suspectsNote})`);
  return out;
}

function suspectBlock(s: SuspectView, n: number): string[] {
  const by = s.author ? ` by ${s.author}` : '';
  const out = [`  ${n}. ${s.ref} ${s.title}${by} (score ${formatScore(s.score)})`, `     ${s.url}`];
  for (const r of s.reasons) {
    const what = r.literal ?? r.prose ?? '';
    out.push(`     - ${r.label}${what ? `: ${what}` : ''}${r.file ? ` (${r.file})` : ''}`);
  }
  if (s.moreReasons > 0) out.push(`     - … ${s.moreReasons} more reasons`);
  return out;
}
