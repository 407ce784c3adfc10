// Parses the unified-diff `patch` GitHub returns for each PR file.

export interface PatchLine {
  sign: '+' | '-' | ' ';
  text: string;
  /** Index of the hunk the line belongs to (0-based). */
  hunk: number;
}

export interface PatchHunk {
  /** The text git prints after `@@ ... @@`: the enclosing top-level line (e.g. `presets:` in YAML). */
  context: string;
  /** The whole `@@ -a,b +c,d @@ context` line. */
  header?: string;
  lines: PatchLine[];
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)$/;

/** Splits a patch into hunks; lines before the first hunk header and `\ No newline` markers are skipped. */
export function parsePatch(patch: string | null): PatchHunk[] {
  if (typeof patch !== 'string' || patch === '') return [];
  const hunks: PatchHunk[] = [];
  let current: PatchHunk | null = null;
  for (const raw of patch.split('\n')) {
    const header = HUNK_HEADER.exec(raw);
    if (header) {
      current = { context: header[1] ?? '', header: raw, lines: [] };
      hunks.push(current);
      continue;
    }
    if (!current || (raw.length === 0 && current.lines.length === 0)) continue;
    const first = raw[0];
    if (first === '\\') continue;
    const sign = first === '+' || first === '-' ? first : ' ';
    current.lines.push({ sign, text: raw.slice(1), hunk: hunks.length - 1 });
  }
  return hunks;
}

/** The added and removed lines of a patch, in order. */
export function changedLines(hunks: PatchHunk[]): PatchLine[] {
  return hunks.flatMap((h) => h.lines.filter((l) => l.sign !== ' '));
}

const EXCERPT_REACH = 3;
const EXCERPT_MAX_CHARS = 1200;

/** The hunk around one of its lines, as a patch reads (`@@ ... @@`, then ` `/`+`/`-` lines), a few lines either side. */
export function hunkExcerpt(hunk: PatchHunk, line: PatchLine): string {
  const at = hunk.lines.indexOf(line);
  if (at < 0) return `${line.sign}${line.text}`;
  const from = Math.max(0, at - EXCERPT_REACH);
  const to = Math.min(hunk.lines.length, at + EXCERPT_REACH + 1);
  const body = hunk.lines.slice(from, to).map((l) => `${l.sign}${l.text}`);
  return [hunk.header ?? `@@ ${hunk.context}`, ...body].join('\n').slice(0, EXCERPT_MAX_CHARS);
}
