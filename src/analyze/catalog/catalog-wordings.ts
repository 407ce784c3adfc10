// The catalog's wordings come from the table (wordings/catalog.yaml): each row names the rule it is
// evidence for (`class`). Rows of a shipped rule join its patterns; rows of a class the rules file
// does not have make a rule from wordings/catalog-new-rules.yaml. Core-classifier classes are not
// catalog rules.
import { AnalyzeError } from '../errors.ts';
import { minimalTriggers, triggersOf, type WordingTables } from '../wordings/load-wordings.ts';
import type { CompiledRule } from './types.ts';

const CORE_CLASSES = new Set(['image-pull-manifest', 'empty-env']);

export function withWordings(rules: CompiledRule[], tables: WordingTables): CompiledRule[] {
  const byClass = new Map<string, WordingTables['wordings']>();
  for (const w of tables.wordings) {
    if (CORE_CLASSES.has(w.class)) continue;
    byClass.set(w.class, [...(byClass.get(w.class) ?? []), w]);
  }
  const out = rules.map((r) => {
    const wordings = byClass.get(r.id) ?? [];
    if (wordings.length === 0) return r;
    const known = new Set(r.triggers.map((t) => `${t.ignoreCase}:${t.text}`));
    const extra = triggersOf(wordings).filter((t) => !known.has(`${t.ignoreCase}:${t.text}`));
    return { ...r, wordings, triggers: minimalTriggers([...r.triggers, ...extra]) };
  });
  const have = new Set(rules.map((r) => r.id));
  for (const [cls, wordings] of byClass) {
    if (have.has(cls)) continue;
    const spec = tables.newRules.find((s) => s.id === cls);
    if (!spec) {
      throw new AnalyzeError(
        'rule-invalid',
        `${wordings[0]!.file}: wording "${wordings[0]!.id}": class "${cls}" is neither a shipped rule nor in wordings/catalog-new-rules.yaml`,
      );
    }
    out.push({
      id: spec.id,
      category: spec.category,
      explanation: spec.explanation,
      confidence: spec.confidence,
      generic: false,
      kind: 'line',
      patterns: [],
      within: 0,
      context: [],
      triggers: minimalTriggers(triggersOf(wordings)),
      wordings,
      validFrom: null,
      validUntil: null,
      file: wordings[0]!.file,
    });
  }
  return out;
}
