// The last bytes of an artifact, kept while it streams by (copied into a ring of the window's size: a
// stream's chunk is valid only until the next one, see LogArtifact.open; no per-line work), and cut into
// numbered lines once the artifact ends. Memory is bounded by the window.
import type { ScanLine } from '../types.ts';

const NL = 10;
const CR = 13;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const decoder = new TextDecoder('utf-8');

export class TailWindow {
  private readonly max: number;
  private ring: Uint8Array | null = null;
  /** Where the next byte goes in the ring. */
  private at = 0;
  /** Bytes seen in all; more than `max` means the window's first line may be partial. */
  private bytes = 0;

  constructor(maxBytes: number) {
    this.max = maxBytes;
  }

  keep(buf: Uint8Array): void {
    if (this.max <= 0 || buf.length === 0) return;
    this.bytes += buf.length;
    const ring = (this.ring ??= new Uint8Array(this.max));
    const src = buf.length > this.max ? buf.subarray(buf.length - this.max) : buf;
    const first = Math.min(src.length, this.max - this.at);
    ring.set(first === src.length ? src : src.subarray(0, first), this.at);
    if (first < src.length) ring.set(src.subarray(first), 0);
    this.at = (this.at + src.length) % this.max;
  }

  /** The whole lines in the window, numbered so that the artifact's last line is `lastLine`. */
  lines(artifact: string, lastLine: number, maxLineBytes: number): ScanLine[] {
    const data = this.window();
    let start = 0;
    if (data.length < this.bytes) {
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

  /** The last `max` bytes, as one buffer, oldest first. */
  private window(): Uint8Array {
    const ring = this.ring;
    if (ring === null) return new Uint8Array(0);
    if (this.bytes < this.max) return ring.subarray(0, this.bytes);
    const out = new Uint8Array(this.max);
    out.set(ring.subarray(this.at), 0);
    out.set(ring.subarray(0, this.at), this.max - this.at);
    return out;
  }
}

function decodeLine(buf: Uint8Array, from: number, to: number): string {
  const end = to > from && buf[to - 1] === CR ? to - 1 : to;
  const text = decoder.decode(buf.subarray(from, end));
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}
