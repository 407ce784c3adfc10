// Picks specific tokens (names of variables, files, markers) out of a log line that vanished since
// the last green run, so that a PR touching them can be found. Generic words would match everything.

const SPLIT = /[\s"'`(),;=<>[\]{}|]+/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const HEXISH = /^[0-9a-f]{7,}$/i;
const NUMERIC = /^[\d.:+_/-]+$/;

/** At least 6 characters and shaped like an identifier: snake, kebab, dotted, pathy, or camelCase. */
export function isSpecific(token: string): boolean {
  if (token.length < 6 || token.length > 120) return false;
  if (URL_LIKE.test(token) || HEXISH.test(token) || NUMERIC.test(token)) return false;
  if (!/[A-Za-z]{2}/.test(token)) return false;
  return /[_./-]/.test(token) || /[a-z][A-Z]/.test(token);
}

export function identifiersFromLine(line: string): string[] {
  const out: string[] = [];
  for (const raw of line.slice(0, 2000).split(SPLIT)) {
    if (raw.length > 200) continue; // keeps the trimming below cheap; such tokens are not names anyway
    // Trailing punctuation of prose ("... from dl.k8s.io.") is not part of the name.
    const token = raw.replace(/^[.:+-]+|[.:,]+$/g, '');
    if (isSpecific(token) && !out.includes(token)) out.push(token);
  }
  return out;
}
