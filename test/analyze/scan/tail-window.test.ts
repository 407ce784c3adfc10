import { TailWindow } from '../../../src/analyze/scan/tail-window.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function feed(text: string, chunk: number, max: number): TailWindow {
  const w = new TailWindow(max);
  const all = bytes(text);
  for (let i = 0; i < all.length; i += chunk) w.keep(all.subarray(i, i + chunk));
  return w;
}

describe('TailWindow', () => {
  it('numbers the whole lines of a short artifact from 1, without the line breaks and CRs', () => {
    const w = feed('one\r\ntwo\n\u001b[31mthree\u001b[0m\n', 3, 1024);

    expect(w.lines('a.log', 3, 1024).map((l) => [l.line, l.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
  });

  it('drops the partial first line once bytes fell out, and counts a last line without a break', () => {
    const text = `${Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n')}`;
    const w = feed(text, 7, 40);

    const got = w.lines('a.log', 100, 1024);

    expect(got.at(-1)).toEqual({ artifact: 'a.log', line: 100, text: 'line 100', followUp: false });
    expect(got[0]!.text).toBe(`line ${got[0]!.line}`);
    expect(got.map((l) => l.text).join('\n').length).toBeLessThanOrEqual(40);
  });

  it('keeps nothing with a zero window, and cuts long lines to the cap', () => {
    expect(feed('a\nb\n', 1, 0).lines('a.log', 2, 1024)).toEqual([]);
    expect(feed(`${'x'.repeat(600)}\n`, 64, 4096).lines('a.log', 1, 256)[0]!.text).toHaveLength(256);
  });

  it('copies what it keeps: a stream may reuse its chunk buffer for the next read', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`).join('\n');
    const all = bytes(text);
    for (const [chunk, max] of [
      [7, 40],
      [64, 40],
      [13, 4096],
      [1000, 333],
    ] as const) {
      const reused = new Uint8Array(chunk);
      const w = new TailWindow(max);
      for (let i = 0; i < all.length; i += chunk) {
        const part = all.subarray(i, i + chunk);
        reused.set(part);
        w.keep(reused.subarray(0, part.length));
        reused.fill(0x21); // the next read overwrites it
      }
      expect(w.lines('a.log', 500, 1024)).toEqual(feed(text, chunk, max).lines('a.log', 500, 1024));
      const tail = text.slice(-max);
      const whole = text.length > max ? tail.slice(tail.indexOf('\n') + 1) : tail;
      expect(w.lines('a.log', 500, 1024).map((l) => l.text)).toEqual(whole.split('\n'));
    }
  });
});
