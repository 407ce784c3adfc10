// The definition diff: every field of the job that differs between the baseline and this run. Pure.
// Per-run values (build ids, ProwJob ids, refs labels Prow stamps on each run) are not changes.
import type { DefinitionChange, JobDefinition } from '../../types.ts';
import { flattenDefinition } from './flatten-definition.ts';
import { flattenWorkflow, focusOf } from './flatten-workflow.ts';

const PER_RUN_LABELS = new Set([
  'prow.k8s.io/build-id',
  'prow.k8s.io/id',
  'prow.k8s.io/context',
  'created-by-prow',
  'event-GUID',
]);

/** Labels and annotations Prow or GitHub set per run, and any SHA-like or id-like key. */
export function isPerRunNoise(path: string): boolean {
  const label = /^metadata\.(labels|annotations)\[(.+)\]$/.exec(path);
  if (label) return PER_RUN_LABELS.has(label[2]!) || label[2]!.startsWith('prow.k8s.io/refs.');
  return /(^|\.)(base_sha|sha|pod_name|build_id)$/.test(path);
}

/** Changes ordered as the definition reads (spec first, then labels and annotations). */
export function diffDefinitions(
  baseline: JobDefinition | null | undefined,
  current: JobDefinition | null | undefined,
): DefinitionChange[] {
  if (!baseline || !current) return [];
  if ((baseline.format ?? 'prowjob') !== (current.format ?? 'prowjob')) return [];
  // Actions: both files are read for the jobs the red run failed in, not the jobs the baseline ran.
  const focus = focusOf(current);
  const flatten = (d: JobDefinition) =>
    d.format === 'actions-workflow' ? flattenWorkflow(d, focus) : flattenDefinition(d);
  const before = flatten(baseline);
  const after = flatten(current);
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter((p) => !isPerRunNoise(p));
  const changes: DefinitionChange[] = [];
  for (const path of paths) {
    const b = before.get(path) ?? null;
    const a = after.get(path) ?? null;
    if (b === a) continue;
    changes.push({ path, before: b, after: a, touchesFailure: false, source: current.source });
  }
  const rank = (p: string): number =>
    p.startsWith('spec.') || p.startsWith('jobs.') ? 0 : p.startsWith('metadata.labels') ? 1 : 2;
  return changes.sort((x, y) => rank(x.path) - rank(y.path));
}
