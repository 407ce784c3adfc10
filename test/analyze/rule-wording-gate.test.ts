import { readFileSync } from 'node:fs';
import { wordingGate } from '../../src/analyze/catalog/rule-observer.ts';
import type { CompiledRule } from '../../src/analyze/catalog/types.ts';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { stripLinePrefix } from '../../src/analyze/line-prefix.ts';
import { matchWording } from '../../src/analyze/wordings/load-wordings.ts';
import { FIXTURES, gluedLines, textFiles } from './fixture-lines.ts';

// A catalog rule tries only the wordings its line's triggers can set off (wordingGate). It must pick
// what trying every wording picked: compared per rule on every line of the repo's text fixtures,
// every wording example and non-example, and random lines glued from those pieces.

/** The rule's triggers the scanner would report on the line. */
const hitsOf = (rule: CompiledRule, line: string): string[] =>
  rule.triggers
    .filter((t) => (t.ignoreCase ? line.toLowerCase().includes(t.text.toLowerCase()) : line.includes(t.text)))
    .map((t) => t.text);

const fixtureLines = textFiles(FIXTURES).flatMap((f) => readFileSync(f, 'utf8').split('\n'));

/** Lines routed to some rule; fails on the first line whose gated pick differs. */
function expectSamePicks(rules: CompiledRule[], lines: string[]): number {
  let routed = 0;
  for (const rule of rules) {
    const gate = wordingGate(rule);
    for (const line of lines) {
      const hits = hitsOf(rule, line);
      if (hits.length === 0) continue; // the scanner does not hand the rule this line
      routed++;
      const text = stripLinePrefix(line);
      const all = matchWording(rule.wordings, text);
      const gated = matchWording(gate(hits), text);
      if (JSON.stringify(gated) !== JSON.stringify(all))
        expect({ rule: rule.id, line, hits, gated }).toEqual({ rule: rule.id, line, hits, gated: all });
    }
  }
  return routed;
}

describe('wordingGate', () => {
  let rules: CompiledRule[] = [];
  let examples: string[] = [];
  beforeAll(async () => {
    rules = (await loadRuleCatalog()).rules.filter((r) => r.wordings.length > 0);
    examples = rules.flatMap((r) => r.wordings.flatMap((w) => [...w.examples.map((e) => e.line), ...w.nonExamples]));
  });

  it('picks the same wording on the fixtures and the wording examples', () => {
    expect(rules.length).toBeGreaterThan(5);
    expect(expectSamePicks(rules, [...fixtureLines, ...examples])).toBeGreaterThan(examples.length / 2);
  });

  it('picks the same wording on random lines of several triggers and wordings', () => {
    const triggers = rules.flatMap((r) => r.triggers.map((t) => t.text));
    const pieces = [...examples, ...triggers];
    const lines = gluedLines(pieces, 5000, 29);
    expect(expectSamePicks(rules, lines)).toBeGreaterThan(2000);
  });

  it('tries fewer wordings on a line with one trigger, all of them without hits', () => {
    const rule = rules.find((r) => new Set(r.wordings.flatMap((w) => w.triggers)).size > 1)!;
    const gate = wordingGate(rule);
    const hit = rule.wordings[0]!.triggers[0]!;
    const own = rule.triggers.find((t) => hit.toLowerCase().includes(t.text.toLowerCase()))!.text;

    expect(gate(undefined)).toBe(rule.wordings);
    expect(gate([])).toBe(rule.wordings);
    expect(gate([own])).toContain(rule.wordings[0]);
    expect(gate([own]).length).toBeLessThan(rule.wordings.length);
  });
});
