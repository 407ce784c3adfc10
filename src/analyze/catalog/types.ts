// A loaded rule catalog: compiled rules, ready for the scanner.
import type { Trigger } from '../types.ts';
import type { Wording } from '../wordings/load-wordings.ts';

export interface CompiledRule {
  id: string;
  category: string;
  explanation: string;
  confidence: number;
  generic: boolean;
  kind: 'line' | 'sequence';
  /** `line`: any may match; `sequence`: in order, each within `within` lines of the previous. */
  patterns: RegExp[];
  within: number;
  context: RegExp[];
  /** Rows of the wording table for this rule (wordings/catalog.yaml), tried after `patterns`. */
  wordings: Wording[];
  triggers: Trigger[];
  validFrom: number | null;
  validUntil: number | null;
  /** File the rule came from (for messages). */
  file: string;
}

export interface RuleCatalog {
  rules: CompiledRule[];
  files: string[];
}
