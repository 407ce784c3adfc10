// Pure half of key lines: the lines of a red run that most likely state its cause, best first. With a
// baseline (the last green run) a line the baseline also printed, after normalisation, is demoted and
// a new one promoted (the idea of LogSage and CiDiff: what is new in a failing log is what to read).
// Without one, error-likeness and position decide: the last error before a step exited counts most.
import type { Finding, KeyLine } from '../../types.ts';
import { stateOf } from '../classifier.ts';
import { normaliseLine } from '../normalise.ts';
import { stripCiPrefix } from './ci-prefix.ts';
import { topCause } from '../rank-findings.ts';
import type { RunObservations } from '../types.ts';
import { KEY_LINES_ID, type KeyLineCandidate, type KeyLineState } from './key-line-observer.ts';

export interface KeyLineOptions {
  /** Key lines when no finding explains the failure, and when one does. */
  maxUnexplained?: number;
  maxExplained?: number;
}

const MAX_UNEXPLAINED = 8;
const MAX_EXPLAINED = 3;
// How far above an exit line the error it reports is looked for.
const EXIT_REACH = 200;
const BEFORE_EXIT_BONUS = [2.5, 1];
const LAST_ERROR_BONUS = 1.5;
const POSITION_WEIGHT = 1;
// A run of error lines from the same tool (npm's error report, docker's per-image errors, apt's `E:`
// lines) is a cascade: its first line names the failure, the rest repeat or explain it.
const BLOCK_HEAD_BONUS = 1.5;
const BLOCK_GAP = 3;
const NEW_BONUS = 5;
const OLD_PENALTY = -3;

interface Ranked {
  c: KeyLineCandidate;
  score: number;
  isNew: boolean | null;
}

function candidatesOf(s: KeyLineState): KeyLineCandidate[] {
  const byHash = new Map<string, KeyLineCandidate>();
  // The first occurrence is shown; the last decides the position.
  for (const c of [...s.top, ...Object.values(s.recent).flat()]) {
    const known = byHash.get(c.hash);
    if (!known) byHash.set(c.hash, { ...c });
    else if (known.artifact === c.artifact) {
      if (c.line < known.line) Object.assign(known, { line: c.line, text: c.text });
      known.lastLine = Math.max(known.lastLine, c.lastLine);
      known.count = Math.max(known.count, c.count);
    }
  }
  return [...byHash.values()];
}

/** The error lines an exit line reports: the nearest ones above it in the same artifact. */
function exitBonuses(cands: KeyLineCandidate[]): Map<KeyLineCandidate, number> {
  const bonus = new Map<KeyLineCandidate, number>();
  const byArtifact = new Map<string, KeyLineCandidate[]>();
  for (const c of cands) byArtifact.set(c.artifact, [...(byArtifact.get(c.artifact) ?? []), c]);
  for (const list of byArtifact.values()) {
    list.sort((a, b) => a.lastLine - b.lastLine);
    const errors = list.filter((c) => !c.exit);
    const exits = list.filter((c) => c.exit);
    for (const e of exits) {
      const above = errors.filter((c) => c.lastLine < e.line && e.line - c.lastLine <= EXIT_REACH).reverse();
      above.slice(0, BEFORE_EXIT_BONUS.length).forEach((c, i) => {
        bonus.set(c, Math.max(bonus.get(c) ?? 0, BEFORE_EXIT_BONUS[i]!));
      });
    }
    const last = errors.at(-1);
    if (exits.length === 0 && last) bonus.set(last, LAST_ERROR_BONUS);
    for (const head of blockHeads(errors)) bonus.set(head, (bonus.get(head) ?? 0) + BLOCK_HEAD_BONUS);
  }
  return bonus;
}

const leadOf = (c: KeyLineCandidate): string => stripCiPrefix(c.text).text.split(/\s/, 1)[0]!;

/** The first line of each run (2 lines or more) of nearby error lines that start with the same word. */
function blockHeads(errors: KeyLineCandidate[]): KeyLineCandidate[] {
  const heads: KeyLineCandidate[] = [];
  let head: KeyLineCandidate | null = null;
  let prev: KeyLineCandidate | null = null;
  let size = 0;
  for (const c of errors) {
    const joins = prev !== null && c.line - prev.line <= BLOCK_GAP && leadOf(c) === leadOf(prev);
    if (!joins) {
      if (head && size > 1) heads.push(head);
      head = c;
      size = 0;
    }
    size++;
    prev = c;
  }
  if (head && size > 1) heads.push(head);
  return heads;
}

/** What the baseline printed: its error-line hashes and its head digest. */
function baselineKnows(baseline: RunObservations | null): ((c: KeyLineCandidate) => boolean) | null {
  const state = stateOf<KeyLineState>(baseline, KEY_LINES_ID);
  if (!baseline || !state) return null;
  const digest = new Set(baseline.digest.map((d) => d.key));
  return (c) => Object.hasOwn(state.seen, c.hash) || digest.has(normaliseLine(c.text).slice(0, 240));
}

export function keyLinesOf(
  current: RunObservations,
  baseline: RunObservations | null,
  findings: readonly Finding[],
  opts: KeyLineOptions = {},
): KeyLine[] {
  const state = stateOf<KeyLineState>(current, KEY_LINES_ID);
  if (!state || current.info.result === 'SUCCESS') return [];
  const lines = new Map(current.artifacts.map((a) => [a.name, a.lines]));
  const cands = candidatesOf(state);
  const bonus = exitBonuses(cands);
  const knows = baselineKnows(baseline);
  const ranked: Ranked[] = cands.map((c) => {
    const isNew = knows ? !knows(c) : null;
    const total = lines.get(c.artifact) ?? c.lastLine;
    const score =
      c.score +
      (bonus.get(c) ?? 0) +
      POSITION_WEIGHT * (c.lastLine / Math.max(total, c.lastLine)) +
      (isNew === null ? 0 : isNew ? NEW_BONUS : OLD_PENALTY);
    return { c, score, isNew };
  });
  ranked.sort((a, b) => b.score - a.score || b.c.line - a.c.line || a.c.artifact.localeCompare(b.c.artifact));
  const max = topCause(findings) ? (opts.maxExplained ?? MAX_EXPLAINED) : (opts.maxUnexplained ?? MAX_UNEXPLAINED);
  return ranked.slice(0, max).map((r) => ({
    artifact: r.c.artifact,
    line: r.c.line,
    text: r.c.text,
    score: Math.round(r.score * 100) / 100,
    ...(r.isNew === null ? {} : { new: r.isNew }),
  }));
}
