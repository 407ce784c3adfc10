// Log content is untrusted and may carry credentials a job printed by mistake. Everything we show
// (terminal, PR comment, Slack) goes through here first. Patterns are linear-time (checked with
// recheck in the tests) and deliberately narrow so ordinary CI lines, image refs and SHAs survive.

export const REDACTED = '[REDACTED]';

export interface RedactionStep {
  id: string;
  /** The step's main pattern (exposed for the ReDoS check). */
  pattern: RegExp;
  run: (text: string) => string;
}

type Replacer = string | ((match: string, ...groups: string[]) => string);

function replaceStep(id: string, pattern: RegExp, replace: Replacer): RedactionStep {
  const run = (text: string): string =>
    typeof replace === 'string' ? text.replace(pattern, replace) : text.replace(pattern, replace);
  return { id, pattern, run };
}

// Key names whose value is always a secret (matched at the END of the key, so `TOKEN_FILE=` is kept).
const STRONG_KEY =
  /(?:password|passwd|pwd|secret|token|signature|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key(?:[_-]?id)?|credentials?)$/i;
// Key names whose value is a secret only when it looks random (`sig=`, `session=`, `x-api-auth=`).
const WEAK_KEY = /(?:key|auth|sig|session|cookie)$/i;

// `key=value` / `key: value`: a key at a word start, an optional closing quote, then `=` or `:`
// (not `://`). The value is read only after a sensitive key, so scanning stays linear.
const KEY_SEP = /(?<![\w.-])([\w.-]+)(["']?[ \t]*[:=][ \t]*)(?!\/\/)/g;
const VALUE = /"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[^\s,;&"'}\])]+/y;

/** The value pattern of the key-value step, for the ReDoS check. */
export const KEY_VALUE_PATTERN = VALUE;

/** Ordered: whole blocks and URLs first, then token shapes, then `key=value` pairs, then blobs. */
export const SECRET_REPLACEMENTS: readonly RedactionStep[] = [
  replaceStep(
    'pem-private-key',
    /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    (_m, kind = '') => `-----BEGIN ${kind}PRIVATE KEY-----${REDACTED}-----END ${kind}PRIVATE KEY-----`,
  ),
  replaceStep('url-password', /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s/@]+@/gi, '$1***@'),
  replaceStep(
    'slack-webhook',
    /\b(https:\/\/hooks\.slack\.com\/)(?:services|workflows|triggers)\/[\w/-]+/g,
    `$1${REDACTED}`,
  ),
  replaceStep(
    'other-webhook',
    /\b(https?:\/\/(?:discord(?:app)?\.com\/api\/webhooks|[\w-]+\.webhook\.office\.com\/webhookb2|chat\.googleapis\.com\/v1\/spaces)\/)[^\s"'<>]+/g,
    `$1${REDACTED}`,
  ),
  replaceStep('github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,})/g, REDACTED),
  replaceStep('slack-token', /\b(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/g, REDACTED),
  replaceStep('aws-access-key-id', /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b/g, REDACTED),
  replaceStep('jwt', /(?<![\w-])eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/g, REDACTED),
  replaceStep(
    'authorization-header',
    /\b((?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate)[ \t]+)?)[^\s"',;}]+/gi,
    `$1${REDACTED}`,
  ),
  replaceStep('bearer', /\b(bearer[ \t]+)[\w.~+/-]{16,}=*/gi, `$1${REDACTED}`),
  { id: 'key-value', pattern: KEY_SEP, run: redactKeyValues },
  replaceStep('base64-blob', /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{56,}={0,2}(?![A-Za-z0-9+/=])/g, (m) =>
    looksRandom(m, 4.5) ? REDACTED : m,
  ),
];

/** Replace credentials in `text` with `[REDACTED]`-style markers; everything else is kept as is. */
export function redactSecrets(text: string): string {
  return SECRET_REPLACEMENTS.reduce((out, step) => step.run(out), text);
}

function redactKeyValues(text: string): string {
  let out = '';
  let last = 0;
  KEY_SEP.lastIndex = 0;
  for (let m = KEY_SEP.exec(text); m; m = KEY_SEP.exec(text)) {
    const key = m[1] ?? '';
    if (!STRONG_KEY.test(key) && !WEAK_KEY.test(key)) continue;
    VALUE.lastIndex = KEY_SEP.lastIndex;
    const value = VALUE.exec(text)?.[0];
    const replaced = value === undefined ? null : redactValue(key, value);
    if (value === undefined || replaced === null) continue;
    out += text.slice(last, KEY_SEP.lastIndex) + replaced;
    last = KEY_SEP.lastIndex + value.length;
    KEY_SEP.lastIndex = last;
  }
  return out + text.slice(last);
}

function redactValue(key: string, value: string): string | null {
  const inner = unquote(value);
  if (inner.text === '' || inner.text.startsWith(REDACTED.slice(0, -1)) || isPlaceholder(inner.text)) return null;
  if (!STRONG_KEY.test(key) && !looksRandom(inner.text, 3.5)) return null;
  return `${inner.open}${REDACTED}${inner.close}`;
}

function unquote(value: string): { open: string; text: string; close: string } {
  const q = value[0];
  if (q !== '"' && q !== "'") return { open: '', text: value, close: '' };
  const closed = value.length > 1 && value.endsWith(q);
  return { open: q, text: value.slice(1, closed ? -1 : undefined), close: closed ? q : '' };
}

// `${TOKEN}`, `$(cat x)`, `<token>`, `***`, `null`: references or masks, not secrets.
function isPlaceholder(text: string): boolean {
  return /^(?:\$\{?[\w.-]*\}?|\$\(.*|<[^>]*>?|\*+|x{3,}|null|none|nil|true|false|undefined|-)$/i.test(text);
}

/** Long, mixed-class and high-entropy: a generated credential rather than a word, path, version or SHA. */
export function looksRandom(text: string, minBitsPerChar: number): boolean {
  if (text.length < 16 || /^[0-9a-f]+$/i.test(text) || text.includes('://') || text.startsWith('/')) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(text)).length;
  return classes >= 2 && shannonEntropy(text) >= minBitsPerChar;
}

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
