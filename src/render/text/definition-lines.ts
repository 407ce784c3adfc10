import type { DefinitionChange } from '../../types.ts';
import { capText, cleanLogText } from '../sanitize/index.ts';

const MAX_CHANGES = 12;

function value(v: string | null): string {
  return v === null ? '(none)' : capText(cleanLogText(v), 200);
}

/** The job's definition changes since the baseline, before -> after, those touching the failure first. */
export function definitionLines(changes: DefinitionChange[], bold: (t: string) => string): string[] {
  if (changes.length === 0) return [];
  const sorted = [...changes].sort((a, b) => Number(b.touchesFailure) - Number(a.touchesFailure));
  const out = [bold('Definition changes since the baseline:')];
  for (const c of sorted.slice(0, MAX_CHANGES)) {
    const mark = c.touchesFailure ? ' (touches the failure)' : '';
    out.push(`  ${capText(c.path, 160)}: ${value(c.before)} -> ${value(c.after)}${mark}`);
  }
  if (changes.length > MAX_CHANGES) out.push(`  … ${changes.length - MAX_CHANGES} more`);
  return out;
}
