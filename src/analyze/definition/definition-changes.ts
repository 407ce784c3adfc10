// The report's definitionChanges: the diff of this run's definition against the baseline's, each change
// marked when it concerns the failing element the findings name. Pure.
import type { DefinitionChange, Finding } from '../../types.ts';
import type { RunObservations } from '../types.ts';
import { diffDefinitions } from './diff-definitions.ts';
import { diffRunnerHeaders } from './diff-runner.ts';
import { markTouchesFailure } from './touches-failure.ts';

export function definitionChangesOf(
  current: RunObservations,
  baseline: RunObservations | null,
  findings: Finding[],
): DefinitionChange[] {
  if (!baseline) return [];
  return markTouchesFailure(definitionDiff(current, baseline), findings);
}

/** The job's own definition (prowjob.json or the workflow file) and, for Actions, the runner header. */
export function definitionDiff(current: RunObservations, baseline: RunObservations): DefinitionChange[] {
  return [
    ...diffDefinitions(baseline.info.definition, current.info.definition),
    ...diffRunnerHeaders(baseline.runner, current.runner),
  ];
}
