import { resolveLimits } from '../../src/analyze/limits.ts';
import { ArtifactScanner, type ScanPlan } from '../../src/analyze/scan/artifact-scanner.ts';
import { compileLiteralMatcher } from '../../src/analyze/scan/literal-matcher.ts';
import type { LineObserver, ScanLine, Trigger } from '../../src/analyze/types.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
type Seen = { line: number; followUp: boolean; hits: readonly string[] | undefined }[];

/** An observer that records what it is shown and asks for `follow` lines after a line holding `wants`. */
function recorder(id: string, triggers: string[], wants = '', follow = 0): LineObserver<Seen> {
  return {
    id,
    triggers: triggers.map((text) => ({ text, ignoreCase: false })),
    init: () => [],
    onLine(s, line: ScanLine) {
      s.push({ line: line.line, followUp: line.followUp, hits: line.hits });
      return wants && line.text.includes(wants) ? follow : 0;
    },
  };
}

function plan(observers: LineObserver[], headLines = 0): ScanPlan {
  const triggers: Trigger[] = [];
  const owners: number[][] = [];
  observers.forEach((o, i) => {
    for (const t of o.triggers) {
      let at = triggers.findIndex((x) => x.text === t.text);
      if (at < 0) at = triggers.push(t) - 1;
      (owners[at] ??= []).push(i);
    }
  });
  return {
    matcher: compileLiteralMatcher(triggers),
    triggers,
    owners,
    observers,
    states: observers.map((o) => o.init()),
    onHeadLine: () => undefined,
    limits: resolveLimits({ headLines }),
    disabled: observers.map(() => false),
    problems: [],
  };
}

function scan(p: ScanPlan, text: string, chunk = 7): void {
  const s = new ArtifactScanner('a.log', p);
  const bytes = enc(text);
  for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
  s.end();
}

describe('ArtifactScanner dispatch', () => {
  it('gives each observer the texts of its own triggers found on the line', () => {
    const p = plan([recorder('a', ['alpha one', 'shared bit']), recorder('b', ['beta two', 'shared bit'])]);

    scan(p, 'x\nalpha one and shared bit\nbeta two\nnothing\n');

    expect(p.states[0]).toEqual([{ line: 2, followUp: false, hits: ['alpha one', 'shared bit'] }]);
    expect(p.states[1]).toEqual([
      { line: 2, followUp: false, hits: ['shared bit'] },
      { line: 3, followUp: false, hits: ['beta two'] },
    ]);
  });

  it('leaves hits unset on a line whose ANSI codes were removed (a trigger may be split by one)', () => {
    const p = plan([recorder('a', ['alpha one'])]);

    scan(p, 'alpha one\n\x1b[1malpha\x1b[0m one alpha one\n');

    expect(p.states[0]).toEqual([
      { line: 1, followUp: false, hits: ['alpha one'] },
      { line: 2, followUp: false, hits: undefined },
    ]);
  });

  it('shows the same lines whatever the chunk size, chunks of many MiB included', () => {
    const lines = Array.from({ length: 300_000 }, (_, i) =>
      i % 7 === 0 ? `${i} alpha one` : i % 11 === 0 ? `beta two ${'x'.repeat(i % 300)}` : `filler ${i}`,
    );
    const text = `${lines.join('\n')}\n`;
    const seen = (chunk: number): unknown[] => {
      const p = plan([recorder('a', ['alpha one']), recorder('b', ['beta two', 'alpha one'], 'beta', 2)]);
      scan(p, text, chunk);
      return p.states;
    };

    const small = seen(4096);

    expect(seen(text.length)).toEqual(small);
    expect(seen(5 * 1024 * 1024 + 3)).toEqual(small);
    expect((small[0] as Seen).length).toBe(Math.ceil(300_000 / 7));
  });

  it('sends follow-up lines only to the observer that asked, and triggers to everyone meanwhile', () => {
    const p = plan([recorder('a', ['start here'], 'start here', 2), recorder('b', ['beta two'])]);

    scan(p, 'start here\nbeta two\nplain\nplain again\nbeta two\n');

    expect(p.states[0]).toEqual([
      { line: 1, followUp: false, hits: ['start here'] },
      { line: 2, followUp: true, hits: [] },
      { line: 3, followUp: true, hits: [] },
    ]);
    expect((p.states[1] as Seen).map((x) => x.line)).toEqual([2, 5]);
  });

  it('keeps the larger follow-up request and visits observers in their order', () => {
    const order: string[] = [];
    const first = { ...recorder('a', ['zeta mark']), onLine: () => void order.push('a') };
    const second = { ...recorder('b', ['alpha one'], 'alpha one', 1), onLine: () => void order.push('b') };
    const p = plan([first, second, recorder('c', ['alpha one'], 'alpha one', 3)]);

    scan(p, 'alpha one zeta mark\nl2\nl3\nl4\nl5\n');

    expect(order).toEqual(['a', 'b']);
    expect((p.states[2] as Seen).map((x) => [x.line, x.followUp])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
    ]);
  });

  it('switches off an observer that throws and goes on with the others', () => {
    const bad: LineObserver<null> = {
      id: 'bad',
      triggers: [{ text: 'alpha one', ignoreCase: false }],
      init: () => null,
      onLine: () => {
        throw new Error('boom');
      },
    };
    const p = plan([bad, recorder('b', ['alpha one'])]);

    scan(p, 'alpha one\nalpha one\n');

    expect(p.problems).toEqual(['bad stopped at a.log:1: boom']);
    expect((p.states[1] as Seen).map((x) => x.line)).toEqual([1, 2]);
  });
});
