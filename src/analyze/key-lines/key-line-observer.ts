// Streaming half of key lines: every error-like line the scan sees (the head of each artifact, the
// lines of its own triggers, and the tail) is scored once and kept in bounded lists: the best-scored
// lines, the last ones of each artifact (the failure is usually near the end), and the hashes of all
// distinct ones (so this run can serve as another run's baseline). Lines scoring low are not kept.
import type { LineObserver, ScanLine, Trigger } from '../types.ts';
import { scoreLine } from './error-likeness.ts';
import { keyHash, lineKey } from './line-key.ts';

export const KEY_LINES_ID = 'key-lines';

export interface KeyLineCandidate {
  artifact: string;
  /** The first line that said it (repeats count once). */
  line: number;
  /** The last line that said it (in the same artifact). */
  lastLine: number;
  text: string;
  hash: string;
  score: number;
  exit: boolean;
  count: number;
}

export interface KeyLineState {
  /** The best-scored distinct lines of the run, at most TOP. */
  top: KeyLineCandidate[];
  /** Per artifact, the last RECENT error-like lines (exit lines included), by line. */
  recent: Record<string, KeyLineCandidate[]>;
  /** Hash of every distinct error-like line seen, with its count; capped at MAX_HASHES. */
  seen: Record<string, number>;
  seenCount: number;
  /** Last head line seen per artifact (the tail and the triggers skip what the head already gave). */
  headUpTo: Record<string, number>;
}

const TOP = 48;
const RECENT = 12;
const MAX_RECENT_ARTIFACTS = 64;
const MAX_HASHES = 4000;
const MIN_SCORE = 1.5;

// Wordings that mark an error wherever they are in a long log, at least 9 bytes each: the prefilter's
// shift is bounded by its shortest literal, and the shipped rules' shortest is 9, so these cost the
// hot path no speed. Shorter words (`error`) are read in the head and the tail only.
const TRIGGERS: Trigger[] = [
  '##[error]',
  'Traceback (most recent call last)',
  'Exception in thread',
  'Error response from daemon',
  'fatal error',
  'FATAL ERROR',
  'Caused by: ',
  'panic: runtime',
  ' FAILED [',
].map((text) => ({ text, ignoreCase: false }));

function upsertTop(s: KeyLineState, c: KeyLineCandidate): void {
  const known = s.top.find((t) => t.hash === c.hash);
  if (known) {
    known.count++;
    if (c.artifact === known.artifact && c.line > known.lastLine) known.lastLine = c.line;
    return;
  }
  if (s.top.length < TOP) {
    s.top.push(c);
    return;
  }
  let min = 0;
  for (let i = 1; i < s.top.length; i++) if (s.top[i]!.score < s.top[min]!.score) min = i;
  if (c.score > s.top[min]!.score) s.top[min] = c;
}

function pushRecent(s: KeyLineState, c: KeyLineCandidate): void {
  let list = s.recent[c.artifact];
  if (!list) {
    if (Object.keys(s.recent).length >= MAX_RECENT_ARTIFACTS) return;
    list = s.recent[c.artifact] = [];
  }
  if (list.some((r) => r.line === c.line)) return;
  list.push({ ...c });
  if (list.length > RECENT) {
    list.sort((a, b) => a.line - b.line);
    list.shift();
  }
}

function consider(s: KeyLineState, line: ScanLine, maxText: number): void {
  const { score, exit, stripped } = scoreLine(line.text);
  if (!exit && score < MIN_SCORE) return;
  const hash = keyHash(lineKey(stripped));
  const times = s.seen[hash];
  if (times !== undefined) s.seen[hash] = times + 1;
  else if (s.seenCount < MAX_HASHES) {
    s.seen[hash] = 1;
    s.seenCount++;
  }
  const text = line.text.trim().slice(0, maxText);
  const c: KeyLineCandidate = {
    artifact: line.artifact,
    line: line.line,
    lastLine: line.line,
    text,
    hash,
    score,
    exit,
    count: 1,
  };
  upsertTop(s, c);
  pushRecent(s, c);
}

const isKnown = (s: KeyLineState, line: ScanLine): boolean =>
  s.top.some((t) => t.artifact === line.artifact && t.line === line.line) ||
  (s.recent[line.artifact]?.some((r) => r.line === line.line) ?? false);

export function keyLineObserver(maxText: number): LineObserver<KeyLineState> {
  return {
    id: KEY_LINES_ID,
    triggers: TRIGGERS,
    init: () => ({ top: [], recent: {}, seen: {}, seenCount: 0, headUpTo: {} }),
    onHeadLine(s, line) {
      s.headUpTo[line.artifact] = line.line;
      consider(s, line, maxText);
    },
    onLine(s, line) {
      if (line.line <= (s.headUpTo[line.artifact] ?? 0)) return;
      consider(s, line, maxText);
    },
    onTailLine(s, line) {
      if (line.line <= (s.headUpTo[line.artifact] ?? 0) || isKnown(s, line)) return;
      consider(s, line, maxText);
    },
  };
}
