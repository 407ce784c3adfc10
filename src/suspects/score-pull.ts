// Turns a PR's evidence into a score and a short list of reasons. Pure.
import type { SuspectReason } from '../types.ts';
import type { Evidence } from './collect-evidence.ts';

/** Weak hits add up to at most this much before damping, however many identifiers a PR mentions. */
const WEAK_CAP = 20;
/** Mechanical PRs (autobumps) keep a quarter of their medium and weak evidence. */
const MECHANICAL_FACTOR = 0.25;
const MAX_REASONS = 10;
const LINES_PER_TERM = 2;

/** 1 for a one-file PR, 0.5 at 10 files, 0.29 at 400: volume alone must not win. */
export function fileDamping(fileCount: number): number {
  return 1 / (1 + Math.log10(Math.max(1, fileCount)));
}

/** Sum over distinct terms of each term's best evidence; medium and weak evidence damped. */
export function scoreEvidence(evidence: Evidence[], fileCount: number, mechanical: boolean): number {
  const best = new Map<string, Evidence>();
  for (const e of evidence) {
    const prev = best.get(e.term);
    if (!prev || e.weight > prev.weight) best.set(e.term, e);
  }
  let strong = 0;
  let medium = 0;
  let weak = 0;
  for (const e of best.values()) {
    if (e.tier === 'strong') strong += e.weight;
    else if (e.tier === 'medium') medium += e.weight;
    else weak += e.weight;
  }
  const damp = fileDamping(fileCount) * (mechanical ? MECHANICAL_FACTOR : 1);
  return strong + damp * (medium + Math.min(WEAK_CAP, weak));
}

/** Strongest evidence first, at most two lines per (kind, term), no duplicate lines. */
export function pickReasons(evidence: Evidence[]): SuspectReason[] {
  const sorted = [...evidence].sort((a, b) => b.weight - a.weight);
  const perKey = new Map<string, number>();
  const seen = new Set<string>();
  const out: SuspectReason[] = [];
  for (const e of sorted) {
    if (out.length >= MAX_REASONS) break;
    const key = `${e.kind}\u0000${e.term}`;
    const line = `${e.file}\u0000${e.sign}\u0000${e.text}`;
    if ((perKey.get(key) ?? 0) >= LINES_PER_TERM || seen.has(line)) continue;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    seen.add(line);
    const reason: SuspectReason = { kind: e.kind, file: e.file, sign: e.sign, text: e.text };
    if (e.hunk) reason.hunk = e.hunk;
    out.push(reason);
  }
  return out;
}
