// Verdicts of recheck for the shipped patterns, committed beside the test so the suite proves each
// pattern once, not on every run (recheck takes up to ~2 s a pattern). An entry is keyed by the
// pattern's flags and source and by recheck's version, so an edited pattern or a new recheck is
// proven again. `npm run verdicts` records the verdicts of new patterns.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Recheck from 'recheck';

const require = createRequire(import.meta.url);
const FILE = new URL('./linear-verdicts.json', import.meta.url);
const RECHECK_VERSION = (require('recheck/package.json') as { version: string }).version;

interface VerdictFile {
  recheck: string;
  safe: Record<string, string>;
}

export function patternKey(re: RegExp): string {
  return createHash('sha256')
    .update(`${re.flags.replace('g', '')}/${re.source}`)
    .digest('hex')
    .slice(0, 24);
}

function readVerdicts(): VerdictFile {
  try {
    const file = JSON.parse(readFileSync(FILE, 'utf8')) as VerdictFile;
    return file.recheck === RECHECK_VERSION ? file : { recheck: RECHECK_VERSION, safe: {} };
  } catch {
    return { recheck: RECHECK_VERSION, safe: {} };
  }
}

const verdicts = readVerdicts();

/** 'safe' from the committed verdicts, else recheck's verdict for the pattern now. */
export function linearVerdict(re: RegExp): string {
  if (verdicts.safe[patternKey(re)] !== undefined) return 'safe';
  const { checkSync } = require('recheck') as typeof Recheck;
  // recheck's default 10 s budget is too short for a few long case-insensitive patterns on a busy machine.
  return checkSync(re.source, re.flags.replace('g', ''), { timeout: 60_000 }).status;
}

/** Records the given patterns' verdicts (only the safe ones), dropping entries no longer used. */
export function recordVerdicts(patterns: RegExp[]): { added: number; total: number } {
  const safe: Record<string, string> = {};
  let added = 0;
  for (const re of patterns) {
    const key = patternKey(re);
    if (verdicts.safe[key] === undefined) {
      if (linearVerdict(re) !== 'safe') continue;
      added++;
    }
    safe[key] = re.source.slice(0, 80);
  }
  writeFileSync(FILE, `${JSON.stringify({ recheck: RECHECK_VERSION, safe }, null, 1)}\n`);
  return { added, total: Object.keys(safe).length };
}
