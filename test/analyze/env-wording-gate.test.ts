import { readFileSync } from 'node:fs';
import { ENV_TRIGGERS, envErrorOf } from '../../src/analyze/env/env-lines.ts';
import { wordingsOf } from '../../src/analyze/wordings/load-wordings.ts';
import { FIXTURES, gluedLines, textFiles } from './fixture-lines.ts';

// The empty-env observer tries only the wording rows its line's triggers can set off (envErrorOf's
// `hits`, gateWordings). It must read what trying every row read: compared on every line of the
// repo's text fixtures, every empty-env wording example and non-example, and random glued lines.

/** The observer's triggers the scanner would report on the line (all case-sensitive). */
const hitsOf = (line: string): string[] => ENV_TRIGGERS.filter((t) => line.includes(t));

const fixtureLines = textFiles(FIXTURES).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
const examples = wordingsOf('empty-env').flatMap((w) => [...w.examples.map((e) => e.line), ...w.nonExamples]);

/** Lines routed to the observer; fails on the first line whose gated reading differs. */
function expectSameReadings(lines: readonly string[]): { routed: number; read: number } {
  let routed = 0;
  let read = 0;
  for (const line of lines) {
    const hits = hitsOf(line);
    if (hits.length === 0) continue; // the scanner does not hand the observer this line
    routed++;
    const all = envErrorOf(line);
    const gated = envErrorOf(line, hits);
    if (all) read++;
    if (JSON.stringify(gated) !== JSON.stringify(all))
      expect({ line, hits, gated }).toEqual({ line, hits, gated: all });
  }
  return { routed, read };
}

describe('envErrorOf with the line hits', () => {
  it('reads the same on the fixtures and the wording examples', () => {
    const { routed, read } = expectSameReadings([...fixtureLines, ...examples]);
    expect(routed).toBeGreaterThan(examples.length / 2);
    expect(read).toBeGreaterThan(examples.length / 3);
  });

  it('reads the same on random lines of several triggers and wordings', () => {
    const lines = gluedLines([...examples, ...ENV_TRIGGERS], 5000, 31);
    expect(expectSameReadings(lines).routed).toBeGreaterThan(2000);
  });

  it('still reads a row whose anchor is the only hit, and nothing on a bare trigger line', () => {
    const line = 'env: required environment variable "DATABASE_URL" is not set';
    expect(envErrorOf(line, hitsOf(line))?.variable).toBe('DATABASE_URL');
    const setting =
      'windows-startup-script-ps1: Setting environment variable: NODE_DIR = C:\\etc\\kubernetes\\node\\bin';
    expect(hitsOf(setting).length).toBeGreaterThan(0);
    expect(envErrorOf(setting, hitsOf(setting))).toBeNull();
  });
});
