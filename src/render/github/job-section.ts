import { defuseGithubRefs, mdCode, mdLink, mdText } from '../sanitize/index.ts';
import { buildReportView, buildVerdictLine, evidenceUrl, formatScore } from '../view/index.ts';
import type { FindingView, KeyFact, ReportView, SuspectView, VerdictLine } from '../view/index.ts';
import type { DetailLevel } from './detail-levels.ts';
import { renderDefinitionSection } from './definition-section.ts';
import type { PrCommentJob } from './pr-comment-state.ts';
import { detailsSummary, reasonMarkdown } from './verdict-markdown.ts';

// One failing job's collapsed details: the full cause, facts, definition changes, other findings,
// every suspect with its reasons, the baseline and the evidence linked into the run's log viewer.
// Log-derived text goes through mdText/mdCode, our own links through mdLink.

export function jobView(job: PrCommentJob, level: DetailLevel): ReportView | null {
  return job.report
    ? buildReportView(job.report, { maxSuspects: level.maxSuspects, maxReasons: level.maxReasons })
    : null;
}

export function jobVerdict(job: PrCommentJob): VerdictLine | null {
  return job.report ? buildVerdictLine(job.report) : null;
}

export function renderJobDetails(job: PrCommentJob, level: DetailLevel): string | null {
  const v = jobView(job, level);
  if (!v || !job.report) return null;
  const parts: string[] = [];
  // Nothing explains the run: the key lines are the answer, so they come first.
  if (!v.top && v.keyLines.length > 0) parts.push(keyLinesList(v, level));
  parts.push(v.top ? causeBlock(v.top, level) : mdText(v.noFindingText));
  if (v.top && level.maxFacts > 0) parts.push(...factList(v.top.facts, level));
  if (level.maxFacts > 0 && v.others.length > 0)
    parts.push(`**Other findings:**\n\n${v.others.slice(0, 3).map(otherLine).join('\n')}`);
  if (v.verdict) parts.push(`**History:** ${mdText(v.verdict.sentence)}`);
  const definition = renderDefinitionSection(v, level);
  if (definition) parts.push(definition);
  parts.push(suspectBlock(v, level));
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
  if (v.top && level.maxEvidenceLines > 0 && v.top.evidence.length > 0) parts.push(evidenceList(v, level));
  return `<details>${detailsSummary(job.job)}\n\n${parts.join('\n\n')}\n\n</details>`;
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
  return [`**Facts:**\n\n${lines.join('\n')}`];
}

function otherLine(o: FindingView): string {
  return `- ${o.latent ? '_latent:_ ' : ''}${mdText(o.cause, 300)}`;
}

function suspectBlock(v: ReportView, level: DetailLevel): string {
  if (v.suspects.length === 0 || level.maxSuspects === 0) {
    return `**Suspects:** ${mdText(v.suspectsNote ?? 'none found among the changes merged between the baseline and this run.', 300)}`;
  }
  const items = v.suspects.map((s, i) => suspectItem(s, i + 1));
  const more = v.moreSuspects > 0 ? `\n\n… ${v.moreSuspects} more suspect${v.moreSuspects === 1 ? '' : 's'}` : '';
  const note = v.suspectsNote ? `\n\n_${mdText(v.suspectsNote, 300)}_` : '';
  return `**Suspects:**\n\n${items.join('\n')}${more}${note}`;
}

function suspectItem(s: SuspectView, n: number): string {
  const by = s.author ? ` by ${mdText(s.author, 60)}` : '';
  const head = `${n}. ${mdLink(s.ref, s.url)} ${mdText(s.title, 200)}${by} · score ${formatScore(s.score)}`;
  return [head, ...s.reasons.map((r) => `   - ${reasonMarkdown(r)}`)].join('\n');
}

function keyLinesList(v: ReportView, level: DetailLevel): string {
  const shown = v.keyLines.slice(0, Math.max(1, level.maxEvidenceLines)).map((k) => {
    const where = mdLink(defuseGithubRefs(`${k.artifact}:${k.line}`), evidenceUrl(v.run.url, k.artifact, k.line));
    return `- ${where} ${k.new ? '_new_ ' : ''}${mdCode(k.text.trim(), Math.max(120, level.maxEvidenceLineChars))}`;
  });
  return `**Key lines** (most likely cause first):

${shown.join('\n')}`;
}

function evidenceList(v: ReportView, level: DetailLevel): string {
  const top = v.top!;
  const shown = top.evidence.slice(0, level.maxEvidenceLines).map((e) => {
    const where = mdLink(defuseGithubRefs(`${e.artifact}:${e.line}`), evidenceUrl(v.run.url, e.artifact, e.line));
    return `- ${where} ${mdCode(e.text.trim(), level.maxEvidenceLineChars)}`;
  });
  const more = top.evidence.length - shown.length;
  if (more > 0) shown.push(`- … ${more} more line${more === 1 ? '' : 's'}`);
  return `**Evidence:**\n\n${shown.join('\n')}`;
}
