// Validates one parsed rule and compiles it: patterns must compile, be single-line safe and
// linear-time; every `{placeholder}` of the explanation must name a capture group; each pattern
// that starts a match needs a literal for the prefilter (derived, or given as `triggers`).
import { AnalyzeError } from '../errors.ts';
import { MIN_TRIGGER_LENGTH } from '../scan/literal-matcher.ts';
import { requiredLiterals } from './literal-triggers.ts';
import { backtrackingProblem, syntaxProblem } from './pattern-safety.ts';
import { describeIssue, ruleSchema, type RuleSpec } from './rule-schema.ts';
import type { CompiledRule } from './types.ts';

const GROUP = /\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?:\|[^{}]*)?\}/g;
const DEFAULT_CONFIDENCE = 0.6;
const GENERIC_CONFIDENCE = 0.2;

function fail(code: 'rule-invalid' | 'rule-unsafe-pattern', file: string, id: string, why: string): never {
  throw new AnalyzeError(code, `${file}: rule "${id}": ${why}`);
}

function compilePatterns(
  sources: string[],
  flags: string,
  file: string,
  id: string,
  what: string,
  trusted: boolean,
): RegExp[] {
  return sources.map((source, i) => {
    const label = `${what} ${i + 1} (${source.length > 60 ? `${source.slice(0, 57)}...` : source})`;
    const syntax = syntaxProblem(source, flags);
    if (syntax) fail('rule-invalid', file, id, `${label} ${syntax}`);
    const backtracking = trusted ? null : backtrackingProblem(source, flags);
    if (backtracking) fail('rule-unsafe-pattern', file, id, `${label} ${backtracking}`);
    return new RegExp(source, flags);
  });
}

function derived(spec: RuleSpec, sources: string[], file: string): string[] {
  const texts: string[] = [];
  for (const source of sources) {
    const literals = requiredLiterals(source, MIN_TRIGGER_LENGTH);
    if (!literals) {
      fail(
        'rule-invalid',
        file,
        spec.id,
        `pattern "${source}" has no literal of ${MIN_TRIGGER_LENGTH}+ characters outside groups; add \`triggers:\``,
      );
    }
    for (const l of literals) if (!texts.includes(l)) texts.push(l);
  }
  return texts;
}

/** Literals for the patterns that start a match (given or derived) and for the context patterns. */
function triggersOf(spec: RuleSpec, file: string): CompiledRule['triggers'] {
  if (spec.triggers?.some((t) => t.includes('\n')))
    fail('rule-invalid', file, spec.id, 'a trigger may not contain a line break');
  const starters = spec.patterns ?? [spec.sequence!.patterns[0]!];
  const texts = [...(spec.triggers ?? derived(spec, starters, file)), ...derived(spec, spec.context ?? [], file)];
  return [...new Set(texts)].map((text) => ({ text, ignoreCase: spec.ignoreCase === true }));
}

export function compileRule(raw: unknown, file: string, trusted: boolean): CompiledRule {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '(no id)';
  const parsed = ruleSchema.safeParse(raw);
  if (!parsed.success) fail('rule-invalid', file, id, describeIssue(parsed.error));
  const spec = parsed.data;
  const flags = spec.ignoreCase ? 'i' : '';
  const sources = spec.patterns ?? spec.sequence!.patterns;
  const patterns = compilePatterns(
    sources,
    flags,
    file,
    spec.id,
    spec.sequence ? 'sequence pattern' : 'pattern',
    trusted,
  );
  const context = compilePatterns(spec.context ?? [], flags, file, spec.id, 'context pattern', trusted);
  const groups = new Set(
    [...sources, ...(spec.context ?? [])].flatMap((s) => [...s.matchAll(GROUP)].map((m) => m[1]!)),
  );
  const reserved = [...groups].find((g) => g.startsWith('__'));
  if (reserved) fail('rule-invalid', file, spec.id, `group name (?<${reserved}>...) may not start with "__"`);
  for (const m of spec.explanation.matchAll(PLACEHOLDER)) {
    if (!groups.has(m[1]!))
      fail('rule-invalid', file, spec.id, `explanation uses {${m[1]}} but no pattern has a group (?<${m[1]}>...)`);
  }
  const generic = spec.generic === true;
  return {
    id: spec.id,
    category: spec.category,
    explanation: spec.explanation,
    confidence: spec.confidence ?? (generic ? GENERIC_CONFIDENCE : DEFAULT_CONFIDENCE),
    generic,
    kind: spec.sequence ? 'sequence' : 'line',
    patterns,
    within: spec.sequence?.within ?? 0,
    context,
    wordings: [],
    triggers: triggersOf(spec, file),
    validFrom: spec.validFrom ? Date.parse(spec.validFrom) : null,
    validUntil: spec.validUntil ? Date.parse(spec.validUntil) : null,
    file,
  };
}
