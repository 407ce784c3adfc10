// Rule patterns run on every candidate line of gigabyte logs with JavaScript's backtracking engine,
// so a pattern that can backtrack catastrophically (or even quadratically) is refused at load.
// `recheck` proves linear time; it costs ~10 ms to 2 s per pattern, so verdicts are cached by
// pattern text and the shipped rules are proven once in a unit test instead of at every start.
import { createRequire } from 'node:module';
import type * as Recheck from 'recheck';

const BACKREFERENCE = /\\[1-9]|\\k</;
const LOOKAROUND = /\(\?<?[=!]/;
const verdicts = new Map<string, string | null>();
let recheck: typeof Recheck | null = null;

// Loaded on first use: it weighs ~30 MB and most runs only use the pre-checked shipped rules.
function checkSync(source: string, flags: string, timeoutMs?: number): Recheck.Diagnostics {
  recheck ??= createRequire(import.meta.url)('recheck') as typeof Recheck;
  return recheck.checkSync(source, flags, timeoutMs === undefined ? {} : { timeout: timeoutMs });
}

/** Why the pattern cannot be used, or null when it compiles and has no backtracking hazard. */
export function syntaxProblem(source: string, flags: string): string | null {
  try {
    new RegExp(source, flags);
  } catch (err) {
    return `does not compile: ${(err as Error).message}`;
  }
  if (BACKREFERENCE.test(source)) return 'uses a backreference, which cannot be matched in linear time';
  if (LOOKAROUND.test(source)) return 'uses a lookaround; rules match one line, so write the context into the pattern';
  if (new RegExp(source, flags).test('')) {
    return 'matches the empty string, so it would match every line';
  }
  return null;
}

/** The key verdicts are cached (and stored) under. */
export function patternKey(source: string, flags: string): string {
  return `${flags}/${source}`;
}

/** Verdicts proven elsewhere (the check pool, the store) so that loading the rules does not prove again. */
export function rememberVerdict(source: string, flags: string, problem: string | null): void {
  verdicts.set(patternKey(source, flags), problem);
}

/** The cached verdict; undefined when the pattern has not been checked in this process. */
export function knownVerdict(source: string, flags: string): string | null | undefined {
  return verdicts.get(patternKey(source, flags));
}

/** Runs recheck (cached); null when the pattern is proven linear. */
export function backtrackingProblem(source: string, flags: string, timeoutMs?: number): string | null {
  const key = patternKey(source, flags);
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const result = checkSync(source, flags, timeoutMs);
  let problem: string | null = null;
  if (result.status === 'vulnerable') {
    problem = `may backtrack catastrophically (${result.complexity.summary} time, e.g. on ${result.attack.pattern.slice(0, 60)})`;
  } else if (result.status === 'unknown') {
    problem = `could not be proven to run in linear time (${result.error.kind}); simplify it`;
  }
  verdicts.set(key, problem);
  return problem;
}
