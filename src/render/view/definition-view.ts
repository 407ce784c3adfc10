import { describeChange } from '../../analyze/index.ts';
import type { DefinitionChange } from '../../types.ts';
import { capText, cleanLogText } from '../sanitize/index.ts';

/** One change of the job's definition (ProwJob, workflow file, runner header), said in words. */
export interface DefinitionChangeView {
  /** "input aws-region of step "aws" was removed (was eu-west-1)". */
  sentence: string;
  path: string;
  touchesFailure: boolean;
  /** `prowjob.json`, `.github/workflows/ci.yml@<sha>`, `runner header`. */
  source: string | null;
}

/** Those touching the failure first, then in the definition's order. */
export function definitionChangeViews(changes: DefinitionChange[]): DefinitionChangeView[] {
  const sorted = [...changes].sort((a, b) => Number(b.touchesFailure) - Number(a.touchesFailure));
  return sorted.map((c) => ({
    sentence: capText(cleanLogText(describeChange(c)), 300),
    path: capText(cleanLogText(c.path), 160),
    touchesFailure: c.touchesFailure,
    source: c.source ? capText(cleanLogText(c.source), 160) : null,
  }));
}
