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

/** Random text over a small alphabet and literals made of it (some case-insensitive), seeded. */
function tunedCase(seed: number) {
  const rnd = seeded(seed);
  const alphabet = 'aAbB -:FIL\nmnOKk';
  const text = (n: number, from = alphabet): string =>
    Array.from({ length: n }, () => from[Math.floor(rnd() * from.length)]).join('');
  const lits = [t('a-b:'), t('FAIL', true), t('kkkk'), t('OK:b-a mnKL'), t('mn mn m'), t('Bb-FILm', true)];
  return { rnd, alphabet, text, lits, m: compileLiteralMatcher(lits) };
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

  it('agrees with a naive search whatever text it was tuned on (findFirst, findAll, collect)', () => {
    const { rnd, alphabet, text, lits, m } = tunedCase(7);
    for (let round = 0; round < 300; round++) {
      // Samples over part of the alphabet, so that anchors move off the literals' starts.
      if (round % 10 === 0) m.tune(enc(text(2000, alphabet.slice(Math.floor(rnd() * 8), 8 + Math.floor(rnd() * 8)))));
      const hay = text(150);
      const from = Math.floor(rnd() * 40);
      const to = hay.length - Math.floor(rnd() * 40);
      const window = hay.slice(from, to);
      const naiveAll = lits.map((l, i) => (naiveFirst(window, [l]) >= 0 ? i : -1)).filter((i) => i >= 0);
      const set = new Set<number>();
      const out: number[] = [];

      const first = m.findFirst(enc(hay), from, to);
      m.findAll(enc(hay), from, to, set);
      const n = m.collect(enc(hay), from, to, out);

      const naive = naiveFirst(window, lits);
      expect(first).toBe(naive < 0 ? -1 : naive + from);
      expect([...set].sort()).toEqual(naiveAll);
      expect(out.slice(0, n).sort()).toEqual(naiveAll);
    }
  });

  it('finds the leftmost literal when a later one is anchored further left', () => {
    const m = compileLiteralMatcher([t('abcd zzzz rare tail QQQ'), t('zzzz')]);
    m.tune(enc('abcd zzzz rare tail '.repeat(100)));
    const hay = enc('x abcd zzzz rare tail QQQ');

    expect(m.findFirst(hay, 0, hay.length)).toBe(2);
  });

  it('does not report a literal that starts before the window, wherever its anchor is', () => {
    const m = compileLiteralMatcher([t('abcd zzzz rare tail QQQ'), t('zzzz')]);
    m.tune(enc('abcd zzzz rare tail '.repeat(100)));
    const hay = enc('x abcd zzzz rare tail QQQ');
    const out: number[] = [];

    const n = m.collect(hay, 3, hay.length, out);

    expect(out.slice(0, n)).toEqual([1]);
    expect(m.findFirst(hay, 3, hay.length)).toBe(7);
  });

  it('lists every literal start like a naive search, on blocks cut into lanes or not (starts)', () => {
    const { rnd, alphabet, text, lits, m } = tunedCase(11);
    /** Every start of every literal in hay[from, to), ascending. */
    const naiveStarts = (hay: string, from: number, to: number): number[] => {
      const out: number[] = [];
      const lower = hay.toLowerCase();
      for (const l of lits) {
        const [h, x] = l.ignoreCase ? [lower, l.text.toLowerCase()] : [hay, l.text];
        for (let at = h.indexOf(x, from); at >= 0 && at + x.length <= to; at = h.indexOf(x, at + 1)) out.push(at);
      }
      return out.sort((a, b) => a - b);
    };
    for (let round = 0; round < 40; round++) {
      if (round % 5 === 0) m.tune(enc(text(2000, alphabet.slice(Math.floor(rnd() * 8), 8 + Math.floor(rnd() * 8)))));
      // Small blocks take one lane, blocks of 16 KiB and more four: literals straddle the lanes' ends.
      // Dense with literals (and their halves) so that some straddle every lane's end.
      const pieces = [...lits.map((l) => l.text), 'KKKK', 'fail', 'a-b', 'mn mn'];
      const size = round % 2 === 0 ? 300 : 40_000 + Math.floor(rnd() * 5000);
      let hay = '';
      while (hay.length < size)
        hay += rnd() < 0.5 ? text(1 + Math.floor(rnd() * 6)) : pieces[Math.floor(rnd() * pieces.length)];
      const from = Math.floor(rnd() * 40);
      const to = hay.length - Math.floor(rnd() * 40);

      const got = [...m.starts(enc(hay), from, to)];

      expect(got).toEqual(naiveStarts(hay, from, to));
    }
  });

  it('finds the shortest literal (anchored on the byte before it) at the very start of the window', () => {
    // 'Pulling ' is one byte shorter than the window of 9: its anchor starts on a wildcard byte.
    const m = compileLiteralMatcher([t('Pulling '), t('resolved to '), t('manifest unknown'), t('from boskos', true)]);
    const hay = enc('Pulling web (nginx)...\nx FROM BOSKOS\nPulling ');
    const out: number[] = [];

    expect(m.findFirst(hay, 0, hay.length)).toBe(0);
    expect([...m.starts(hay, 0, hay.length)]).toEqual([0, 25, 37]);
    expect(m.collect(hay, 37, hay.length, out)).toBe(1);
    expect(out[0]).toBe(0);
    expect(m.findFirst(hay, 1, 44)).toBe(25);
  });

  it('refuses literals shorter than four bytes', () => {
    expect(() => compileLiteralMatcher([t('abc')])).toThrow(/shorter than 4 bytes/);
  });

  it('finds nothing when there are no literals', () => {
    expect(compileLiteralMatcher([]).findFirst(enc('anything'), 0, 8)).toBe(-1);
  });
});
