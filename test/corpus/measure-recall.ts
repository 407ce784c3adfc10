// Recall and precision per class of the top cause on the real-log corpus, through the same engine
// calls as `ci-triage analyze` on a local log (observeRun + classifyRun + topCause). Minimal on
// purpose: `npm run eval` is the full report. Run: node test/corpus/measure-recall.ts [--misses]
import { Readable } from 'node:stream';
import { classifyRun, loadRuleCatalog, observeRun, topCause } from '../../src/analyze/index.ts';
import { minimalRunInfo } from '../../src/ingest/file-source.ts';
import type { RunEvidence } from '../../src/types.ts';
import { type CorpusCase, loadCorpus } from './load-corpus.ts';

/** Corpus category of `other` cases -> the catalog rules that name it. Unmapped categories have no rule. */
export const CATEGORY_RULES: Record<string, string[]> = {
  'registry-rate-limit': ['registry-rate-limit'],
  'registry-auth': ['registry-access-denied'],
  'disk-full': ['no-space-left'],
  oom: ['out-of-memory'],
  'network-dns': ['dns-failure'],
  tls: ['tls-failure'],
  'network-connection': ['connection-failure', 'docker-daemon-unavailable', 'git-fetch-failed'],
  timeout: ['job-timeout', 'prow-job-timeout', 'context-deadline-exceeded', 'go-test-timeout'],
  'test-failure': ['test-failure', 'pytest-failure', 'go-test-failure', 'ginkgo-failure'],
  'command-not-found': ['command-not-found'],
};

function evidenceOf(c: CorpusCase): RunEvidence {
  const bytes = new TextEncoder().encode(c.log);
  return {
    info: minimalRunInfo(c.id),
    logs: [{ name: 'build-log.txt', size: bytes.length, open: async () => Readable.from([bytes]) }],
    podInfo: null,
    problems: [],
  };
}

/** What the engine says the case is: a core class, a corpus category (via its catalog rule), or none. */
function predictedOf(classifier: string | null): string {
  if (classifier === null) return 'none';
  if (!classifier.startsWith('rule:')) return classifier;
  const rule = classifier.slice('rule:'.length);
  const category = Object.entries(CATEGORY_RULES).find(([, rules]) => rules.includes(rule))?.[0];
  return category ? `catalog:${category}` : `catalog-other:${rule}`;
}

function expectedOf(c: CorpusCase): string {
  if (c.label !== 'other') return c.label;
  return c.category && CATEGORY_RULES[c.category] ? `catalog:${c.category}` : 'none';
}

const ratio = (n: number, d: number): string => (d === 0 ? '-' : (n / d).toFixed(3));

const catalog = await loadRuleCatalog();
const rows: { c: CorpusCase; expected: string; predicted: string }[] = [];
for (const c of loadCorpus()) {
  const obs = await observeRun(evidenceOf(c), catalog);
  const top = topCause(classifyRun(obs, null, catalog));
  rows.push({ c, expected: expectedOf(c), predicted: predictedOf(top?.classifier ?? null) });
}

const group = (k: string): string => (k.startsWith('catalog:') ? 'catalog' : k);
for (const cls of ['image-pull-manifest', 'empty-env', 'catalog']) {
  const labelled = rows.filter((r) => group(r.expected) === cls);
  const predicted = rows.filter((r) => group(r.predicted) === cls);
  const right = (r: (typeof rows)[number]): boolean => r.predicted === r.expected;
  console.log(
    `${cls.padEnd(20)} n=${String(labelled.length).padStart(3)}  recall ${ratio(labelled.filter(right).length, labelled.length)}  precision ${ratio(predicted.filter(right).length, predicted.length)} (${predicted.length} predicted)`,
  );
}
if (process.argv.includes('--misses')) {
  for (const r of rows)
    if (r.predicted !== r.expected) console.log(`${r.c.file}: expected ${r.expected}, got ${r.predicted}`);
}
