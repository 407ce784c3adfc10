// Reads one artifact's stream into the scanner with the byte caps, a binary sniff at the start, and
// a problem note (never a throw) when the stream cannot be opened, fails midway or ends short.
import type { LogArtifact } from '../../types.ts';
import { formatBytes } from '../limits.ts';
import type { ArtifactSummary, ScanLine } from '../types.ts';
import { ArtifactScanner, guarded, type ScanPlan } from './artifact-scanner.ts';
import { TailWindow } from './tail-window.ts';

const SNIFF_BYTES = 8 * 1024;

export interface ByteBudget {
  left: number;
}

/** A sniff says binary when NULs are more than 1% of it or other control bytes more than 10%. */
export function looksBinary(head: Uint8Array): boolean {
  let nul = 0;
  let control = 0;
  for (const b of head) {
    if (b === 0) nul++;
    else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27 && b !== 8) control++;
  }
  return nul > head.length / 100 || control > head.length / 10;
}

function asBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

class Reader {
  bytes = 0;
  capped = false;
  binary = false;
  private sniff: Uint8Array[] | null = [];
  private sniffed = 0;
  private readonly scanner: ArtifactScanner;
  private readonly cap: number;
  private readonly budget: ByteBudget;
  readonly tail: TailWindow | null;

  constructor(scanner: ArtifactScanner, cap: number, budget: ByteBudget, tail: TailWindow | null) {
    this.scanner = scanner;
    this.cap = cap;
    this.budget = budget;
    this.tail = tail;
  }

  /** false once reading should stop (binary, or a cap reached). */
  take(raw: Uint8Array): boolean {
    if (this.sniff) {
      this.sniff.push(raw);
      this.sniffed += raw.length;
      return this.sniffed < SNIFF_BYTES || this.release();
    }
    const room = Math.min(this.cap - this.bytes, this.budget.left);
    const chunk = raw.length > room ? raw.subarray(0, room) : raw;
    this.scanner.push(chunk);
    this.tail?.keep(chunk);
    this.bytes += chunk.length;
    this.budget.left -= chunk.length;
    if (raw.length > room) this.capped = true;
    return !this.capped;
  }

  /** Ends the sniff: decides on what was gathered, then feeds it on. */
  release(): boolean {
    if (!this.sniff) return !this.capped;
    const head = concat(this.sniff);
    this.sniff = null;
    if (looksBinary(head.subarray(0, SNIFF_BYTES))) {
      this.binary = true;
      return false;
    }
    return head.length === 0 || this.take(head);
  }
}

export async function scanArtifact(
  log: LogArtifact,
  plan: ScanPlan,
  budget: ByteBudget,
  problems: string[],
): Promise<ArtifactSummary> {
  const scanner = new ArtifactScanner(log.name, plan);
  const tail = plan.observers.some((o) => o.onTailLine) ? new TailWindow(plan.limits.tailBytes) : null;
  const reader = new Reader(scanner, plan.limits.maxBytesPerArtifact, budget, tail);
  let failed = false;
  try {
    const stream = await log.open();
    for await (const chunk of stream) if (!reader.take(asBytes(chunk))) break;
    reader.release();
  } catch (err) {
    failed = true;
    reader.release();
    problems.push(
      `${log.name}: reading failed after ${formatBytes(reader.bytes)} (${(err as Error).message}); analysed what was read`,
    );
  }
  if (reader.binary) {
    problems.push(`${log.name}: looks binary (NUL or control bytes at the start); skipped`);
    return { name: log.name, bytes: 0, lines: 0, complete: false };
  }
  scanner.end();
  if (tail) deliverTail(plan, tail.lines(log.name, scanner.lines, plan.limits.maxLineBytes));
  if (reader.capped) problems.push(`${log.name}: only the first ${formatBytes(reader.bytes)} were scanned (byte cap)`);
  else if (!failed && log.size !== null && reader.bytes < log.size) {
    problems.push(`${log.name}: truncated: read ${formatBytes(reader.bytes)} of ${formatBytes(log.size)}`);
  }
  if (scanner.cutLines > 0) {
    problems.push(
      `${log.name}: ${scanner.cutLines} line(s) longer than ${formatBytes(plan.limits.maxLineBytes)} were cut`,
    );
  }
  const complete = !failed && !reader.capped && (log.size === null || reader.bytes >= log.size);
  return { name: log.name, bytes: reader.bytes, lines: scanner.lines, complete };
}

/** The artifact's last lines, to the observers that read tails. */
function deliverTail(plan: ScanPlan, lines: ScanLine[]): void {
  plan.observers.forEach((o, i) => {
    if (!o.onTailLine) return;
    for (const line of lines) guarded(plan, i, line, () => o.onTailLine!(plan.states[i], line));
  });
}
