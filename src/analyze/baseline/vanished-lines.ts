// Lines the baseline printed that this run did not (compared after normalisation), ranked by how
// many words they share with what we know about the failure (vanished variables, the empty variable,
// the failing parameter), so the few most telling ones come first.
import type { DigestEntry, RunObservations } from '../types.ts';
import { sharedWords, wordsOf } from '../words.ts';

export function vanishedLines(current: RunObservations, baseline: RunObservations, about: string[], max: number): DigestEntry[] {
  const now = new Set(current.digest.map((d) => d.key));
  const topic = wordsOf(about.join(' '));
  if (topic.size === 0) return [];
  const ranked: { entry: DigestEntry; score: number; order: number }[] = [];
  baseline.digest.forEach((entry, order) => {
    if (now.has(entry.key)) return;
    const score = sharedWords(wordsOf(entry.text), topic).length;
    if (score > 0) ranked.push({ entry, score, order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return ranked.slice(0, max).map((r) => r.entry);
}
