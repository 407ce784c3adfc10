// The literal a regex cannot match without: the scanner's prefilter looks for it in bulk, and only
// lines holding it meet the regex. For each top-level branch we take the longest run of plain
// characters outside groups, classes and optional parts. A branch without one (say, all inside a
// group) gets none: the rule must then list `triggers` itself.

const SPECIAL_ESCAPES = new Set([...'dDwWsSbBnrtfv0123456789cxukpP']);

interface Cursor {
  src: string;
  i: number;
}

/** Skips a `[...]` class starting at src[i] === '['. */
function skipClass(c: Cursor): void {
  c.i++;
  while (c.i < c.src.length && c.src[c.i] !== ']') c.i += c.src[c.i] === '\\' ? 2 : 1;
  c.i++;
}

/** Skips a quantifier at src[i]; returns 'optional' (may repeat 0 times), 'repeat' or null. */
function quantifier(c: Cursor): 'optional' | 'repeat' | null {
  const ch = c.src[c.i];
  let kind: 'optional' | 'repeat' | null = null;
  if (ch === '*' || ch === '?') kind = 'optional';
  else if (ch === '+') kind = 'repeat';
  else if (ch === '{') {
    const m = /^\{(\d+)(?:,\d*)?\}/.exec(c.src.slice(c.i));
    if (!m) return null;
    c.i += m[0].length - 1;
    kind = m[1] === '0' ? 'optional' : 'repeat';
  }
  if (kind) {
    c.i++;
    if (c.src[c.i] === '?') c.i++;
  }
  return kind;
}

/** Reads one atom at c.i; returns its literal character, or null for anything that is not one. */
function atom(c: Cursor): { literal: string | null; open: boolean; close: boolean; bar: boolean } {
  const ch = c.src[c.i]!;
  const none = { literal: null, open: false, close: false, bar: false };
  if (ch === '\\') {
    const next = c.src[c.i + 1] ?? '';
    c.i += 2;
    return SPECIAL_ESCAPES.has(next) ? none : { ...none, literal: next };
  }
  c.i++;
  if (ch === '[') {
    c.i--;
    skipClass(c);
    return none;
  }
  if (ch === '(') return { ...none, open: true };
  if (ch === ')') return { ...none, close: true };
  if (ch === '|') return { ...none, bar: true };
  if ('.^$'.includes(ch)) return none;
  return { ...none, literal: ch };
}

/** Literal runs of each top-level branch of `source`. */
function branchRuns(source: string): string[][] {
  const branches: string[][] = [[]];
  const c: Cursor = { src: source, i: 0 };
  let depth = 0;
  let run = '';
  const flush = (): void => {
    if (run) branches.at(-1)!.push(run);
    run = '';
  };
  while (c.i < source.length) {
    const a = atom(c);
    if (a.open) {
      if (depth++ === 0) flush();
      continue;
    }
    if (a.bar && depth === 0) {
      flush();
      branches.push([]);
      continue;
    }
    if (a.close) depth--;
    const q = quantifier(c);
    if (depth > 0 || a.close) continue;
    if (a.literal === null || q === 'optional') flush();
    else {
      run += a.literal;
      if (q === 'repeat') flush();
    }
  }
  flush();
  return branches;
}

/** One required literal per top-level branch, or null when some branch has none of `minLength`. */
export function requiredLiterals(source: string, minLength: number): string[] | null {
  const out: string[] = [];
  for (const runs of branchRuns(source)) {
    const best = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (best.length < minLength) return null;
    if (!out.includes(best)) out.push(best);
  }
  return out;
}
