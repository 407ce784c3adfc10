// The identity of a line across runs: the shared normalisation (timestamps, ids, hashes, addresses,
// versions, numbers, so durations and line numbers too) plus temporary paths, hashed short so a run's
// observations can carry thousands of them.
import { normaliseLine } from '../normalise.ts';

// `/tmp/tmp.ddVaBUicqj`, `/tmp/pytest-of-runner/pytest-3/...`, macOS `/var/folders/x_/abc/T/...`,
// Windows `C:\Users\RUNNER~1\AppData\Local\Temp\...`: their names change with every run.
const TEMP_PATH =
  /(?:\/private)?(?:\/tmp|\/var\/folders|\/var\/tmp)\/[^\s'":,)\]]{0,400}|[A-Za-z]:\\[^\s'":,]{0,200}\\Temp\\[^\s'":,)\]]{0,400}/g;
const MAX_KEY_CHARS = 240;

export const LINE_KEY_PATTERNS: RegExp[] = [TEMP_PATH];

export function lineKey(stripped: string): string {
  const text = stripped.slice(0, MAX_KEY_CHARS * 2).replace(TEMP_PATH, '<tmp>');
  return normaliseLine(text).slice(0, MAX_KEY_CHARS);
}

/** FNV-1a (32 bit) in base 36: short, stable, and collisions among a few thousand keys are rare. */
export function keyHash(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
