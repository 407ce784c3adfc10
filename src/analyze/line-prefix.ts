// What CI systems put in front of the line a tool printed: GitHub Actions / Azure Pipelines ISO
// timestamps, `##[error]` and `::error::` commands, Jenkins timestamper brackets, GitLab section
// markers and `\r` overwrites, ANSI colours, klog headers. Wordings match the line without them
// (so `^FAILED` still means the start of pytest's line); evidence keeps the line as logged.

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const PREFIXES: RegExp[] = [
  // 2025-03-04T12:00:01.1234567Z (Actions, Azure); also with an offset.
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d) /,
  // [2020-01-01T00:00:00.000Z] (Jenkins timestamper), [2020-01-01 00:00:00] and the like.
  /^\[\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\] ?/,
  /^##\[(?:error|warning|notice|debug|group|endgroup|command|section)\]/,
  /^::(?:error|warning|notice|debug)(?: [^:\r\n]*)?::/,
  // klog: E0304 12:00:01.123456   12345 pull.go:123]
  /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ [^\s\]]+:\d+\] /,
];
// GitHub's web log view turns digits into line links when a log is copied from it: `v1[3](url#step:2:3).3.0`.
const WEB_LINE_LINK = /\[(\d+)\]\([^()\s]*#(?:L\d+|step:\d+:\d+)\)/g;
const MAX_PASSES = 4;

/** Every regex used here (checked for linear time by a unit test). */
export const LINE_PREFIX_PATTERNS: RegExp[] = [ANSI, WEB_LINE_LINK, ...PREFIXES];

// First characters any prefix can start with: other lines return at once.
const STARTS = new Set([...'0123456789[#:IWEF']);

// The scanner hands one line to every observer its literals route it to: strip it once.
let lastIn = '';
let lastOut = '';

/** The line as the tool printed it: CI prefixes, `\r` overwrites and ANSI colour codes removed. */
export function stripLinePrefix(text: string): string {
  if (text === lastIn) return lastOut;
  lastIn = text;
  lastOut = strip(text);
  return lastOut;
}

function strip(text: string): string {
  let s = text;
  const cr = s.lastIndexOf('\r');
  // GitLab: `section_start:1700000000:step_script\r\e[0K$ make`; progress bars: what was drawn last.
  if (cr >= 0 && cr < s.length - 1) s = s.slice(cr + 1);
  if (s.includes('\x1b')) s = s.replace(ANSI, '');
  for (let pass = 0; pass < MAX_PASSES && s.length > 0 && STARTS.has(s[0]!); pass++) {
    const re = PREFIXES.find((p) => p.test(s));
    if (!re) break;
    s = s.replace(re, '');
  }
  if (s.includes('](')) s = s.replace(WEB_LINE_LINK, '$1');
  return s;
}
