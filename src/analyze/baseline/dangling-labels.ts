// Preset labels the job carries in both runs while variables vanished from its environment: Prow
// applies nothing for a label whose preset was deleted, silently. Without the config repo we cannot
// know which preset defined which variable, so labels are ranked by the words they share with the
// vanished names and values; when none shares any, every kept label stays a candidate.
import type { RunInfo } from '../../types.ts';
import { sharedWords, wordsOf } from '../words.ts';
import type { EnvChange } from './env-diff.ts';

function presetLabels(info: RunInfo): Set<string> {
  return new Set(
    Object.entries(info.labels ?? {})
      .filter(([k, v]) => k.startsWith('preset-') && v === 'true')
      .map(([k]) => k),
  );
}

export function danglingLabels(current: RunInfo, baseline: RunInfo, vanished: EnvChange[]): string[] {
  if (vanished.length === 0) return [];
  const before = presetLabels(baseline);
  const kept = [...presetLabels(current)].filter((l) => before.has(l)).sort();
  const gone = wordsOf(vanished.map((c) => `${c.name} ${c.before ?? ''}`).join(' '));
  const scored = kept.map((label) => ({ label, score: sharedWords(wordsOf(label), gone).length }));
  const matching = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  return matching.length > 0 ? matching.map((s) => s.label) : kept;
}
