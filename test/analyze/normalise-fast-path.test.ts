import { readFileSync } from 'node:fs';
import { normaliseLine } from '../../src/analyze/normalise.ts';
import { FIXTURES, random, textFiles } from './fixture-lines.ts';

// normaliseLine skips the rules a line cannot match (no digit, no `:`...). It must give what running
// every rule on every line gave: this is that function as it was before the skips, compared on real
// lines (every text fixture of the repo) and on random lines built from the rules' own material.
const OLD_RULES: [RegExp, string][] = [
  [/\x1b\[[0-9;?]*[A-Za-z]/g, ''],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>'],
  [/\b\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, '<ts>'],
  [/\b\d{2}\/\d{2}\/\d{2,4} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, '<ts>'],
  [/\b[IWEF]?\d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, '<ts>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b(?:sha256|sha512|sha1|md5):[0-9a-f]{16,}\b/gi, '<digest>'],
  [/\b0x[0-9a-f]+\b/gi, '<addr>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:\/\d{1,2})?\b/g, '<ip>'],
  [/\bv?\d+\.\d+\.\d+(?:[-+_.][0-9A-Za-z]+)*/g, '<version>'],
];
const oldIsMixed = (s: string): boolean => /\d/.test(s) && /[a-z]/i.test(s);

function oldNormaliseLine(text: string): string {
  let out = text;
  for (const [re, by] of OLD_RULES) out = out.replace(re, by);
  out = out.replace(/\b[0-9a-f]{7,}\b/gi, (m) => (oldIsMixed(m) ? '<hex>' : m));
  out = out.replace(/([-_])([a-z0-9]{4,10})\b/g, (m, sep: string, id: string) => (oldIsMixed(id) ? `${sep}<id>` : m));
  return out.replace(/\d+/g, '0').replace(/\s+/g, ' ').trim();
}

// Pieces of what the rules look for, near-misses of it, and the whitespace the last step collapses.
const PIECES = [
  '2025-02-12T09:27:56Z',
  '2025-01-30 21:10:57.123+01:00',
  '2024/12/18 18:35:02',
  '02/12/25 08:06:43.659',
  'I0212 07:33:58.123',
  '7:33:58',
  '12:3:45',
  '09d1bbe2-0808-4d86-aed1-a28ef89a527f',
  'abcdefab-abcd-abcd-abcd-abcdefabcdef',
  'sha256:0e3ba82600a9cea6e25be93db9b822b6',
  'SHA1:abcdefabcdefabcdef',
  'md5:0123',
  '0xc0001399b0',
  '0XDEADBEEF',
  '0x',
  '34.105.14.201:443/24',
  '1.2.3',
  'v1.33.0-alpha.1.122+c81431de',
  'c81431de59a3bf',
  'deadbeef',
  'cafe123',
  '-9h23mr',
  '_dt2w',
  '-abcd',
  '-1234',
  'e2e-bb3cd9e79e-e3991',
  '\x1b[0;33m',
  '\x1b[0m',
  '\x1b[',
  '\x1b',
  ' ',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u2028',
  '\r',
  '\ufeff',
  '\n',
  ':',
  '-',
  '/',
  '.',
  '_',
  '0',
  '9',
  'x',
  'X',
  'a',
  'f',
  'g',
  'Z',
  'T',
  'I',
  'W',
  'é',
  '日本',
  'Pulling image',
  'resolved to',
  'INFO',
  'error:',
  'main.go:282:',
  '"msg":"done"',
  '+++ [0212',
];

function randomLine(next: () => number): string {
  const n = Math.floor(next() * 14);
  let line = '';
  for (let i = 0; i < n; i++) {
    const piece = PIECES[Math.floor(next() * PIECES.length)]!;
    // Sometimes a piece cut or with one character changed: near-misses of a rule.
    const r = next();
    if (r < 0.15) line += piece.slice(0, Math.floor(next() * piece.length));
    else if (r < 0.3 && piece.length > 1) {
      const at = Math.floor(next() * piece.length);
      line += piece.slice(0, at) + String.fromCharCode(32 + Math.floor(next() * 95)) + piece.slice(at + 1);
    } else line += piece;
  }
  return line;
}

describe('normaliseLine skipping rules a line cannot match', () => {
  it('gives what every rule on every line gave, on every line of the text fixtures', () => {
    const lines = textFiles(FIXTURES).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
    expect(lines.length).toBeGreaterThan(5000);
    const differ = lines.filter((l) => normaliseLine(l) !== oldNormaliseLine(l));
    expect(differ).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5])('gives what every rule on every line gave, on 20 000 random lines (seed %i)', (seed) => {
    const next = random(seed);
    for (let i = 0; i < 20_000; i++) {
      const line = randomLine(next);
      if (normaliseLine(line) !== oldNormaliseLine(line))
        expect({ line, got: normaliseLine(line) }).toEqual({
          line,
          got: oldNormaliseLine(line),
        });
    }
  });

  it('keeps the placeholders free of what the skips look for', () => {
    // Each placeholder a rule writes, normalised again, stays as it is: no rule starts to match it.
    for (const p of ['<ts>', '<time>', '<uuid>', '<digest>', '<addr>', '<ip>', '<version>', '<hex>', 'x-<id>'])
      expect(normaliseLine(p)).toBe(p);
  });
});
