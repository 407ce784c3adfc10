// Findings of the catalog rules, from their observers' state: one per distinct set of captured
// facts (at most a few per rule), the explanation filled from the facts.
import type { RuleFacts, RuleFinding } from '../../types.ts';
import { fingerprintOf } from '../normalise.ts';
import type { RunObservations } from '../types.ts';
import { ruleObserverId, type RuleState } from './rule-observer.ts';
import type { RuleCatalog } from './types.ts';

const MAX_PER_RULE = 3;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([^{}]*))?\}/g;

export function fillExplanation(template: string, facts: Record<string, string>): string {
  return template.replace(
    PLACEHOLDER,
    (_m, name: string, fallback: string | undefined) => facts[name] ?? fallback ?? 'unknown',
  );
}

export function catalogFindings(obs: RunObservations, catalog: RuleCatalog): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const rule of catalog.rules) {
    const id = ruleObserverId(rule);
    const state = obs.observers[id] as RuleState | undefined;
    if (!state) continue;
    // Table wordings widen what a rule recognises; where its own patterns matched, they add nothing.
    const own = state.hits.filter((h) => h.confidence === undefined);
    for (const hit of (own.length > 0 ? own : state.hits).slice(0, MAX_PER_RULE)) {
      const facts: RuleFacts = { ...state.context, ...hit.facts, occurrences: hit.count };
      out.push({
        classifier: id,
        category: rule.category,
        confidence: hit.confidence ?? rule.confidence,
        summary: fillExplanation(rule.explanation, { ...state.context, ...hit.facts }),
        facts: rule.generic ? { ...facts, generic: true } : facts,
        evidence: hit.evidence.map((e) => ({ ...e })),
        fingerprint: fingerprintOf(
          id,
          Object.entries(hit.facts)
            .sort()
            .map(([k, v]) => `${k}=${v}`),
        ),
      });
    }
  }
  return out;
}
