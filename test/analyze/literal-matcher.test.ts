import { compileLiteralMatcher } from '../../src/analyze/scan/literal-matcher.ts';
import type { Trigger } from '../../src/analyze/types.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const t = (text: string, ignoreCase = false): Trigger => ({ text, ignoreCase });

/** Leftmost start of any literal, the obvious way. */
function naiveFirst(hay: string, literals: Trigger[]): number {
  let best = -1;
  for (const l of literals) {
    const at = l.ignoreCase ? hay.toLowerCase().indexOf(l.text.toLowerCase()) : hay.indexOf(l.text);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('compileLiteralMatcher', () => {
  const literals = [t('manifest unknown'), t('toomanyrequests', true), t('--- FAIL: '), t('OOMKilled')];

  it('finds the leftmost occurrence of any literal', () => {
    const m = compileLiteralMatcher(literals);
    const hay = enc('ok\nline --- FAIL: TestX\nError: manifest unknown\n');

    const first = m.findFirst(hay, 0, hay.length);

    expect(first).toBe('ok\nline '.length);
  });

  it('respects the [from, to) window', () => {
    const m = compileLiteralMatcher(literals);
    const hay = enc('OOMKilled then OOMKilled');

    expect(m.findFirst(hay, 1, hay.length)).toBe(15);
    expect(m.findFirst(hay, 1, 20)).toBe(-1);
  });

  it('matches case-insensitive literals in any case and others exactly', () => {
    const m = compileLiteralMatcher(literals);
    const found = new Set<number>();

    m.findAll(enc('TooManyRequests and oomkilled'), 0, 29, found);

    expect([...found]).toEqual([1]);
  });

  it('reports every literal present with findAll', () => {
    const m = compileLiteralMatcher(literals);
    const hay = enc('OOMKilled, manifest unknown, TOOMANYREQUESTS');
    const found = new Set<number>();

    m.findAll(hay, 0, hay.length, found);

    expect([...found].sort()).toEqual([0, 1, 3]);
  });

  it('finds non-ASCII literals by their UTF-8 bytes', () => {
    const m = compileLiteralMatcher([t('• [FAILED]')]);
    const hay = enc('a\n• [FAILED] [1.2 seconds]\n');

    expect(m.findFirst(hay, 0, hay.length)).toBe(2);
  });

  it('agrees with a naive search on random text', () => {
    const rnd = seeded(42);
    const alphabet = 'aAbB -:FIL\nmnOKk';
    const lits = [t('a-b:'), t('FAIL', true), t('kkkk'), t('OK:b-a'), t('mn mn m')];
    const m = compileLiteralMatcher(lits);
    for (let round = 0; round < 300; round++) {
      const hay = Array.from({ length: 200 }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');

      const got = m.findFirst(enc(hay), 0, hay.length);

      expect(got).toBe(naiveFirst(hay, lits));
    }
  });

  it('refuses literals shorter than four bytes', () => {
    expect(() => compileLiteralMatcher([t('abc')])).toThrow(/shorter than 4 bytes/);
  });

  it('finds nothing when there are no literals', () => {
    expect(compileLiteralMatcher([]).findFirst(enc('anything'), 0, 8)).toBe(-1);
  });
});
