import type { ClassifierId, Finding, FindingFor } from '../types.ts';

/** Narrows a finding to its classifier's type, so its facts are read as fields. */
export function isFinding<C extends ClassifierId>(f: Finding, classifier: C): f is Finding & FindingFor<C> {
  return f.classifier === classifier;
}

/** The first finding of a classifier, typed. */
export function findingOf<C extends ClassifierId>(
  findings: readonly Finding[],
  classifier: C,
): FindingFor<C> | undefined {
  return findings.find((f): f is Finding & FindingFor<C> => isFinding(f, classifier));
}
