// The bench's haystacks: files of a chosen size that stress the scanner in different ways.
//   synthetic    bench/generate-log.ts: quiet filler with five failures buried
//   generator    ../shared/bench/gen-ci-log.mjs: Prow/Actions-like lines that carry many prefilter literals
//   real         the seed incidents' artifacts (build logs, serial consoles) repeated to the size
//   adversarial  every line a near-miss of some trigger literal (one byte changed), two failures buried
//   one-line     one line without a line break (memory check only: not in the default set)
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Trigger } from '../src/analyze/types.ts';
import { generateLog } from './generate-log.ts';

export const HAYSTACKS = ['synthetic', 'generator', 'real', 'adversarial', 'one-line'] as const;
export type Haystack = (typeof HAYSTACKS)[number];
export const DEFAULT_HAYSTACKS: Haystack[] = ['synthetic', 'generator', 'real', 'adversarial'];

const BLOCK = 4 * 1024 * 1024;

/** The failures the adversarial haystack buries (the same two the shared generator buries). */
export const ADVERSARIAL_FAILURES = [
  'Error response from daemon: manifest for kindest/node:v1.33.0-alpha.1.199_25278540780516 not found: manifest unknown: manifest unknown',
  "2025/02/11 01:26:18 GCEMetadataScripts: windows-startup-script-ps1: Cannot bind argument to parameter 'Path' because it is an empty string.",
];

/** Writes `bytes` bytes (rounded up to a whole line) of `next()` lines. */
function writeLines(path: string, bytes: number, next: (written: number) => string): void {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    while (written < bytes) {
      const parts: string[] = [];
      let size = 0;
      while (size < BLOCK && written + size < bytes) {
        const line = next(written + size);
        parts.push(line);
        size += Buffer.byteLength(line) + 1;
      }
      const buf = Buffer.from(`${parts.join('\n')}\n`);
      writeSync(fd, buf);
      written += buf.length;
    }
  } finally {
    closeSync(fd);
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** The seed incidents' log artifacts: every build-log.txt and every *.log under artifacts/. */
export function incidentArtifacts(incidents: string): string[] {
  return filesUnder(incidents).filter((p) => p.endsWith('/build-log.txt') || /\/artifacts\/.*\.log$/.test(p));
}

function writeRepeated(path: string, bytes: number, sources: string[]): void {
  const texts = sources.map((s) => readFileSync(s));
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    for (let i = 0; written < bytes; i = (i + 1) % texts.length) {
      const t = texts[i]!;
      const body = t.length > 0 && t[t.length - 1] !== 10 ? Buffer.concat([t, Buffer.from('\n')]) : t;
      writeSync(fd, body);
      written += body.length;
    }
  } finally {
    closeSync(fd);
  }
}

/** Whether `line` holds a trigger (with the trigger's case rule). */
function holdsTrigger(line: string, triggers: Trigger[]): boolean {
  const lower = line.toLowerCase();
  return triggers.some((t) => (t.ignoreCase ? lower.includes(t.text.toLowerCase()) : line.includes(t.text)));
}

/** A byte that differs from `ch` in any case, printable. */
function other(ch: string): string {
  for (const c of 'qzjxkQZJXK#%') if (c.toLowerCase() !== ch.toLowerCase()) return c;
  return '~';
}

/**
 * Near-misses of each trigger: the literal with its first, middle or last byte changed, or cut by its
 * last byte. Variants that still hold some trigger or match one of ripgrep's patterns are dropped.
 */
export function nearMisses(triggers: Trigger[], rgPatterns: RegExp[]): string[] {
  const out = new Set<string>();
  for (const { text } of triggers) {
    const at = (i: number): string => text.slice(0, i) + other(text[i]!) + text.slice(i + 1);
    for (const v of [at(0), at(text.length >> 1), at(text.length - 1), text.slice(0, -1)]) {
      if (!holdsTrigger(v, triggers) && !rgPatterns.some((re) => re.test(v))) out.add(v);
    }
  }
  return [...out];
}

/** ripgrep's patterns as JS regexes, where they translate (others are skipped for the near-miss check). */
export function rgPatternsAsRegExps(file: string): RegExp[] {
  const out: RegExp[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const ic = line.startsWith('(?i)');
    try {
      out.push(new RegExp(ic ? line.slice(4) : line, ic ? 'i' : ''));
    } catch {
      // not JS syntax: ripgrep-only
    }
  }
  return out;
}

function writeAdversarial(path: string, bytes: number, misses: string[], triggers: Trigger[]): void {
  if (misses.length === 0) throw new Error('no near-miss lines: no triggers?');
  let n = 0;
  let planted = 0;
  writeLines(path, bytes, (written) => {
    if (planted < ADVERSARIAL_FAILURES.length && written >= bytes * (0.3 + 0.4 * planted))
      return ADVERSARIAL_FAILURES[planted++]!;
    for (;;) {
      const miss = misses[(n * 7919) % misses.length]!;
      n++;
      const line = `2025-02-11T01:${String(n % 60).padStart(2, '0')}:02.${n % 1000}Z ${miss} (step ${n % 97})`;
      if (!holdsTrigger(line, triggers)) return line;
    }
  });
}

function writeOneLine(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(BLOCK, 'abc "Pulling" INFO resolved to xyz ');
  let written = 0;
  try {
    while (written < bytes) {
      const n = Math.min(chunk.length, bytes - written);
      writeSync(fd, chunk, 0, n);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
}

export interface HaystackInputs {
  shared: string;
  triggers: Trigger[];
  rgPatternFile: string;
}

/** Writes haystack `kind` of about `bytes` bytes to `path` (kept when already there at that size). */
export function buildHaystack(kind: Haystack, path: string, bytes: number, inputs: HaystackInputs): void {
  try {
    if (statSync(path).size >= bytes) return;
  } catch {
    // not there yet
  }
  if (kind === 'synthetic') generateLog(path, bytes);
  else if (kind === 'generator') {
    const gen = join(inputs.shared, 'bench', 'gen-ci-log.mjs');
    const run = spawnSync(process.execPath, [gen, path, String(bytes)], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${gen} failed`);
  } else if (kind === 'real') writeRepeated(path, bytes, incidentArtifacts(join(inputs.shared, 'incidents')));
  else if (kind === 'adversarial')
    writeAdversarial(
      path,
      bytes,
      nearMisses(inputs.triggers, rgPatternsAsRegExps(inputs.rgPatternFile)),
      inputs.triggers,
    );
  else writeOneLine(path, bytes);
}
