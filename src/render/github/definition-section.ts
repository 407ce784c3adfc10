import { mdCode, mdText } from '../sanitize/index.ts';
import type { ReportView } from '../view/index.ts';
import type { DetailLevel } from './detail-levels.ts';

// The job's definition changes in the PR comment: one line each, in words, the change that touches
// the failure marked, with the field path for the curious. Empty without changes or at the terse level.

const MAX_CHANGES = 6;

export function renderDefinitionSection(v: ReportView, level: DetailLevel): string | null {
  if (v.definitionChanges.length === 0 || level.maxFacts === 0) return null;
  const shown = v.definitionChanges.slice(0, MAX_CHANGES).map((c) => {
    const mark = c.touchesFailure ? ' — **touches the failure**' : '';
    return `- ${mdText(c.sentence, 300)}${mark} <sub>${mdCode(c.path, 160)}</sub>`;
  });
  const more = v.definitionChanges.length - MAX_CHANGES;
  if (more > 0) shown.push(`- … ${more} more`);
  return `**Definition changes since the baseline:**\n${shown.join('\n')}`;
}
