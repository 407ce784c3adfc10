import { requiredLiterals } from '../../src/analyze/catalog/literal-triggers.ts';

// Each regex with the literal the prefilter can rely on (null: none of 4+ characters).
const CASES: [string, string, string[] | null][] = [
  [
    'longest run outside groups',
    "Quota '(?<quota>[A-Z0-9_]+)' exceeded\\.\\s+Limit: (?<limit>[0-9.]+)",
    ["' exceeded."],
  ],
  ['anchors and escapes', '^\\s*--- FAIL: (?<test>\\S+)', ['--- FAIL: ']],
  [
    'one literal per top-level branch',
    'toomanyrequests|You have reached your (?:unauthenticated )?pull rate limit',
    ['toomanyrequests', 'You have reached your '],
  ],
  ['an optional character ends a run', 'colou?r is nice', ['r is nice']],
  ['a repeated character ends a run after it', 'abc+defgh', ['defgh']],
  ['an optional group is skipped', '(foo)?barbaz', ['barbaz']],
  [
    'escaped punctuation is literal',
    'ERROR: \\((?<command>gcloud[\\w.-]*)\\) Could not fetch resource:',
    [') Could not fetch resource:'],
  ],
  ['nothing outside groups', '(?:ERROR|FATAL) \\d+', null],
  ['a branch without a literal', 'no space left on device|[a-z]+', null],
];

describe('requiredLiterals', () => {
  it.each(CASES)('%s', (_what, source, expected) => {
    expect(requiredLiterals(source, 4)).toEqual(expected);
  });
});
