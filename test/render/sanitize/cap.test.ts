import { capLines, capText } from '../../../src/render/sanitize/index.ts';

describe('capText', () => {
  it.each([
    ['short text kept', 'abc', 5, 'abc'],
    ['exact length kept', 'abcde', 5, 'abcde'],
    ['cut with ellipsis', 'abcdef', 5, 'abcd…'],
    ['max 1', 'abc', 1, '…'],
    ['max 0', 'abc', 0, ''],
    ['no split surrogate pair', 'ab😀cd', 4, 'ab…'],
  ])('%s', (_what, text, max, expected) => {
    const out = capText(text, max);

    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});

describe('capLines', () => {
  it('caps each line, the line count and the total, and says how many lines were left out', () => {
    const lines = ['a'.repeat(30), 'b', 'c', 'd'];

    expect(capLines(lines, { maxLines: 3, maxLineChars: 10, maxTotalChars: 100 })).toEqual([
      'aaaaaaaaa…',
      'b',
      'c',
      '… 1 more line',
    ]);
    expect(capLines(lines, { maxLines: 10, maxLineChars: 100, maxTotalChars: 33 })).toEqual([
      'a'.repeat(30),
      'b',
      '… 2 more lines',
    ]);
  });

  it('returns everything when under the caps', () => {
    expect(capLines(['x', 'y'], { maxLines: 5, maxLineChars: 5, maxTotalChars: 50 })).toEqual(['x', 'y']);
  });
});
