// How much a log line looks like the statement of a failure, from the tool's own words (the CI prefix
// stripped). Three kinds of evidence add up: an error word (`Error:`, `fatal:`, `FAILED`, `panic:`,
// `npm ERR!`, an `...Exception`), the vocabulary of causes (denied, not found, unbound variable, timed
// out ...) and the shape of test-runner failure lines (pytest `E   `, Go `x_test.go:12:`). Lines that
// only report that something exited non-zero (make's `***`, `Process completed with exit code 1`,
// `npm ERR! code ELIFECYCLE`) are exit lines: they mark where the failure surfaced, not what it was.
import { type CiMarker, stripCiPrefix } from './ci-prefix.ts';

export interface LineScore {
  /** 0 when the line does not look like an error at all. */
  score: number;
  /** The line reports that a step exited or the job failed (a consequence, not a cause). */
  exit: boolean;
  /** The tool's words, CI prefix stripped. */
  stripped: string;
}

// A weight per signal; a line gets the weight of each signal it shows (the tables are data, the loop below is all the code).
const ERROR_WORDS: [RegExp, number][] = [
  // `Error: x`, `error: x`, `fatal: x`, `docker: Error response`, `npm error code E...`, `ERROR: x`
  [/^(?:[\w./@-]{1,80}:\s{1,4})?(?:error|fatal|err!?|failure)\b/i, 3],
  [/\b[A-Z][A-Za-z0-9]{0,80}(?:Error|Exception)\b/, 3],
  [/\bpanic:|\bTraceback \(most recent call last\)|\bFATAL\b|\bfatal error\b|\bSegmentation fault\b/i, 3],
  [/\bERROR\b|\bFAILED\b|\bFAIL\b|\bERR!/, 2],
  [/\berror\b|\bfail(?:ed|ure|s|ing)?\b|\bfatal\b/i, 2],
  // Test runners: pytest's `E   AssertionError`, Go's `    foo_test.go:12: want 1`, Jest's `● Suite › test`
  // and `FAIL  src/x.test.ts`.
  [/^E {2,}\S|^\s{0,8}\w{1,80}_test\.go:\d{1,6}: |^\s{0,8}● |^FAIL {1,4}\S/, 2.5],
  [/^Caused by: /, 1],
  // klog / glog error level: `E0211 01:24:58.123456 ...`
  [/^E\d{4} \d{2}:\d{2}:\d{2}/, 2],
];

const CAUSE_WORDS =
  /\b(?:denied|not found|no such|unknown|missing|required|not supplied|not set|unbound variable|invalid|cannot|can't|could not|couldn't|unable to|refused|timed out|time ?out|deadline exceeded|exceeded|unauthori[sz]ed|forbidden|out of memory|killed|no space left|not allowed|not available|not recognized|not logged in|rate limit|did not|does not exist|not exist|must be set|malformed|no URL|no output|stalled|aborted|unexpected|undefined|mismatch|not supported|incompatible|conflict|unreachable|reset by peer|certificate|permission|toomanyrequests)\b/gi;
const CAUSE_WEIGHT = 1.5;
const MAX_CAUSE_WORDS = 2;

const NOT_AN_ERROR: [RegExp, number][] = [
  // `0 errors`, `no failures`, `errors: 0`, `failed=0`, `-Werror`, `ignore errors`, `continue-on-error`
  [
    /\b(?:0|no|zero) (?:errors?|failures?|failed)\b|\b(?:errors?|failures?|failed)[:=] ?0\b|-Werror|\bon-?error\b|ignor(?:e|ing) errors?/i,
    -4,
  ],
  // Warnings and notices, unless the tool says more (a kubelet `Warning  Failed` event still scores its `Failed`).
  [/^(?:\w{1,20} )?(?:warn(?:ing)?|deprecat\w{0,20}|notice|info|debug)\b/i, -1.5],
  // A command being echoed (`Run npm test`, `+ make check`, `$ go test ./...`) is not its result.
  [/^(?:Run |\+{1,3} |\$ )/, -2],
];

// `exit code 1`, `exit status 2`, `exited with 1`, `Exited with code exit status 1`, make's `***`, ...
const EXIT_LINES: RegExp[] = [
  /\bexit(?:ed)?(?: with)?(?: code| status)?(?: exit status)?[: ]{1,2}[1-9]\d{0,2}\b/i,
  /^make(?:\[\d{1,3}\])?: \*\*\*/,
  /^npm (?:ERR!|error) (?:code (?:ELIFECYCLE|\d{1,3})\b|errno\b|A complete log|Log files were|command (?:failed|sh -c)|Failed at the|This is probably|\s*$)/,
  /\bscript returned exit code\b|\bmarked build as failure\b|^Finished: FAILURE\b|^BUILD FAILED\b|^FAILURE\s*$|^FAILED\s*$/,
  /^(?:error )?Command failed with exit code\b|^ERROR: Job failed: exit (?:code|status)\b|^Error: The command exited with status\b/,
  // Test-run summaries: pytest `1 failed, 2 passed in 0.1s`, Jest `Tests: 1 failed, 3 total`, gotestsum
  // `DONE 84 tests, 2 failures`, mocha `1 failing`, `FAILED (41/42 passed)`: they count failures, not name them.
  /\b\d{1,7} failed, \d{1,7} passed\b|^Tests?: {1,12}\d{1,7} failed\b|\b\d{1,7} tests?, \d{1,7} failures?\b|^\d{1,7} failing$|\(\d{1,7}\/\d{1,7} passed\)/,
  // make 3.x's `recipe for target 'x' failed`, Node's `Command failed: <cmd>`, npm's and tar's last words.
  /\brecipe for target '[^']{0,300}' failed|\bCommand failed: |^npm (?:ERR!|error) Test failed\.|\bexiting now\b/,
];

// Every signal above holds one of these substrings (or a cause word): most lines of a log hold none
// and are dismissed with two tests instead of twenty.
const GATE = /err|fail|fatal|panic|excep|trace|segm|caused|exit|\*\*\*|●|_test\.go|E {2}|E\d{4} |recipe/i;
const ANY_CAUSE = new RegExp(CAUSE_WORDS.source, 'i');

/** Every pattern of this file, for the linear-time check. */
export const ERROR_LIKENESS_PATTERNS: RegExp[] = [
  ...ERROR_WORDS.map(([re]) => re),
  CAUSE_WORDS,
  ...NOT_AN_ERROR.map(([re]) => re),
  ...EXIT_LINES,
  /:\s*\S/,
  GATE,
];

const MARKER_WEIGHT: Record<'error' | 'warning', number> = { error: 2, warning: -1 };
const EXIT_SCORE = 1;
// Words that make a line specific: a bare `Error` or `FAILED` says less than `Error: KEY not set`.
const MIN_WORDS = 3;
const TERSE_PENALTY = -1;
// `KeyError: 'X'` is short but says what: a colon followed by the detail.
const DETAIL = /:\s*\S/;

function markerWeight(marker: CiMarker): number {
  return marker ? MARKER_WEIGHT[marker] : 0;
}

function causeWords(text: string): number {
  CAUSE_WORDS.lastIndex = 0;
  let n = 0;
  while (n < MAX_CAUSE_WORDS && CAUSE_WORDS.exec(text)) n++;
  return n;
}

/** Scores one line; `raw` is the line as logged. */
export function scoreLine(raw: string): LineScore {
  if (!GATE.test(raw) && !ANY_CAUSE.test(raw)) return { score: 0, exit: false, stripped: raw };
  const { text, marker } = stripCiPrefix(raw);
  if (text.length === 0) return { score: 0, exit: false, stripped: text };
  if (EXIT_LINES.some((re) => re.test(text))) return { score: EXIT_SCORE, exit: true, stripped: text };
  let words = 0;
  for (const [re, w] of ERROR_WORDS) if (re.test(text)) words = Math.max(words, w);
  const causes = causeWords(text);
  if (words === 0 && causes === 0 && marker !== 'error') return { score: 0, exit: false, stripped: text };
  let score = words + CAUSE_WEIGHT * causes + markerWeight(marker);
  for (const [re, w] of NOT_AN_ERROR) if (re.test(text)) score += w;
  if (causes === 0 && !DETAIL.test(text) && text.split(/\s+/, MIN_WORDS).length < MIN_WORDS) score += TERSE_PENALTY;
  return { score: Math.max(0, score), exit: false, stripped: text };
}
