// Normalisation of log lines so that the same event in two runs compares equal: timestamps, ids,
// hashes, addresses, versions, random name suffixes and counters become placeholders (the idea of
// test-infra's triage and Treeherder's error summary). Used for the line digest and fingerprints.

// Each rule with a cheap test that every line it can match passes (a literal its matches contain, or a
// simpler regex): a rule is skipped when the line, as the rules before left it, fails that test, and the
// digit rules when it has no digit. No placeholder holds a digit or any of these literals, so a rule
// never starts to match because an earlier one replaced text (test/analyze/normalise-fast-path.test.ts).
interface Rule {
  re: RegExp;
  by: string;
  /** false when `re` cannot match the text. */
  may: (text: string) => boolean;
  digits: boolean;
}

const has =
  (...needs: string[]) =>
  (text: string): boolean =>
    needs.some((n) => text.includes(n));
const hasAll =
  (need: string, re: RegExp) =>
  (text: string): boolean =>
    text.includes(need) && re.test(text);

const ANSI_RULE: Rule = { re: /\x1b\[[0-9;?]*[A-Za-z]/g, by: '', may: has('\x1b['), digits: false };
const RULES: Rule[] = [
  {
    re: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g,
    by: '<ts>',
    may: has('-'),
    digits: true,
  },
  { re: /\b\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, by: '<ts>', may: has('/'), digits: true },
  { re: /\b\d{2}\/\d{2}\/\d{2,4} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g, by: '<ts>', may: has('/'), digits: true },
  {
    re: /\b[IWEF]?\d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?/g,
    by: '<ts>',
    may: hasAll(':', /\d{4} \d{2}:\d{2}:\d{2}/),
    digits: true,
  },
  { re: /\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, by: '<time>', may: has(':'), digits: true },
  {
    re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    by: '<uuid>',
    may: hasAll('-', /-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-/i),
    digits: false,
  },
  {
    re: /\b(?:sha256|sha512|sha1|md5):[0-9a-f]{16,}\b/gi,
    by: '<digest>',
    may: hasAll(':', /(?:sha|md5)[0-9]*:/i),
    digits: false,
  },
  { re: /\b0x[0-9a-f]+\b/gi, by: '<addr>', may: has('0x', '0X'), digits: true },
  { re: /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:\/\d{1,2})?\b/g, by: '<ip>', may: has('.'), digits: true },
  { re: /\bv?\d+\.\d+\.\d+(?:[-+_.][0-9A-Za-z]+)*/g, by: '<version>', may: has('.'), digits: true },
];

const MIXED = /\d/;
const LETTER = /[a-z]/i;
// A hex run of 7+ with a digit and a letter: commit, image, build or instance id.
const HEX = /\b[0-9a-f]{7,}\b/gi;
// Random name suffixes (`-9h23mr`, `-dt2w`): short runs mixing letters and digits after - or _.
const SUFFIX = /([-_])([a-z0-9]{4,10})\b/g;
const isMixed = (s: string): boolean => MIXED.test(s) && LETTER.test(s);
// Runs of whitespace other than one plain space: what the last step collapses.
const SPACES_TO_COLLAPSE = /[^\S ]| {2}/;

/** Every regex normalisation runs on log lines (checked for linear time by a unit test). */
export const NORMALISE_PATTERNS: RegExp[] = [ANSI_RULE.re, ...RULES.map((r) => r.re), HEX, SUFFIX];

export function normaliseLine(text: string): string {
  let out = ANSI_RULE.may(text) ? text.replace(ANSI_RULE.re, '') : text;
  // Placeholders hold no digit: a line without one after the colours are gone never gains one.
  const digits = MIXED.test(out);
  for (const r of RULES) {
    if ((digits || !r.digits) && r.may(out)) out = out.replace(r.re, r.by);
  }
  // HEX and SUFFIX replace only runs holding a digit; the digit runs are the last digits left.
  if (digits) {
    out = out.replace(HEX, (m) => (isMixed(m) ? '<hex>' : m));
    out = out.replace(SUFFIX, (m, sep: string, id: string) => (isMixed(id) ? `${sep}<id>` : m));
    out = out.replace(/\d+/g, '0');
  }
  return SPACES_TO_COLLAPSE.test(out) ? out.replace(/\s+/g, ' ').trim() : out.trim();
}

/** A stable identity string from parts; each part is normalised and joined. */
export function fingerprintOf(classifier: string, parts: (string | null | undefined)[]): string {
  return [classifier, ...parts.map((p) => (p ? normaliseLine(p) : '-'))].join('|');
}
