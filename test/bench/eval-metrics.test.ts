import { classOfFinding } from '../../bench/eval/classes.ts';
import { catalogViolations, classRows, confusionOf, factsExact, perClass } from '../../bench/eval/metrics.ts';
import type { CaseResult } from '../../bench/eval/run-corpus.ts';
import { checkFigures, thresholdsOf } from '../../bench/eval/thresholds.ts';
import type { Finding, Report } from '../../src/types.ts';
import type { CorpusCase, CorpusLabel } from '../corpus/load-corpus.ts';

function finding(classifier: string, category: string, facts: Record<string, unknown>): Finding {
  return {
    classifier,
    category,
    confidence: 0.9,
    summary: 's',
    evidence: [{ artifact: 'a.log', line: 1, text: `${classifier} line` }],
    fingerprint: classifier,
    facts,
  } as unknown as Finding;
}

function result(
  id: string,
  label: CorpusLabel,
  expected: string,
  facts: CorpusCase['facts'],
  findings: Finding[],
): CaseResult {
  const c = { id, label, category: null, facts, rootLine: 'x', log: 'x' } as unknown as CorpusCase;
  const top = findings[0] ?? null;
  return {
    case: c,
    expected,
    predicted: top ? classOfFinding(top) : 'none',
    top,
    findings,
    report: {} as Report,
    artifact: 'a.log',
  };
}

const pull = (image: string) => finding('image-pull-manifest', 'registry', { image, tool: 'docker', occurrences: 1 });
const dns = finding('rule:dns-failure', 'network', { host: 'example.com' });

// Three image-pull cases (one missed, one with the wrong image), one DNS look-alike found by its rule, one
// DNS look-alike the image-pull classifier wrongly claims, one disk look-alike on which the DNS rule fires.
const results: CaseResult[] = [
  result('p1', 'image-pull-manifest', 'image-pull-manifest', { image: 'a:1' }, [pull('a:1')]),
  result('p2', 'image-pull-manifest', 'image-pull-manifest', { image: 'b:1' }, [pull('b:2')]),
  result('p3', 'image-pull-manifest', 'image-pull-manifest', { image: 'c:1' }, []),
  result('d1', 'other', 'network', {}, [dns]),
  result('d2', 'other', 'network', {}, [pull('d:1')]),
  result('f1', 'other', 'resource', {}, [finding('rule:go-test-failure', 'test', { generic: true }), dns]),
];

describe('eval metrics', () => {
  it('score precision, recall and fact exactness per class from the top cause', () => {
    const rows = Object.fromEntries(classRows(results).map((r) => [r.class, r]));

    expect(rows['image-pull-manifest']).toMatchObject({ cases: 3, predicted: 3, correct: 2, factsExactCount: 1 });
    expect(rows['image-pull-manifest']?.precision).toBeCloseTo(2 / 3);
    expect(rows['image-pull-manifest']?.recall).toBeCloseTo(2 / 3);
    expect(rows['image-pull-manifest']?.factsExact).toBe(0.5);
    expect(rows.network).toMatchObject({ cases: 2, predicted: 1, correct: 1, precision: 1, recall: 0.5 });
    expect(rows['empty-env']).toMatchObject({ cases: 0, predicted: 0, precision: null, recall: null });
  });

  it('count a missing expected fact as null and compare the rest exactly', () => {
    expect(factsExact({ variable: null }, finding('empty-env', 'configuration', { variable: null }))).toBe(true);
    expect(factsExact({ variable: null }, finding('empty-env', 'configuration', {}))).toBe(true);
    expect(factsExact({ variable: 'X' }, finding('empty-env', 'configuration', { variable: 'x' }))).toBe(false);
  });

  it('build the confusion between expected and predicted classes', () => {
    expect(confusionOf(results)).toEqual({
      'image-pull-manifest': { 'image-pull-manifest': 2, none: 1 },
      network: { network: 1, 'image-pull-manifest': 1 },
      resource: { generic: 1 },
    });
  });

  it('flag a catalog rule firing on a case of another class, not generic rules or core classifiers', () => {
    const out = catalogViolations(results);

    expect(out.json).toEqual([
      { case: 'f1', expected: 'resource', rule: 'rule:dns-failure', line: 'rule:dns-failure line' },
    ]);
    expect(out.figures).toEqual([{ key: 'catalog violations', value: 1, better: 'lower' }]);
  });

  it('leave unmeasurable figures out and keep the table readable', () => {
    const out = perClass(results);

    expect(out.figures.map((f) => f.key)).not.toContain('empty-env precision');
    expect(out.text).toContain(
      '| image-pull-manifest | 3     | 3         | 2       | 0.667     | 0.667  | 0.500 (1/2) |',
    );
  });
});

describe('eval thresholds', () => {
  const figures = [
    { key: 'a precision', value: 2 / 3, better: 'higher' as const },
    { key: 'catalog violations', value: 2, better: 'lower' as const },
  ];

  it('record figures so the same figures pass', () => {
    const t = thresholdsOf(figures);

    expect(t.figures['a precision']).toEqual({ value: 0.666666, better: 'higher' });
    expect(checkFigures(figures, t)).toEqual({ failures: [], unrecorded: [] });
  });

  it('say which corpus they were recorded on', () => {
    expect(thresholdsOf(figures).about).toContain('test/fixtures/corpus,');
    expect(thresholdsOf(figures, 'test/fixtures/corpus-holdout').about).toContain(
      '--corpus test/fixtures/corpus-holdout',
    );
  });

  it('fail a figure below its threshold, a count above it, and a figure no longer measured', () => {
    const t = thresholdsOf(figures);
    const worse = [
      { key: 'a precision', value: 0.6, better: 'higher' as const },
      { key: 'catalog violations', value: 3, better: 'lower' as const },
      { key: 'b recall', value: 1, better: 'higher' as const },
    ];

    const { failures, unrecorded } = checkFigures(worse, t);
    const dropped = checkFigures([], t);

    expect(failures).toEqual([
      'a precision: 0.6 is below the recorded 0.666666',
      'catalog violations: 3 is above the recorded 2',
    ]);
    expect(unrecorded).toEqual(['b recall']);
    expect(dropped.failures).toHaveLength(2);
  });
});
