// Lines the baseline printed that this run did not (compared after normalisation), ranked by what
// they share with the failure's topics (vanished variables with their values, the empty variable,
// the failing parameter and code): one point per shared word, two more per shared word pair, so
// `kubernetes-node-windows-amd64.tar.gz` outranks a line that merely mentions windows and nodes.
import type { DigestEntry, RunObservations } from '../types.ts';
import { pairsOf, sharedWords, wordsOf } from '../words.ts';

const PAIR_WEIGHT = 2;

export function vanishedLines(
  current: RunObservations,
  baseline: RunObservations,
  topics: string[],
  max: number,
): DigestEntry[] {
  const now = new Set(current.digest.map((d) => d.key));
  const words = wordsOf(topics.join(' '));
  const pairs = new Set(topics.flatMap((t) => [...pairsOf(t)]));
  if (words.size === 0) return [];
  const ranked: { entry: DigestEntry; score: number; order: number }[] = [];
  baseline.digest.forEach((entry, order) => {
    if (now.has(entry.key)) return;
    const linePairs = [...pairsOf(entry.text)].filter((p) => pairs.has(p)).length;
    const score = sharedWords(wordsOf(entry.text), words).length + PAIR_WEIGHT * linePairs;
    if (score > 0) ranked.push({ entry, score, order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return ranked.slice(0, max).map((r) => r.entry);
}
