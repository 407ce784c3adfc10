// Seeded generator of hostile strings for property-style checks of the escapers.

const FRAGMENTS = [
  '<',
  '>',
  '&',
  '@',
  '#',
  '1',
  '42',
  'a',
  'Z',
  '_',
  '`',
  '```',
  '|',
  '\n',
  ' ',
  '\t',
  '\\',
  '!channel',
  '<!here>',
  '@here',
  '@channel',
  '<@U123ABC>',
  '<!subteam^S1|@team>',
  'GH-',
  'gh-7',
  'http://x.example/a?b=1&c=2',
  'www.evil.example',
  '[',
  ']',
  '(',
  ')',
  '*',
  '$',
  '~',
  ':',
  '/',
  'é',
  '\u202e',
  '-',
  '#12',
  'org/team',
  'owner/repo#9',
  '&#64;',
  '&lt;',
  '<img src=x onerror=alert(1)>',
  '<details>',
  '</details>',
  '<!-- ci-triage:pr-comment -->',
  '😀',
  '\r',
  'user@example.com',
];

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hostileStrings(count: number, seed = 7): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(rand() * 12);
    let s = '';
    for (let j = 0; j < n; j++) s += FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)];
    out.push(s);
  }
  return out;
}

/** Remove CommonMark code spans (a backtick run closed by a run of the same length). */
export function stripCodeSpans(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] === '\\') {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (md[i] !== '`') {
      out += md[i];
      i += 1;
      continue;
    }
    const run = /^`+/.exec(md.slice(i))?.[0] ?? '`';
    const close = findRun(md, i + run.length, run.length);
    if (close < 0) {
      out += run;
      i += run.length;
    } else {
      i = close + run.length;
    }
  }
  return out;
}

function findRun(md: string, from: number, len: number): number {
  const re = /`+/g;
  re.lastIndex = from;
  for (let m = re.exec(md); m; m = re.exec(md)) if (m[0].length === len) return m.index;
  return -1;
}
