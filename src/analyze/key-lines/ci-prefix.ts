// What CI systems put in front of the line a tool printed: GitHub Actions and Azure Pipelines ISO
// timestamps, Jenkins timestamper brackets, TeamCity / GitLab clock times, GitLab section markers,
// Buildkite timestamps and Actions workflow commands (`##[error]`). Key lines are scored on the tool's
// own words; the evidence keeps the line as logged.

export type CiMarker = 'error' | 'warning' | null;

export interface Stripped {
  text: string;
  /** The CI system flagged the line itself (`##[error]`, `::error::`). */
  marker: CiMarker;
}

// Each is anchored, has one bounded quantifier run and no nested repetition (linear by construction).
const PREFIXES: RegExp[] = [
  // Buildkite: `_bk;t=1700000000000` before each line (the BEL that ends it is a control byte).
  /^_bk;t=\d{10,16}\x07?/,
  // GitLab collapsible sections: `section_start:1560896352:build_script[collapsed=true]\r`.
  /^section_(?:start|end):\d{1,16}:[\w.-]{1,200}(?:\[[^\]\r\n]{0,200}\])?\r?/,
  // Actions, Azure: `2025-03-04T12:00:01.1234567Z `; Jenkins timestamper: `[2020-01-01T10:00:00.000Z] `.
  /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]? ?/,
  // TeamCity, GitLab job logs, Jenkins `[10:00:01] `, Netlify `7:51:34 PM: `, TeamCity `[17:31:52]W: `.
  /^\[?\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?: [AP]M:?)?\]?(?:[EWi]:)?(?: {1,8}|\t)/,
  // BuildKit's plain progress: `#12 168.3 ` (step number, seconds since the step started).
  /^(?:#\d{1,5} )?\d{1,6}\.\d{1,3} /,
];
const MARKER = /^(?:##\[(error|warning)\]|::(error|warning)(?: [^:]{0,300})?::)/i;

export function stripCiPrefix(raw: string): Stripped {
  let text = raw;
  for (const re of PREFIXES) {
    const m = re.exec(text);
    if (m) text = text.slice(m[0].length);
  }
  const m = MARKER.exec(text);
  if (!m) return { text: text.trim(), marker: null };
  const kind = (m[1] ?? m[2])!.toLowerCase();
  return { text: text.slice(m[0].length).trim(), marker: kind === 'error' ? 'error' : 'warning' };
}

/** The patterns above, for the linear-time check. */
export const CI_PREFIX_PATTERNS: RegExp[] = [...PREFIXES, MARKER];
