// The last bytes of an artifact, kept while it streams by (references to the chunks the reader already
// holds, no copy and no per-line work), and cut into numbered lines once the artifact ends. Memory is
// bounded by the window plus one chunk.
import type { ScanLine } from '../types.ts';

const NL = 10;
const CR = 13;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const decoder = new TextDecoder('utf-8');

export class TailWindow {
  private readonly max: number;
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  /** Some bytes of the artifact fell out of the window: its first line may be partial. */
  private dropped = false;

  constructor(maxBytes: number) {
    this.max = maxBytes;
  }

  keep(buf: Uint8Array): void {
    if (this.max <= 0 || buf.length === 0) return;
    this.chunks.push(buf);
    this.bytes += buf.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0]!.length >= this.max) {
      this.bytes -= this.chunks.shift()!.length;
      this.dropped = true;
    }
  }

  /** The whole lines in the window, numbered so that the artifact's last line is `lastLine`. */
  lines(artifact: string, lastLine: number, maxLineBytes: number): ScanLine[] {
    const data = this.window();
    let start = 0;
    if (this.dropped || data.length < this.bytes) {
      const nl = data.indexOf(NL);
      if (nl < 0) return [];
      start = nl + 1;
    }
    const spans: [number, number][] = [];
    while (start < data.length) {
      const nl = data.indexOf(NL, start);
      const end = nl < 0 ? data.length : nl;
      spans.push([start, end]);
      start = end + 1;
    }
    const first = lastLine - spans.length + 1;
    return spans.map(([from, to], i) => ({
      artifact,
      line: first + i,
      text: decodeLine(data, from, Math.min(to, from + maxLineBytes)),
      followUp: false,
    }));
  }

  /** The last `max` bytes, as one buffer. */
  private window(): Uint8Array {
    const take = Math.min(this.bytes, this.max);
    const out = new Uint8Array(take);
    let at = take;
    for (let i = this.chunks.length - 1; i >= 0 && at > 0; i--) {
      const c = this.chunks[i]!;
      const n = Math.min(c.length, at);
      out.set(c.subarray(c.length - n), at - n);
      at -= n;
    }
    return out;
  }
}

function decodeLine(buf: Uint8Array, from: number, to: number): string {
  const end = to > from && buf[to - 1] === CR ? to - 1 : to;
  const text = decoder.decode(buf.subarray(from, end));
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}
