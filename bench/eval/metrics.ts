// The figures `npm run eval` prints. A metric is one function from the analysed cases to its text, its JSON and
// the figures `--check` holds against bench/eval-thresholds.json; add one by appending it to METRICS.
import { isDeepStrictEqual } from 'node:util';
import type { Finding } from '../../src/types.ts';
import type { EvalClass } from './classes.ts';
import { CASE_CATEGORY_CLASS, CORE_CLASSES, GENERIC, NONE, isCatalogViolation } from './classes.ts';
import type { CaseResult } from './run-corpus.ts';
import { formatTable, ratio } from './table.ts';

/** One recorded number: `higher` figures fail below their threshold, `lower` ones above it. */
export interface Figure {
  key: string;
  value: number | null;
  better: 'higher' | 'lower';
}

export interface MetricOutput {
  name: string;
  text: string;
  json: unknown;
  figures: Figure[];
}

export type Metric = (results: readonly CaseResult[]) => MetricOutput;

/** Classes some classifier or rule can predict; recall means nothing for the others. */
const CLAIMED: ReadonlySet<EvalClass | null> = new Set([...CORE_CLASSES, ...Object.values(CASE_CATEGORY_CLASS)]);

/** The expected facts all equal the finding's typed facts (an expected `null` means the fact is absent or null). */
export function factsExact(expected: Record<string, unknown>, f: Finding): boolean {
  const facts = f.facts as Record<string, unknown>;
  return Object.entries(expected).every(([k, v]) => isDeepStrictEqual(facts[k] ?? null, v ?? null));
}

export interface ClassRow {
  class: EvalClass;
  cases: number;
  predicted: number;
  correct: number;
  precision: number | null;
  recall: number | null;
  /** Core classes: the correctly found cases whose facts are exact. */
  factsExact: number | null;
  factsExactCount: number | null;
}

export function classRows(results: readonly CaseResult[]): ClassRow[] {
  const classes = new Set<EvalClass>(CORE_CLASSES);
  for (const r of results) classes.add(r.expected).add(r.predicted);
  classes.delete(NONE);
  classes.delete(GENERIC);
  const core = new Set<EvalClass>(CORE_CLASSES);
  return [...classes]
    .sort((a, b) => Number(core.has(b)) - Number(core.has(a)) || a.localeCompare(b))
    .map((cls) => {
      const cases = results.filter((r) => r.expected === cls);
      const predicted = results.filter((r) => r.predicted === cls);
      const correct = predicted.filter((r) => r.expected === cls);
      const exact = core.has(cls) ? correct.filter((r) => r.top && factsExact(r.case.facts, r.top)).length : null;
      return {
        class: cls,
        cases: cases.length,
        predicted: predicted.length,
        correct: correct.length,
        precision: predicted.length ? correct.length / predicted.length : null,
        recall: cases.length && CLAIMED.has(cls) ? correct.length / cases.length : null,
        factsExact: exact === null || correct.length === 0 ? null : exact / correct.length,
        factsExactCount: exact,
      };
    });
}

export const perClass: Metric = (results) => {
  const rows = classRows(results);
  const text = formatTable(
    ['class', 'cases', 'predicted', 'correct', 'precision', 'recall', 'facts exact'],
    rows.map((r) => [
      r.class,
      String(r.cases),
      String(r.predicted),
      String(r.correct),
      ratio(r.precision),
      r.recall === null && r.cases > 0 ? 'no rule' : ratio(r.recall),
      r.factsExactCount === null ? '' : `${ratio(r.factsExact)} (${r.factsExactCount}/${r.correct})`,
    ]),
  );
  const figures = rows.flatMap((r): Figure[] => [
    { key: `${r.class} precision`, value: r.precision, better: 'higher' },
    { key: `${r.class} recall`, value: r.recall, better: 'higher' },
    ...(r.factsExactCount === null
      ? []
      : [{ key: `${r.class} facts exact`, value: r.factsExact, better: 'higher' as const }]),
  ]);
  return { name: 'per class', text, json: rows, figures: figures.filter((f) => f.value !== null) };
};

/** Expected class -> predicted class (of the top cause) -> cases. */
export function confusionOf(results: readonly CaseResult[]): Record<EvalClass, Record<EvalClass, number>> {
  const m: Record<EvalClass, Record<EvalClass, number>> = {};
  for (const r of results) {
    const row = (m[r.expected] ??= {});
    row[r.predicted] = (row[r.predicted] ?? 0) + 1;
  }
  return m;
}

export const confusion: Metric = (results) => {
  const m = confusionOf(results);
  const rows = Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([expected, row]) => {
      const cells = Object.entries(row).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
      const total = cells.reduce((n, [, k]) => n + k, 0);
      return [`${expected} (${total})`, cells.map(([p, k]) => `${p === expected ? '*' : ''}${p} ${k}`).join(', ')];
    });
  const text = formatTable(['expected (cases)', 'predicted top cause (* = right)'], rows);
  return { name: 'confusion', text, json: m, figures: [] };
};

export interface Violation {
  case: string;
  expected: EvalClass;
  rule: string;
  line: string;
}

export function violationsOf(results: readonly CaseResult[]): Violation[] {
  return results.flatMap((r) =>
    r.findings
      .filter((f) => isCatalogViolation(f, r.expected))
      .map((f) => ({ case: r.case.id, expected: r.expected, rule: f.classifier, line: f.evidence[0]?.text ?? '' })),
  );
}

export const catalogViolations: Metric = (results) => {
  const v = violationsOf(results);
  const rows = v.map((x) => [x.case, x.expected, x.rule, x.line.length > 90 ? `${x.line.slice(0, 87)}...` : x.line]);
  const text = `${v.length} catalog rule firing(s) on a case of another category${
    v.length ? `\n${formatTable(['case', 'labelled', 'rule', 'evidence'], rows)}` : ''
  }`;
  return {
    name: 'catalog violations',
    text,
    json: v,
    figures: [{ key: 'catalog violations', value: v.length, better: 'lower' }],
  };
};

/** Core cases found with the right class but other facts than expected: what to fix in a wording's groups. */
export const factMismatches: Metric = (results) => {
  const core = new Set<EvalClass>(CORE_CLASSES);
  const wrong = results
    .filter((r) => core.has(r.expected) && r.predicted === r.expected && r.top && !factsExact(r.case.facts, r.top))
    .map((r) => {
      const facts = r.top?.facts as Record<string, unknown>;
      const got = Object.fromEntries(Object.keys(r.case.facts).map((k) => [k, facts[k] ?? null]));
      return { case: r.case.id, expected: r.case.facts, got };
    });
  const rows = wrong.map((w) => [w.case, JSON.stringify(w.expected), JSON.stringify(w.got)]);
  const text = `${wrong.length} case(s) of the right class with other facts than expected${
    wrong.length ? `\n${formatTable(['case', 'expected facts', 'finding facts'], rows)}` : ''
  }`;
  return { name: 'fact mismatches', text, json: wrong, figures: [] };
};

export const METRICS: readonly Metric[] = [perClass, confusion, catalogViolations, factMismatches];
