import { readFileSync } from 'node:fs';
import { PULL_TRIGGERS, pullEventsOf } from '../../src/analyze/pull/pull-lines.ts';
import { wordingsOf } from '../../src/analyze/wordings/load-wordings.ts';
import { FIXTURES, gluedLines, textFiles } from './fixture-lines.ts';

// pullEventsOf(line, hits) runs only the readers and wordings the line's triggers can set off. It
// must give what running every reader gave (no hits): compared on every line of the repo's text
// fixtures, every wording example and non-example, and random lines glued from those pieces.

/** The triggers the scanner would report on the line (all of PULL_TRIGGERS are case-sensitive). */
const hitsOf = (line: string): string[] => PULL_TRIGGERS.filter((t) => line.includes(t));

const wordings = wordingsOf('image-pull-manifest');
const examples = wordings.flatMap((w) => [...w.examples.map((e) => e.line), ...w.nonExamples]);
const fixtureLines = textFiles(FIXTURES).flatMap((f) => readFileSync(f, 'utf8').split('\n'));

function expectSameEvents(lines: string[]): number {
  let routed = 0;
  for (const line of lines) {
    const hits = hitsOf(line);
    if (hits.length === 0) continue; // the scanner does not hand the observer this line
    routed++;
    const all = pullEventsOf(line);
    const gated = pullEventsOf(line, hits);
    if (JSON.stringify(gated) !== JSON.stringify(all))
      expect({ line, hits, gated }).toEqual({ line, hits, gated: all });
  }
  return routed;
}

describe('pullEventsOf with the line hits', () => {
  it('gives the same events on the fixtures and the wording examples', () => {
    expect(expectSameEvents([...fixtureLines, ...examples])).toBeGreaterThan(examples.length / 2);
  });

  it('gives the same events on random lines of several triggers and readers', () => {
    const pieces = [...examples, ...PULL_TRIGGERS, ...fixtureLines.filter((l) => hitsOf(l).length > 0)];
    const lines = gluedLines(pieces, 20_000, 13);
    expect(expectSameEvents(lines)).toBeGreaterThan(10_000);
  });

  it('skips the readers it is told to skip', () => {
    const line = '+ KUBERNETES_VERSION="ci/latest" resolved to "v1.33.0"';
    expect(pullEventsOf(line, hitsOf(line)).map((e) => e.kind)).toEqual(['resolved']);
    // Any bit set for `resolved` in the observer's skip mask drops the event and only it.
    const skipAll = 2 ** 31 - 1;
    expect(pullEventsOf(line, hitsOf(line), skipAll)).toEqual([]);
  });
});
