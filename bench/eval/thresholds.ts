// bench/eval-thresholds.json: the figures recorded on the corpus, which `--check` holds the current ones to.
// `higher` figures may not fall below their recorded value, `lower` ones (violation counts) may not rise above it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './metrics.ts';

export const THRESHOLDS_FILE = join(import.meta.dirname, '..', 'eval-thresholds.json');

/** Float noise only: a real drop of one case in 300 is far above it. */
export const EPSILON = 1e-9;

export interface Thresholds {
  about: string;
  figures: Record<string, { value: number; better: Figure['better'] }>;
}

export interface CheckResult {
  failures: string[];
  /** Figures measured now that the file does not record (not a failure: `--record` adds them). */
  unrecorded: string[];
}

export function checkFigures(figures: readonly Figure[], t: Thresholds): CheckResult {
  const now = new Map(figures.map((f) => [f.key, f]));
  const failures: string[] = [];
  for (const [key, rec] of Object.entries(t.figures)) {
    const cur = now.get(key)?.value ?? null;
    if (cur === null) failures.push(`${key}: recorded ${rec.value}, no longer measured`);
    else if (rec.better === 'higher' && cur < rec.value - EPSILON)
      failures.push(`${key}: ${round(cur)} is below the recorded ${rec.value}`);
    else if (rec.better === 'lower' && cur > rec.value + EPSILON)
      failures.push(`${key}: ${round(cur)} is above the recorded ${rec.value}`);
  }
  const unrecorded = figures.filter((f) => f.value !== null && !(f.key in t.figures)).map((f) => f.key);
  return { failures, unrecorded };
}

/** Thresholds at the current figures, rounded towards passing so a re-run on the same code passes. */
export function thresholdsOf(figures: readonly Figure[], corpus = 'test/fixtures/corpus'): Thresholds {
  const entries = figures
    .filter((f): f is Figure & { value: number } => f.value !== null)
    .map((f) => {
      const scaled = f.value * 1e6;
      const value = (f.better === 'higher' ? Math.floor(scaled + 1e-6) : Math.ceil(scaled - 1e-6)) / 1e6;
      return [f.key, { value, better: f.better }] as const;
    });
  return {
    about:
      corpus === 'test/fixtures/corpus'
        ? 'Figures of `npm run eval` on test/fixtures/corpus, recorded with `node bench/eval.ts --record`.'
        : `Figures of \`node bench/eval.ts --corpus ${corpus}\`, recorded with \`--record --thresholds <this file>\`.`,
    figures: Object.fromEntries(entries),
  };
}

export function readThresholds(file = THRESHOLDS_FILE): Thresholds {
  return JSON.parse(readFileSync(file, 'utf8')) as Thresholds;
}

export function writeThresholds(t: Thresholds, file = THRESHOLDS_FILE): void {
  writeFileSync(file, `${JSON.stringify(t, null, 2)}\n`);
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
