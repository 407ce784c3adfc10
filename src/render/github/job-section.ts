import { capLines, htmlText, mdCode, mdCodeBlock, mdLink, mdText } from '../sanitize/index.ts';
import { buildReportView, formatScore, formatTime } from '../view/index.ts';
import type { FindingView, KeyFact, ReportView, SuspectView } from '../view/index.ts';
import type { DetailLevel } from './detail-levels.ts';
import { renderDefinitionSection } from './definition-section.ts';
import type { PrCommentJob } from './pr-comment-state.ts';

// One failing job's section of the PR comment. Log-derived text goes through mdText/mdCode, our own
// links through mdLink; nothing from a log reaches the Markdown unescaped.

export function jobView(job: PrCommentJob, level: DetailLevel): ReportView | null {
  return job.report
    ? buildReportView(job.report, { maxSuspects: level.maxSuspects, maxReasons: level.maxReasons })
    : null;
}

export function renderJobSection(job: PrCommentJob, level: DetailLevel): string {
  const v = jobView(job, level);
  const parts = [`#### ❌ ${mdText(job.job, 200)}`, metaLine(job, v)];
  if (!v) {
    parts.push(job.error ? `⚠️ Could not triage this run: ${mdText(job.error, 500)}` : '⏳ Triage in progress.');
    return parts.join('\n\n');
  }
  // Nothing explains the run: the key lines are the answer, so they come first.
  if (!v.top && v.keyLines.length > 0) parts.push(keyLinesBlock(v, level));
  parts.push(v.top ? causeBlock(v.top, level) : mdText(v.noFindingText));
  if (v.top && level.maxFacts > 0) parts.push(...factList(v.top.facts, level));
  if (level.maxFacts > 0 && v.others.length > 0) parts.push(v.others.slice(0, 3).map(otherLine).join('\n'));
  if (v.verdict) parts.push(`**History:** ${mdText(v.verdict.sentence)}`);
  const definition = renderDefinitionSection(v, level);
  if (definition) parts.push(definition);
  parts.push(suspectBlock(v, level));
  if (level.maxFacts > 0)
    parts.push(
      `**Baseline:** ${mdText(v.baseline.sentence)}${v.baseline.url ? ` ${mdLink('view', v.baseline.url)}` : ''}${v.baseline.note ? ` ${mdText(v.baseline.note, 400)}` : ''}`,
    );
  if (v.problems.length > 0)
    parts.push(
      `**Could not read:** ${v.problems
        .slice(0, 5)
        .map((p) => mdText(p, 300))
        .join('; ')}`,
    );
  if (v.top && level.maxEvidenceLines > 0 && v.top.evidence.length > 0) parts.push(evidenceBlock(v.top, level));
  return parts.join('\n\n');
}

function metaLine(job: PrCommentJob, v: ReportView | null): string {
  const url = job.url ?? v?.run.url ?? null;
  const run = v ? mdLink(`run #${v.run.buildId}`, url) : url ? mdLink('run', url) : null;
  const tag = v?.verdict ? verdictTag(v.verdict.pattern) : null;
  return [run, tag, `updated ${mdText(formatTime(job.updatedAt) ?? 'unknown')}`].filter((p) => p !== null).join(' · ');
}

export function verdictTag(pattern: string): string {
  return pattern === 'broken'
    ? '**broken**'
    : pattern === 'flaky'
      ? '**flaky**'
      : pattern === 'single'
        ? 'first failure'
        : 'history unknown';
}

function causeBlock(top: FindingView, level: DetailLevel): string {
  return `**Cause:** ${mdText(top.cause, level.maxCauseChars)}\n<sub>${mdText(top.kind, 120)} · confidence ${Math.round(top.confidence * 100)}%</sub>`;
}

function factList(facts: KeyFact[], level: DetailLevel): string[] {
  if (facts.length === 0) return [];
  const lines = facts.slice(0, level.maxFacts).map((k) => {
    const items = k.items
      .slice(0, level.maxFactItems)
      .map((i) => `${mdCode(i.literal, 300)}${i.note ? ` ${mdText(i.note, 40)}` : ''}`);
    const more = k.more + Math.max(0, k.items.length - level.maxFactItems);
    return `- **${mdText(k.label, 60)}:** ${items.join(', ')}${more > 0 ? `, … ${more} more` : ''}`;
  });
  return [lines.join('\n')];
}

function otherLine(o: FindingView): string {
  return `- _${o.latent ? 'Also noticed (latent)' : 'Also found'}:_ ${mdText(o.cause, 300)}`;
}

function suspectBlock(v: ReportView, level: DetailLevel): string {
  if (v.suspects.length === 0 || level.maxSuspects === 0) {
    return `**Suspects:** ${mdText(v.suspectsNote ?? 'none found among the changes merged between the baseline and this run.', 300)}`;
  }
  const heading = v.suspects.length === 1 ? '**Likely culprit:**' : '**Likely culprits:**';
  const items = v.suspects.map((s, i) => suspectItem(s, i + 1));
  const more = v.moreSuspects > 0 ? `\n\n… ${v.moreSuspects} more suspect${v.moreSuspects === 1 ? '' : 's'}` : '';
  const note = v.suspectsNote ? `\n\n_${mdText(v.suspectsNote, 300)}_` : '';
  return `${heading}\n\n${items.join('\n')}${more}${note}`;
}

function suspectItem(s: SuspectView, n: number): string {
  const by = s.author ? ` by ${mdText(s.author, 60)}` : '';
  const head = `${n}. ${mdLink(s.ref, s.url)} ${mdText(s.title, 200)}${by} · score ${formatScore(s.score)}`;
  const reasons = s.reasons.map((r) => {
    const what = r.literal ? ` ${mdCode(r.literal, 160)}` : r.prose ? `: ${mdText(r.prose, 200)}` : '';
    return `   - ${mdText(r.label, 80)}${what}${r.file ? ` in ${mdCode(r.file, 120)}` : ''}`;
  });
  return [head, ...reasons].join('\n');
}

function keyLinesBlock(v: ReportView, level: DetailLevel): string {
  const lines = v.keyLines.map((k) => `${k.artifact}:${k.line}  ${k.new ? '[new] ' : ''}${k.text}`);
  const capped = capLines(lines, {
    maxLines: Math.max(1, level.maxEvidenceLines),
    maxLineChars: Math.max(120, level.maxEvidenceLineChars),
    maxTotalChars: 4000,
  });
  return `**Key lines** (most likely cause first):\n\n${mdCodeBlock(capped)}`;
}

function evidenceBlock(top: FindingView, level: DetailLevel): string {
  const lines = top.evidence.map((e) => `${e.artifact}:${e.line}  ${e.text}`);
  const capped = capLines(lines, {
    maxLines: level.maxEvidenceLines,
    maxLineChars: level.maxEvidenceLineChars,
    maxTotalChars: 6000,
  });
  const summary = htmlText(`Evidence (${top.evidence.length} line${top.evidence.length === 1 ? '' : 's'})`);
  return `<details><summary>${summary}</summary>\n\n${mdCodeBlock(capped)}\n\n</details>`;
}
