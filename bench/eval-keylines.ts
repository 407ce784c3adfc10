// Key-line evaluation over the real-world corpus (test/fixtures/corpus): is the line that states the
// cause among the first key lines? Prints top-1 and top-3 hit rates overall and per label, and the misses.
//   node bench/eval-keylines.ts [--check] [--json] [--misses] [--summary <file>] [--corpus <dir>]
// `--corpus <dir>` measures another corpus of the same layout (e.g. test/fixtures/corpus-holdout); the
// recorded threshold is the main corpus's, so `--check` is refused there.
// `--check` exits 1 when a rate is below the threshold recorded in bench/keylines-threshold.json;
// `--summary <file>` also writes the check as one test in jest's --json shape, for .ci/summary.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CORPUS_DIR, loadCorpus } from '../test/corpus/load-corpus.ts';
import { keyLineHitRate } from './key-line-hit-rate.ts';
import type { KeyLineOutcome } from './key-line-hit-rate.ts';

interface Threshold {
  top3: number;
  top1: number;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function rates(outcomes: KeyLineOutcome[]): string {
  const n = outcomes.length;
  const hit = (k: number): number => outcomes.filter((o) => o.rank !== null && o.rank <= k).length;
  return `top-1 ${pct(hit(1) / n)} (${hit(1)}/${n})  top-3 ${pct(hit(3) / n)} (${hit(3)}/${n})`;
}

/** The value after `flag` (a file or directory), or null when the flag is absent. */
function optionValue(argv: string[], flag: string): string | null {
  const at = argv.indexOf(flag);
  if (at < 0) return null;
  const value = argv[at + 1];
  if (!value || value.startsWith('-')) throw new Error(`${flag} takes a path`);
  return value;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const summary = optionValue(process.argv.slice(2), '--summary');
  const corpus = optionValue(process.argv.slice(2), '--corpus');
  const otherCorpus = corpus !== null && resolve(corpus) !== resolve(CORPUS_DIR);
  if (otherCorpus && args.has('--check'))
    throw new Error('bench/keylines-threshold.json is the threshold of test/fixtures/corpus: --check only runs there');
  const threshold = JSON.parse(
    readFileSync(new URL('./keylines-threshold.json', import.meta.url), 'utf8'),
  ) as Threshold;
  const result = await keyLineHitRate(loadCorpus(corpus ?? CORPUS_DIR));
  if (args.has('--json')) {
    console.log(JSON.stringify({ ...result, threshold }, null, 2));
  } else {
    const from = otherCorpus ? ` (${corpus})` : '';
    console.log(`key lines  ${result.cases} cases${from}  ${rates(result.outcomes)}`);
    for (const label of [...new Set(result.outcomes.map((o) => o.label))].sort()) {
      console.log(`  ${label.padEnd(20)} ${rates(result.outcomes.filter((o) => o.label === label))}`);
    }
    const unexplained = result.outcomes.filter((o) => !o.explained);
    if (unexplained.length > 0) console.log(`  ${'no finding'.padEnd(20)} ${rates(unexplained)}`);
    if (args.has('--misses'))
      for (const o of result.outcomes.filter((x) => x.rank === null || x.rank > 3))
        console.log(`miss  ${o.id}  rank ${o.rank ?? '-'} of ${o.keyLines}`);
  }
  if (args.has('--check')) {
    const ok = result.top3 >= threshold.top3 && result.top1 >= threshold.top1;
    console.log(
      `check  top-3 ${pct(result.top3)} >= ${pct(threshold.top3)}, top-1 ${pct(result.top1)} >= ${pct(threshold.top1)}: ${ok ? 'pass' : 'FAIL'}`,
    );
    if (!ok) process.exitCode = 1;
    if (summary) {
      const r = { numPassedTests: ok ? 1 : 0, numFailedTests: ok ? 0 : 1, numPendingTests: 0, numTodoTests: 0 };
      writeFileSync(summary, `${JSON.stringify(r)}\n`);
    }
  }
}

await main();
