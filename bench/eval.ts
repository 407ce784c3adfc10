// Real-world recall: every case of test/fixtures/corpus through `ci-triage analyze`'s own code path, scored per
// class (precision, recall, fact exactness), the confusion between classes and catalog rules firing on a case
// of another category.
//   node bench/eval.ts [--json] [--misses] [--check [--summary <file>] | --record] [--thresholds <file>]
//                      [--corpus <dir>] [case-id ...]
// --corpus   measure another corpus of the same layout (default test/fixtures/corpus), e.g. the held-out
//            test/fixtures/corpus-holdout (`npm run eval:holdout`); --check/--record then need --thresholds,
//            so one corpus's figures are never held to, or written over, another's
// --misses   also list the cases whose top cause is not their label, with the line that states the cause
// --check    exit 1 when a figure falls below its value in bench/eval-thresholds.json (violations: rises above)
// --summary  with --check: also write the checked figures as jest-style counts, for .ci/summary.mjs
// --record   write bench/eval-thresholds.json from the current figures
// A metric is one function in bench/eval/metrics.ts (appended to METRICS) reading CaseResult[].
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { CORPUS_DIR, loadCorpus } from '../test/corpus/load-corpus.ts';
import type { MetricOutput } from './eval/metrics.ts';
import { METRICS } from './eval/metrics.ts';
import type { CaseResult } from './eval/run-corpus.ts';
import { runCorpus } from './eval/run-corpus.ts';
import { formatTable } from './eval/table.ts';
import { THRESHOLDS_FILE, checkFigures, readThresholds, thresholdsOf, writeThresholds } from './eval/thresholds.ts';

export type { CaseResult } from './eval/run-corpus.ts';
export type { Figure, Metric, MetricOutput } from './eval/metrics.ts';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      check: { type: 'boolean' },
      record: { type: 'boolean' },
      thresholds: { type: 'string' },
      summary: { type: 'string' },
      misses: { type: 'boolean' },
      corpus: { type: 'string' },
    },
  });
  if (values.check && values.record) throw new Error('--check and --record exclude each other');
  const corpus = resolve(values.corpus ?? CORPUS_DIR);
  const otherCorpus = corpus !== resolve(CORPUS_DIR);
  if (otherCorpus && (values.check || values.record) && !values.thresholds)
    throw new Error('--corpus with --check or --record needs --thresholds <file> for that corpus');
  if (otherCorpus && values.thresholds && resolve(values.thresholds) === THRESHOLDS_FILE)
    throw new Error(`${THRESHOLDS_FILE} holds the figures of test/fixtures/corpus, not of ${values.corpus}`);
  const all = loadCorpus(corpus);
  const cases = positionals.length ? all.filter((c) => positionals.includes(c.id)) : all;
  if (positionals.length && (values.check || values.record))
    throw new Error('--check and --record measure the whole corpus: drop the case ids');

  const results = await runCorpus(cases);
  const outputs: MetricOutput[] = METRICS.map((m) => m(results));
  const figures = outputs.flatMap((o) => o.figures);

  if (values.json) {
    const json = Object.fromEntries(outputs.map((o) => [o.name, o.json]));
    const perCase = results.map((r) => ({
      id: r.case.id,
      expected: r.expected,
      predicted: r.predicted,
      top: r.top?.classifier ?? null,
      facts: r.top?.facts ?? null,
    }));
    console.log(JSON.stringify({ cases: results.length, ...json, figures, perCase }, null, 2));
  } else {
    const from = otherCorpus ? ` (${values.corpus})` : '';
    console.log(`${results.length} corpus cases${from} through ci-triage analyze\n`);
    for (const o of outputs) console.log(`## ${o.name}\n${o.text}\n`);
    if (values.misses) console.log(`## misses\n${missesOf(results)}\n`);
  }

  const file = values.thresholds ?? THRESHOLDS_FILE;
  if (values.record) {
    writeThresholds(thresholdsOf(figures, values.corpus ?? 'test/fixtures/corpus'), file);
    console.error(`recorded ${figures.length} figures in ${file}`);
  }
  if (!values.check) return 0;
  const thresholds = readThresholds(file);
  const { failures, unrecorded } = checkFigures(figures, thresholds);
  if (values.summary) writeSummary(values.summary, Object.keys(thresholds.figures).length, failures.length);
  if (unrecorded.length) console.error(`not recorded yet (run --record): ${unrecorded.join(', ')}`);
  for (const f of failures) console.error(`eval: ${f}`);
  console.error(failures.length ? `eval check failed: ${failures.length} figure(s)` : 'eval check passed');
  return failures.length ? 1 : 0;
}

/** Cases whose top cause is not their label, by label: the root line to find a wording for. */
function missesOf(results: readonly CaseResult[]): string {
  const missed = results.filter((r) => r.predicted !== r.expected);
  const rows = missed
    .sort((a, b) => a.expected.localeCompare(b.expected) || a.case.id.localeCompare(b.case.id))
    .map((r) => [r.expected, r.predicted, r.case.id, r.case.tool, r.case.rootLine.trim().slice(0, 110)]);
  return `${missed.length} case(s)\n${formatTable(['labelled', 'predicted', 'case', 'tool', 'root line'], rows)}`;
}

/** The counts .ci/summary.mjs adds up: one "test" per recorded figure. */
function writeSummary(file: string, checked: number, failed: number): void {
  const counts = { numPassedTests: checked - failed, numFailedTests: failed, numPendingTests: 0 };
  writeFileSync(file, `${JSON.stringify(counts)}\n`);
}

process.exitCode = await main();
