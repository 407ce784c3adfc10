// The distinct normalised lines of each artifact's head, in order of first appearance, for the
// "lines the baseline printed and this run did not" diff. Bounded by count and text length.
import { normaliseLine } from '../normalise.ts';
import type { DigestEntry, ScanLine } from '../types.ts';

const MIN_KEY = 6;
// Keys and texts are cut so the digest of a huge head stays around a megabyte.
const MAX_CHARS = 240;

export class LineDigest {
  readonly entries: DigestEntry[] = [];
  complete = true;
  private readonly seen = new Set<string>();
  private readonly max: number;
  private readonly maxText: number;

  constructor(max: number, maxText: number) {
    this.max = max;
    this.maxText = maxText;
  }

  add(line: ScanLine): void {
    const key = normaliseLine(line.text.slice(0, MAX_CHARS * 2)).slice(0, MAX_CHARS);
    if (key.length < MIN_KEY || this.seen.has(key)) return;
    if (this.entries.length >= this.max) {
      this.complete = false;
      return;
    }
    this.seen.add(key);
    this.entries.push({
      key,
      artifact: line.artifact,
      line: line.line,
      text: line.text.trim().slice(0, Math.min(this.maxText, MAX_CHARS)),
    });
  }
}
