// Turns one artifact's byte chunks into numbered lines and hands observers only the lines that
// matter: the prefilter finds trigger literals in bulk over each chunk, and only the lines holding
// one are decoded and given to the observers that own the trigger. The head of the artifact is read
// line by line (for the Environment block and the line digest). Memory stays flat: a chunk at a time
// plus one partial line of at most `maxLineBytes`.
import type { LineObserver, ScanLimits, ScanLine, Trigger } from '../types.ts';
import type { LiteralMatcher } from './literal-matcher.ts';

export interface ScanPlan {
  matcher: LiteralMatcher;
  /** The matcher's literals, by index. */
  triggers: Trigger[];
  /** For each trigger of the matcher, the indexes of the observers that own it. */
  owners: number[][];
  observers: LineObserver[];
  states: unknown[];
  onHeadLine(line: ScanLine): void;
  limits: ScanLimits;
  /** Observers switched off after throwing (a bug must cost one classifier, not the whole run). */
  disabled: boolean[];
  problems: string[];
}

/** Runs observer `i` on `line`, switching it off with a problem note if it throws. */
export function guarded<T>(plan: ScanPlan, i: number, line: ScanLine, run: () => T): T | undefined {
  if (plan.disabled[i]) return undefined;
  try {
    return run();
  } catch (err) {
    plan.disabled[i] = true;
    plan.problems.push(`${plan.observers[i]!.id} stopped at ${line.artifact}:${line.line}: ${(err as Error).message}`);
    return undefined;
  }
}

const NL = 10;
/** Bytes of whole lines the prefilter lists literal starts for at a time (see scanBlock). */
const MAX_BLOCK = 4 * 1024 * 1024;
/** The first chunk at least this long re-anchors the prefilter on its text (see LiteralMatcher.tune). */
const TUNE_BYTES = 64 * 1024;
const CR = 13;
const decoder = new TextDecoder('utf-8');
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** One line's text as decoded (ANSI codes still in). Buffers (what streams give) decode without a view. */
function decodeRaw(buf: Uint8Array, from: number, to: number): string {
  return Buffer.isBuffer(buf) ? buf.toString('utf8', from, to) : decoder.decode(buf.subarray(from, to));
}

/**
 * Line breaks in buf[from, to). Four bytes at a time (a word's 0x0A bytes become its zero bytes,
 * counted without false positives): about twice as fast as indexOf per line on typical logs.
 */
export function countNewlines(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  while (i < to && ((buf.byteOffset + i) & 3) !== 0) if (buf[i++] === NL) n++;
  const words = (to - i) >> 2;
  if (words > 0) {
    const u32 = new Uint32Array(buf.buffer, buf.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const w = u32[k]! ^ 0x0a0a0a0a;
      const zeros = ~((((w & 0x7f7f7f7f) + 0x7f7f7f7f) | w) >>> 0) & 0x80808080;
      if (zeros !== 0) n += Math.imul(zeros >>> 7, 0x01010101) >>> 24;
    }
    i += words << 2;
  }
  while (i < to) if (buf[i++] === NL) n++;
  return n;
}

export class ArtifactScanner {
  readonly name: string;
  lines = 0;
  cutLines = 0;
  private readonly plan: ScanPlan;
  private readonly carry: Uint8Array;
  private carryLength = 0;
  private dropping = false;
  private inHead: boolean;
  private headBytes = 0;
  /** Per observer: follow-up lines it still wants. */
  private readonly follow: number[];
  /** How many observers want follow-up lines (0 on almost every line: the fast path). */
  private following = 0;
  /** Triggers found on the current line: hits[0, hitCount). */
  private readonly hits: number[] = [];
  private hitCount = 0;
  /** Per observer: the line number it was last triggered on (a mark that needs no clearing). */
  private readonly triggeredOn: Float64Array;
  private readonly triggered: number[] = [];
  private tuned = false;
  /**
   * Whether the current line lost ANSI codes in decoding: a literal may then stand in its text
   * that was split in its bytes, so the prefilter's hits are not the whole story (ScanLine.hits unset).
   */
  private lostAnsi = false;

  constructor(name: string, plan: ScanPlan) {
    this.name = name;
    this.plan = plan;
    this.carry = new Uint8Array(plan.limits.maxLineBytes);
    this.inHead = plan.limits.headLines > 0 && plan.limits.headBytes > 0;
    this.follow = plan.observers.map(() => 0);
    this.triggeredOn = new Float64Array(plan.observers.length);
  }

  push(buf: Uint8Array): void {
    if (!this.tuned && buf.length >= TUNE_BYTES) {
      this.tuned = true;
      this.plan.matcher.tune(buf);
    }
    let pos = 0;
    if (this.carryLength > 0 || this.dropping) {
      const nl = buf.indexOf(NL);
      if (nl < 0) return this.appendCarry(buf, 0, buf.length);
      this.appendCarry(buf, 0, nl);
      this.flushCarry();
      pos = nl + 1;
    }
    const last = buf.lastIndexOf(NL);
    if (last >= pos) {
      this.scanBlock(buf, pos, last + 1);
      pos = last + 1;
    }
    if (pos < buf.length) this.appendCarry(buf, pos, buf.length);
  }

  /** Ends the artifact: a last line without a line break still counts. */
  end(): void {
    if (this.carryLength > 0 || this.dropping) this.flushCarry();
    this.plan.observers.forEach((o, i) => o.endArtifact?.(this.plan.states[i], this.name));
  }

  private appendCarry(buf: Uint8Array, from: number, to: number): void {
    if (this.dropping) return;
    const room = this.carry.length - this.carryLength;
    const take = Math.min(room, to - from);
    this.carry.set(buf.subarray(from, from + take), this.carryLength);
    this.carryLength += take;
    if (to - from > room) this.dropping = true;
  }

  private flushCarry(): void {
    if (this.dropping) this.cutLines++;
    this.onLine(this.carry, 0, this.carryLength, this.carryLength, 0);
    this.carryLength = 0;
    this.dropping = false;
  }

  /**
   * buf[from, to) holds whole lines: `from` starts one and buf[to - 1] is a line break. Cut into
   * runs of whole lines of about MAX_BLOCK bytes, so that the list of literal starts stays small
   * whatever chunk size a stream gives (no literal holds a line break, so none is lost at a cut).
   */
  private scanBlock(buf: Uint8Array, from: number, to: number): void {
    while (to - from > MAX_BLOCK) {
      let cut = buf.lastIndexOf(NL, from + MAX_BLOCK - 1);
      if (cut < from) cut = buf.indexOf(NL, from + MAX_BLOCK);
      this.scanLines(buf, from, cut + 1);
      from = cut + 1;
    }
    if (from < to) this.scanLines(buf, from, to);
  }

  private scanLines(buf: Uint8Array, from: number, to: number): void {
    let pos = from;
    // Every literal start in the rest of the block, found in one pass when the line-by-line head
    // and follow-up lines first let go (they may take hold again: the list stays good for the block).
    let starts: Int32Array | null = null;
    let k = 0;
    while (pos < to) {
      if (this.inHead || this.following > 0) {
        const end = buf.indexOf(NL, pos);
        this.lineAt(buf, pos, end, pos);
        pos = end + 1;
        continue;
      }
      starts ??= this.plan.matcher.starts(buf, pos, to);
      while (k < starts.length && starts[k]! < pos) k++;
      if (k === starts.length) {
        this.lines += countNewlines(buf, pos, to);
        return;
      }
      // The leftmost literal at or after pos: what findFirst(buf, pos, to) gives.
      const hit = starts[k]!;
      const before = hit > pos ? buf.lastIndexOf(NL, hit - 1) : -1;
      const start = before >= pos ? before + 1 : pos;
      this.lines += countNewlines(buf, pos, start);
      const end = buf.indexOf(NL, hit);
      // No literal starts in [start, hit): findFirst gives the leftmost.
      this.lineAt(buf, start, end, hit);
      pos = end + 1;
    }
  }

  private lineAt(buf: Uint8Array, start: number, end: number, searchFrom: number): void {
    const max = this.plan.limits.maxLineBytes;
    if (end - start > max) this.cutLines++;
    this.onLine(buf, start, Math.min(end, start + max), end - start, searchFrom - start);
  }

  /**
   * One line: buf[start, end) already cut to the line cap; `fullLength` is its length before that;
   * no literal starts in its first `clean` bytes.
   */
  private onLine(buf: Uint8Array, start: number, end: number, fullLength: number, clean: number): void {
    this.lines++;
    if (end > start && buf[end - 1] === CR) end--;
    let text: string | null = null;
    if (this.inHead) {
      text = this.decode(buf, start, end);
      this.plan.onHeadLine({ artifact: this.name, line: this.lines, text, followUp: false });
      this.headBytes += fullLength + 1;
      const { headLines, headBytes } = this.plan.limits;
      if (this.lines >= headLines || this.headBytes >= headBytes) this.inHead = false;
    }
    this.hitCount = this.plan.matcher.collect(buf, Math.min(start + clean, end), end, this.hits);
    if (this.hitCount === 0 && this.following === 0) return;
    this.dispatch(text ?? this.decode(buf, start, end));
  }

  /** One line's text, ANSI colour codes removed. */
  private decode(buf: Uint8Array, from: number, to: number): string {
    const text = decodeRaw(buf, from, to);
    this.lostAnsi = text.includes('\x1b');
    return this.lostAnsi ? text.replace(ANSI, '') : text;
  }

  /** Marks the observers owning this line's triggers; returns how many (listed in `triggered`). */
  private markTriggered(): number {
    const { owners } = this.plan;
    const mark = this.triggeredOn;
    const line = this.lines;
    let n = 0;
    for (let k = 0; k < this.hitCount; k++) {
      const own = owners[this.hits[k]!]!;
      for (let j = 0; j < own.length; j++) {
        const o = own[j]!;
        if (mark[o] === line) continue;
        mark[o] = line;
        this.triggered[n++] = o;
      }
    }
    return n;
  }

  private dispatch(text: string): void {
    const n = this.markTriggered();
    if (this.following === 0) {
      // Only the triggered observers, in observer order (as the slow path below visits them).
      const order = this.triggered;
      for (let a = 1; a < n; a++) {
        const o = order[a]!;
        let b = a - 1;
        while (b >= 0 && order[b]! > o) order[b + 1] = order[b--]!;
        order[b + 1] = o;
      }
      let following = 0;
      for (let k = 0; k < n; k++) {
        this.visit(order[k]!, text, false);
        if (this.follow[order[k]!]! > 0) following++;
      }
      this.following = following;
      return;
    }
    const mark = this.triggeredOn;
    let following = 0;
    for (let i = 0; i < this.follow.length; i++) {
      const hit = mark[i] === this.lines;
      const wasFollowing = this.follow[i]! > 0;
      if (hit || wasFollowing) {
        if (wasFollowing) this.follow[i]!--;
        this.visit(i, text, !hit);
      }
      if (this.follow[i]! > 0) following++;
    }
    this.following = following;
  }

  /** The texts of observer i's triggers on the current line (undefined: not known, see lostAnsi). */
  private hitsOf(i: number, followUp: boolean): string[] | undefined {
    const out: string[] = [];
    if (followUp) return out;
    if (this.lostAnsi) return undefined;
    const { owners, triggers } = this.plan;
    for (let k = 0; k < this.hitCount; k++) {
      const t = this.hits[k]!;
      if (owners[t]!.includes(i)) out.push(triggers[t]!.text);
    }
    return out;
  }

  /** Gives observer `i` the current line; keeps the larger of its follow-up requests. */
  private visit(i: number, text: string, followUp: boolean): void {
    const { plan } = this;
    if (plan.disabled[i]) return;
    const hits = this.hitsOf(i, followUp);
    const line: ScanLine = { artifact: this.name, line: this.lines, text, followUp, ...(hits ? { hits } : {}) };
    let more: number | void;
    try {
      more = plan.observers[i]!.onLine(plan.states[i], line);
    } catch (err) {
      plan.disabled[i] = true;
      plan.problems.push(
        `${plan.observers[i]!.id} stopped at ${line.artifact}:${line.line}: ${(err as Error).message}`,
      );
      return;
    }
    if (typeof more === 'number' && more > this.follow[i]!) this.follow[i] = more;
  }
}
