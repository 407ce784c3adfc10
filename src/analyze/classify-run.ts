// classifyRun: pure. Core classifiers read their state (and the baseline's), catalog rules turn
// their hits into findings, and everything is ranked: most likely cause first.
import type { Finding } from '../types.ts';
import { catalogFindings } from './catalog/catalog-findings.ts';
import type { RuleCatalog } from './catalog/types.ts';
import { CORE_CLASSIFIERS } from './core-classifiers.ts';
import type { RunObservations } from './types.ts';

// A core classifier explains a failure in depth; a catalog rule about the same failure names a
// symptom. The bonus keeps the explanation first when confidences are close.
const CORE_BONUS = 0.15;
const GENERIC_PENALTY = 0.1;

function rankScore(f: Finding): number {
  const core = !f.classifier.startsWith('rule:');
  if (f.category === 'latent') return f.confidence;
  return f.confidence + (core ? CORE_BONUS : 0) - (f.facts.generic === true ? GENERIC_PENALTY : 0);
}

export function rankFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => rankScore(b) - rankScore(a) || a.classifier.localeCompare(b.classifier) || a.fingerprint.localeCompare(b.fingerprint),
  );
}

export function classifyRun(current: RunObservations, baseline: RunObservations | null, catalog: RuleCatalog): Finding[] {
  const findings: Finding[] = [];
  for (const c of CORE_CLASSIFIERS) {
    if (!Object.hasOwn(current.observers, c.id)) continue;
    findings.push(
      ...c.classify({
        current,
        baseline,
        state: current.observers[c.id] as never,
        baselineState: (baseline?.observers[c.id] ?? null) as never,
        earlier: [...findings],
      }),
    );
  }
  findings.push(...catalogFindings(current, catalog));
  return rankFindings(findings);
}

/** Same classifier and same normalised key facts: the same cause, whichever run it came from. */
export function isSameCause(a: Finding, b: Finding): boolean {
  return a.classifier === b.classifier && a.fingerprint === b.fingerprint;
}
