// Preset labels the job still carries whose definition a PR in the window removed (and no later PR
// re-added). Prow applies no preset for such a label and says nothing, so the report must. Pure.
import type { PullAnalysis } from './analyze-pull.ts';
import type { DanglingPreset, SuspectTerms } from './types.ts';

interface LastChange {
  kind: 'removed' | 'added';
  repo: string;
  number: number;
}

export function findDanglingPresets(analyses: PullAnalysis[], terms: SuspectTerms): DanglingPreset[] {
  const labels = [...new Set([...terms.presets, ...terms.danglingPresets])];
  const reported = new Set(terms.danglingPresets);
  const byMerge = [...analyses].sort((a, b) => a.pull.mergedAt.localeCompare(b.pull.mergedAt));
  const last = new Map<string, LastChange>();
  const lastRemoval = new Map<string, LastChange>();
  for (const a of byMerge) {
    for (const label of labels) {
      const at = { repo: a.pull.repo, number: a.pull.number };
      if (a.removedPresets.has(label)) {
        last.set(label, { kind: 'removed', ...at });
        lastRemoval.set(label, { kind: 'removed', ...at });
      } else if (a.addedPresets.has(label)) {
        last.set(label, { kind: 'added', ...at });
      }
    }
  }
  const out: DanglingPreset[] = [];
  for (const label of labels) {
    const change = last.get(label);
    if (change?.kind === 'removed') out.push({ label, removedBy: { repo: change.repo, number: change.number } });
    else if (reported.has(label)) {
      // The analyzer saw it dangling; name the last remover in the window if there was one.
      const removal = lastRemoval.get(label);
      out.push({ label, removedBy: removal ? { repo: removal.repo, number: removal.number } : null });
    }
  }
  return out;
}
