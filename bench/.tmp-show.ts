import { loadCorpus } from '../test/corpus/load-corpus.ts';
import { runCorpus } from './eval/run-corpus.ts';
const ids = process.argv.slice(2);
const cases = loadCorpus().filter((c) => ids.some((i) => c.id.startsWith(i)));
for (const r of await runCorpus(cases)) {
  console.log(`== ${r.case.id} expected=${r.expected} predicted=${r.predicted}`);
  for (const f of r.findings) console.log(`  ${f.classifier} ${f.category} ${f.confidence.toFixed(2)} ${JSON.stringify(f.facts).slice(0, 150)} | ${f.evidence[0]?.text.slice(0, 80)}`);
}
