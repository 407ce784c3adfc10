// The runner side of an Actions job's definition: what the hosted runner resolved at the job's start,
// read from the log header. The image and its version, the runner version, and each `uses:` ref's
// commit (a moved tag: `actions/checkout@v4` at another SHA than in the baseline). Pure.
import type { DefinitionChange, RunnerHeader } from '../../types.ts';

const SOURCE = 'runner header';
/** Refs pinned to a full commit cannot move; listing them would only repeat the workflow diff. */
const PINNED = /@[0-9a-f]{40}$/;

function leavesOf(h: RunnerHeader): Map<string, string> {
  const out = new Map<string, string>();
  if (h.image !== null) out.set('runner.image', h.image);
  if (h.imageVersion !== null) out.set('runner.image-version', h.imageVersion);
  if (h.runnerVersion !== null) out.set('runner.version', h.runnerVersion);
  for (const [ref, sha] of Object.entries(h.actions)) if (!PINNED.test(ref)) out.set(`actions[${ref}]`, sha);
  return out;
}

export function diffRunnerHeaders(
  baseline: RunnerHeader | null | undefined,
  current: RunnerHeader | null | undefined,
): DefinitionChange[] {
  if (!baseline || !current) return [];
  const before = leavesOf(baseline);
  const after = leavesOf(current);
  const changes: DefinitionChange[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(path) ?? null;
    const a = after.get(path) ?? null;
    // An action only one run used is a workflow change (its `uses:` line), not a moved tag.
    if (b === a || (path.startsWith('actions[') && (b === null || a === null))) continue;
    changes.push({ path, before: b, after: a, touchesFailure: false, source: SOURCE });
  }
  return changes;
}

/** The image's release notes page, when the header named it (the log's `Image Release:` URL). */
export function imageReleaseOf(h: RunnerHeader | null | undefined): string | null {
  return h?.imageRelease ?? null;
}
