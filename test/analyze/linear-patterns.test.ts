// Every regex that runs on log lines, shipped rules and classifiers alike, is proven linear-time
// by recheck. The shipped rules skip this check at load (it costs up to ~2 s a pattern), so this
// test is what keeps a catastrophic pattern out of rules/default.yaml.
import { createRequire } from 'node:module';
import type * as Recheck from 'recheck';
import { loadRulesFile, defaultRulesPath } from '../../src/analyze/catalog/load-rule-catalog.ts';
import { ENV_LINE_PATTERNS } from '../../src/analyze/env/env-lines.ts';
import { ENV_BLOCK_PATTERNS } from '../../src/analyze/head/env-block.ts';
import { NORMALISE_PATTERNS } from '../../src/analyze/normalise.ts';
import { PULL_LINE_PATTERNS } from '../../src/analyze/pull/pull-lines.ts';
import { FOLLOW_UP_PATTERNS } from '../../src/analyze/pull/pull-observer.ts';

const { checkSync } = createRequire(import.meta.url)('recheck') as typeof Recheck;
const shipped = await loadRulesFile(await defaultRulesPath(), true);

const CASES: [string, RegExp][] = [
  ...shipped.flatMap((r) => [...r.patterns, ...r.context].map((re, i): [string, RegExp] => [`rule ${r.id} #${i + 1}`, re])),
  ...PULL_LINE_PATTERNS.map((re, i): [string, RegExp] => [`image-pull-manifest reader #${i + 1}`, re]),
  ...FOLLOW_UP_PATTERNS.map((re, i): [string, RegExp] => [`image-pull-manifest follow-up #${i + 1}`, re]),
  ...ENV_LINE_PATTERNS.map((re, i): [string, RegExp] => [`empty-env reader #${i + 1}`, re]),
  ...NORMALISE_PATTERNS.map((re, i): [string, RegExp] => [`normalise #${i + 1}`, re]),
  ...ENV_BLOCK_PATTERNS.map((re, i): [string, RegExp] => [`Environment block #${i + 1}`, re]),
];

describe('patterns run in linear time', () => {
  it('covers the shipped rules and every classifier', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(20);
    expect(CASES.length).toBeGreaterThan(100);
  });

  it.each(CASES)('%s', (_name, re) => {
    const result = checkSync(re.source, re.flags.replace('g', ''));

    expect({ pattern: re.source, status: result.status }).toEqual({ pattern: re.source, status: 'safe' });
  }, 60_000);
});
