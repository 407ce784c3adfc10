// Material for tests that compare a fast path with the plain one: the repo's text fixtures and a
// seeded PRNG (a failure names a seed that reproduces it).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Every text fixture below `dir` (.log, .txt, .json, .yaml, .md, .xml). */
export function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return textFiles(full);
    return /\.(log|txt|json|yaml|md|xml)$/.test(e.name) ? [full] : [];
  });
}

/** Deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random lines, each one to three of `pieces` (whole, or cut at a random place) glued by ' ' or ': '. */
export function gluedLines(pieces: readonly string[], count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(next() * 3);
    return Array.from({ length: n }, () => {
      const p = pieces[Math.floor(next() * pieces.length)]!;
      const cut = Math.floor(next() * p.length);
      return next() < 0.5 ? p : next() < 0.5 ? p.slice(cut) : p.slice(0, cut);
    }).join(next() < 0.5 ? ' ' : ': ');
  });
}
