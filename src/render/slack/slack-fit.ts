import { capText, ELLIPSIS } from '../sanitize/index.ts';

// Slack limits apply to the escaped text, and escaping lengthens it (`&` → `&amp;`), so caps are
// found by rendering: shrink the source until the rendered form fits.

export const SLACK_LIMITS = {
  sectionText: 3000,
  contextText: 2000,
  headerText: 150,
  buttonText: 75,
  blocks: 50,
  fallbackText: 40000,
} as const;

/** The longest prefix of `raw` (with ellipsis) whose rendering fits `max`. */
export function fitRendered(raw: string, max: number, render: (s: string) => string): string {
  const full = render(raw);
  if (full.length <= max) return full;
  let lo = 0;
  let hi = raw.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(capText(raw, mid)).length <= max) lo = mid;
    else hi = mid - 1;
  }
  return render(capText(raw, lo));
}

/** Join rendered lines while they fit; a last line says how many were left out. */
export function fitLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let total = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const reserve = left > 0 ? 32 : 0;
    if (total + line.length + 1 + reserve > max) break;
    kept.push(line);
    total += line.length + 1;
  }
  const dropped = lines.length - kept.length;
  if (dropped > 0) kept.push(`${ELLIPSIS} ${dropped} more`);
  return kept.join('\n');
}
