import { createPatternCheckPool, screenRuleFiles } from '../../src/analyze/index.ts';
import type { PatternCheckPool, VerdictCache } from '../../src/analyze/index.ts';

function memoryVerdicts(): VerdictCache & { rows: Map<string, string | null> } {
  const rows = new Map<string, string | null>();
  return {
    rows,
    async loadPatternVerdicts(hashes) {
      return new Map(hashes.filter((h) => rows.has(h)).map((h) => [h, rows.get(h) ?? null]));
    },
    async savePatternVerdicts(verdicts) {
      for (const v of verdicts) rows.set(v.hash, v.problem);
    },
  };
}

const rule = (id: string, pattern: string) =>
  `  - id: ${id}\n    category: test\n    explanation: x\n    patterns: ['${pattern}']\n`;

describe('screenRuleFiles with the worker-thread pool', () => {
  let pool: PatternCheckPool;
  beforeAll(() => {
    pool = createPatternCheckPool({ timeoutMs: 10_000 });
  });
  afterAll(() => pool.close());

  it('keeps proven rules, drops a catastrophic one with the reason, and stores both verdicts', async () => {
    const verdicts = memoryVerdicts();
    const text = `rules:\n${rule('fine-one', 'screen fine (?<what>[a-z]+) failed')}${rule('evil-one', 'screen evil (a+)+b')}`;

    const out = await screenRuleFiles([{ path: 'ci/rules.yaml', text }], {
      pool,
      verdicts,
      budgetMs: 30_000,
      maxPatterns: 10,
    });

    expect(out.refused).toEqual([expect.stringMatching(/^`ci\/rules.yaml`: rule `evil-one`: a pattern may backtrack/)]);
    expect(out.files[0]?.text).toContain('fine-one');
    expect(out.files[0]?.text).not.toContain('evil-one');
    expect([...verdicts.rows.values()]).toEqual(expect.arrayContaining([null, expect.stringMatching(/backtrack/)]));
    expect(verdicts.rows.size).toBe(2);
  });

  it('keeps the event loop free while a slow pattern is proven', async () => {
    let longest = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);

    const problem = await pool.check('screen slow [a-z]{1,200}[0-9]{1,200}x', '');
    clearInterval(tick);

    expect(problem).toBeNull();
    expect(longest).toBeLessThan(300);
  });
});

describe('screenRuleFiles limits', () => {
  const stuck: PatternCheckPool = { check: () => new Promise(() => {}), close: async () => {} };

  it('refuses rules past the cap of patterns per repository, and any not proven within the budget', async () => {
    const text = `rules:\n${rule('first', 'limit one x')}${rule('second', 'limit two x')}${rule('third', 'limit three x')}`;

    const out = await screenRuleFiles([{ path: 'r.yaml', text }], {
      pool: stuck,
      verdicts: memoryVerdicts(),
      budgetMs: 50,
      maxPatterns: 2,
    });

    expect(out.refused).toEqual([
      '`r.yaml`: rule `third` is over the limit of 2 patterns per repository',
      expect.stringMatching(/^`r.yaml`: rule `first`: a pattern was not checked in time/),
      expect.stringMatching(/^`r.yaml`: rule `second`: a pattern was not checked in time/),
    ]);
    expect(out.files[0]?.text).not.toMatch(/first|second|third/);
  });

  it('uses stored verdicts without asking the pool', async () => {
    const verdicts = memoryVerdicts();
    const counting = { calls: 0, check: async () => ((counting.calls += 1), null), close: async () => {} };
    const text = `rules:\n${rule('stored', 'stored verdict x')}`;
    await screenRuleFiles([{ path: 'a.yaml', text }], { pool: counting, verdicts, budgetMs: 1000, maxPatterns: 5 });

    const again = await screenRuleFiles([{ path: 'a.yaml', text: `rules:\n${rule('stored', 'stored verdict y')}` }], {
      pool: counting,
      verdicts,
      budgetMs: 1000,
      maxPatterns: 5,
    });

    expect(counting.calls).toBe(2);
    expect(again.refused).toEqual([]);
  });
});
