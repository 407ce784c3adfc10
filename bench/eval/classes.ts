// The classes `npm run eval` scores: the two core classes and the catalog's categories (the `category` each
// rule of rules/*.yaml and wordings/catalog-new-rules.yaml declares: registry, network, resource, timeout, test,
// build, infrastructure, command-not-found, permission-denied, http-404). A case's
// class is its label, or for `other` the catalog category its look-alike cause belongs to; a finding's class
// is its classifier for the core ones and its rule's own category for catalog rules.
import type { Finding, RuleFinding } from '../../src/types.ts';
import type { CorpusCase } from '../../test/corpus/load-corpus.ts';

/** `image-pull-manifest`, `empty-env`, a catalog category, a corpus category no rule covers, or `none`. */
export type EvalClass = string;

export const CORE_CLASSES = ['image-pull-manifest', 'empty-env'] as const;

/** What the top cause is when no classifier or rule explains the failure. */
export const NONE = 'none';

/** What a rule the catalog marks `generic` (a catch-all such as "kubetest reported: ...") predicts: no class. */
export const GENERIC = 'generic';

/**
 * The corpus's look-alike categories and the catalog category whose rules state that cause. Categories no
 * catalog category covers (env-wrong-value, other) map to `null`: they stay their own class, which no rule
 * can claim, so any rule firing on them is a false alarm.
 * test/bench/eval-classes.test.ts fails when the corpus has a category this table does not list.
 */
export const CASE_CATEGORY_CLASS: Readonly<Record<string, EvalClass | null>> = {
  'registry-auth': 'registry',
  'registry-rate-limit': 'registry',
  'network-connection': 'network',
  'network-dns': 'network',
  tls: 'network',
  'disk-full': 'resource',
  oom: 'resource',
  timeout: 'timeout',
  'test-failure': 'test',
  'dependency-resolution': 'build',
  'command-not-found': 'command-not-found',
  'permission-denied': 'permission-denied',
  'http-404': 'http-404',
  'env-wrong-value': null,
  other: null,
};

/** The class of the cause a finding names. */
export function classOfFinding(f: Finding): EvalClass {
  if (f.classifier === 'image-pull-manifest' || f.classifier === 'empty-env') return f.classifier;
  if (f.classifier === 'pod-lifecycle') {
    if (f.facts.reason === 'oom-killed') return 'resource';
    if (f.facts.reason === 'pending-timeout') return 'timeout';
    return 'pod-lifecycle';
  }
  if (isRule(f)) return f.facts.generic === true ? GENERIC : f.category;
  return f.classifier;
}

/** The class a corpus case is labelled with. */
export function classOfCase(c: CorpusCase): EvalClass {
  if (c.label !== 'other') return c.label;
  const category = c.category ?? 'other';
  return CASE_CATEGORY_CLASS[category] ?? category;
}

/** A catalog rule finding that states a cause of another class than the case's (a false alarm of the catalog). */
export function isCatalogViolation(f: Finding, expected: EvalClass): boolean {
  if (!isRule(f)) return false;
  const cls = classOfFinding(f);
  return cls !== GENERIC && cls !== expected;
}

function isRule(f: Finding): f is RuleFinding {
  return f.classifier.startsWith('rule:');
}
