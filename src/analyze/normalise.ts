// Normalisation of log lines so that the same event in two runs compares equal: timestamps, ids,
// hashes, addresses, versions, random name suffixes and counters become placeholders (the idea of
// test-infra's triage and Treeherder's error summary). Used for the line digest and fingerprints.

const RULES: [RegExp, string][] = [
  [/\x1b\[[0-9;?]*[A-Za-z]/g, ''],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>'],
  [/\b\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, '<ts>'],
  [/\b\d{2}\/\d{2}\/\d{2,4} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, '<ts>'],
  [/\b[IWEF]?\d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, '<ts>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b(?:sha256|sha512|sha1|md5):[0-9a-f]{16,}\b/gi, '<digest>'],
  [/\b0x[0-9a-f]+\b/gi, '<addr>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:\/\d{1,2})?\b/g, '<ip>'],
  [/\bv?\d+\.\d+\.\d+(?:[-+_.][0-9A-Za-z]+)*/g, '<version>'],
];

const MIXED = /\d/;
const LETTER = /[a-z]/i;
// A hex run of 7+ with a digit and a letter: commit, image, build or instance id.
const HEX = /\b[0-9a-f]{7,}\b/gi;
// Random name suffixes (`-9h23mr`, `-dt2w`): short runs mixing letters and digits after - or _.
const SUFFIX = /([-_])([a-z0-9]{4,10})\b/g;
const isMixed = (s: string): boolean => MIXED.test(s) && LETTER.test(s);

/** Every regex normalisation runs on log lines (checked for linear time by a unit test). */
export const NORMALISE_PATTERNS: RegExp[] = [...RULES.map(([re]) => re), HEX, SUFFIX];

export function normaliseLine(text: string): string {
  let out = text;
  for (const [re, by] of RULES) out = out.replace(re, by);
  out = out.replace(HEX, (m) => (isMixed(m) ? '<hex>' : m));
  out = out.replace(SUFFIX, (m, sep: string, id: string) => (isMixed(id) ? `${sep}<id>` : m));
  return out.replace(/\d+/g, '0').replace(/\s+/g, ' ').trim();
}

/** A stable identity string from parts; each part is normalised and joined. */
export function fingerprintOf(classifier: string, parts: (string | null | undefined)[]): string {
  return [classifier, ...parts.map((p) => (p ? normaliseLine(p) : '-'))].join('|');
}
