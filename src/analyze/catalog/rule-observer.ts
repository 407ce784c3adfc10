// Streaming half of a catalog rule: one observer per rule, so the scanner's trigger routing and
// follow-up lines (for sequences) work per rule. Hits are kept per distinct set of captured facts.
import { stripLinePrefix } from '../line-prefix.ts';
import { normaliseLine } from '../normalise.ts';
import { gateWordings, matchWording, type Wording } from '../wordings/load-wordings.ts';
import type { LineObserver, ScanLine } from '../types.ts';
import type { CompiledRule } from './types.ts';

interface Located {
  artifact: string;
  line: number;
  text: string;
}

export interface RuleHit {
  key: string;
  facts: Record<string, string>;
  evidence: Located[];
  count: number;
  /** Set when a wording row (not the rule's own pattern) matched: that row's confidence. */
  confidence?: number;
}

export interface RuleState {
  hits: RuleHit[];
  context: Record<string, string>;
  partial: { artifact: string; last: number; step: number; facts: Record<string, string>; evidence: Located[] }[];
}

const MAX_HITS = 5;
const MAX_EVIDENCE = 5;
const MAX_PARTIAL = 4;

export function ruleObserverId(rule: CompiledRule): `rule:${string}` {
  return `rule:${rule.id}`;
}

function groupsOf(m: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v.trim();
  return out;
}

function record(s: RuleState, facts: Record<string, string>, evidence: Located[], confidence?: number): void {
  const key = normaliseLine(JSON.stringify(Object.entries(facts).sort()));
  const known = s.hits.find((h) => h.key === key);
  if (known) {
    known.count++;
    for (const e of evidence) if (known.evidence.length < MAX_EVIDENCE) known.evidence.push(e);
    if (confidence !== undefined && known.confidence !== undefined)
      known.confidence = Math.max(known.confidence, confidence);
  } else if (s.hits.length < MAX_HITS) {
    const hit: RuleHit = { key, facts, evidence: evidence.slice(0, MAX_EVIDENCE), count: 1 };
    if (confidence !== undefined) hit.confidence = confidence;
    s.hits.push(hit);
  }
}

function onSequence(rule: CompiledRule, s: RuleState, line: ScanLine, text: string, here: Located): number {
  const still: RuleState['partial'] = [];
  for (const p of s.partial) {
    if (p.artifact !== line.artifact || line.line - p.last > rule.within) continue;
    const m = rule.patterns[p.step]!.exec(text);
    if (!m) {
      still.push(p);
      continue;
    }
    const next = {
      ...p,
      last: line.line,
      step: p.step + 1,
      facts: { ...p.facts, ...groupsOf(m) },
      evidence: [...p.evidence, here],
    };
    if (next.step === rule.patterns.length) record(s, next.facts, next.evidence);
    else still.push(next);
  }
  const first = rule.patterns[0]!.exec(text);
  if (first && still.length < MAX_PARTIAL) {
    still.push({ artifact: line.artifact, last: line.line, step: 1, facts: groupsOf(first), evidence: [here] });
  }
  s.partial = still;
  return still.length > 0 ? rule.within : 0;
}

/** The rule's wordings a line can match, given the rule's triggers the scanner found on it (gateWordings). */
export function wordingGate(rule: CompiledRule): (hits: readonly string[] | undefined) => readonly Wording[] {
  return gateWordings(
    rule.wordings,
    rule.triggers.map((t) => t.text),
  );
}

export function ruleObserver(rule: CompiledRule, maxText: number): LineObserver<RuleState> {
  const gate = wordingGate(rule);
  return {
    id: ruleObserverId(rule),
    triggers: rule.triggers,
    init: () => ({ hits: [], context: {}, partial: [] }),
    onLine(s, line) {
      // Patterns see the line as the tool printed it; evidence keeps it as logged.
      const text = stripLinePrefix(line.text);
      for (const re of rule.context) {
        const m = re.exec(text);
        if (m) for (const [k, v] of Object.entries(groupsOf(m))) s.context[k] ??= v;
      }
      const here = { artifact: line.artifact, line: line.line, text: line.text.trim().slice(0, maxText) };
      const wordings = rule.wordings.length > 0 ? gate(line.hits) : rule.wordings;
      const worded = wordings.length > 0 ? matchWording(wordings, text) : null;
      if (rule.kind === 'sequence') {
        if (worded) record(s, worded.facts, [here], worded.wording.confidence);
        return onSequence(rule, s, line, text, here);
      }
      for (const re of rule.patterns) {
        const m = re.exec(text);
        if (m) {
          record(s, groupsOf(m), [here]);
          return 0;
        }
      }
      if (worded) record(s, worded.facts, [here], worded.wording.confidence);
      return 0;
    },
    endArtifact(s) {
      s.partial = [];
    },
  };
}
