// Plain-text tables for the eval output (Markdown-shaped, so they paste into an issue as they are).

export function formatTable(head: string[], rows: string[][]): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${head.map((_, i) => (r[i] ?? '').padEnd(width[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function ratio(x: number | null): string {
  return x === null ? '-' : x.toFixed(3);
}
