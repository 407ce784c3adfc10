import { isFinding } from '../../src/analyze/index.ts';
import type { ClassifierId, EvidenceLine, Finding, FindingFor } from '../../src/types.ts';

export interface FindingSpec {
  category?: string;
  summary?: string;
  facts?: Record<string, unknown>;
  evidence?: EvidenceLine[];
  fingerprint?: string;
}

/** A hand-made finding for ranking and rendering tests; facts are checked only where a test reads them. */
export function makeFinding(classifier: ClassifierId, confidence: number, spec: FindingSpec = {}): Finding {
  return {
    classifier,
    category: 'test',
    confidence,
    summary: 's.',
    facts: {},
    evidence: [],
    fingerprint: classifier,
    ...spec,
  } as Finding;
}

/** Asserts the finding's classifier and returns it typed, so a test reads its facts as fields. */
export function expectFinding<C extends ClassifierId>(f: Finding | undefined, classifier: C): FindingFor<C> {
  expect(f?.classifier).toBe(classifier);
  if (!f || !isFinding(f, classifier)) throw new Error(`expected a ${classifier} finding`);
  return f;
}
