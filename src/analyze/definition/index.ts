// The job's own definition as evidence: the field-by-field diff against the baseline, which changes
// touch the failing element, and how to say each change in words.
export { diffDefinitions, isPerRunNoise } from './diff-definitions.ts';
export { flattenDefinition, valueFromText } from './flatten-definition.ts';
export { flattenWorkflow } from './flatten-workflow.ts';
export { markTouchesFailure } from './touches-failure.ts';
export { definitionChangesOf } from './definition-changes.ts';
export { describeChange, listDelta } from './describe-change.ts';
