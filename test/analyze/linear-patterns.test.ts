// Every regex that runs on log lines, shipped rules and classifiers alike, is proven linear-time
// by recheck. The shipped rules skip this check at load (it costs up to ~2 s a pattern), so this
// test is what keeps a catastrophic pattern out of rules/default.yaml. Verdicts of unchanged
// patterns come from linear-verdicts.json (see linear-verdicts.ts); new ones are proven here.
import { linearVerdict } from './linear-verdicts.ts';
import { LINEAR_CASES } from './linear-cases.ts';

describe('patterns run in linear time', () => {
  it('covers the shipped rules and every classifier', () => {
    expect(LINEAR_CASES.filter(([name]) => name.startsWith('rule ')).length).toBeGreaterThanOrEqual(20);
    expect(LINEAR_CASES.length).toBeGreaterThan(100);
  });

  it.each(LINEAR_CASES)(
    '%s',
    (_name, re) => {
      const status = linearVerdict(re);

      expect({ pattern: re.source, status }).toEqual({ pattern: re.source, status: 'safe' });
    },
    60_000,
  );
});

describe('the verdict cache', () => {
  it('proves a pattern it has no verdict for, and refuses a catastrophic one', () => {
    expect(linearVerdict(/^(a+)+$/)).not.toBe('safe');
  });
});
