// Secret detection for untrusted CI log text. Every log-derived string goes through `redactSecrets`
// before it is printed, stored or posted. Self-contained on purpose (imports nothing from src/).
//
// Rules of the house for the patterns below (all listed in SECRET_PATTERNS so they can be checked):
// - linear time: no nested unbounded quantifiers, no backreferences, only fixed-length lookbehind;
//   adjacent quantified classes are disjoint, or the repetition is bounded;
// - narrow: fixed vendor prefixes and lengths where the format defines them, key/flag context
//   otherwise, so SHAs, digests, UUIDs and integrity hashes on ordinary lines survive;
// - readable output: the key, flag or URL user stays (`--password [REDACTED]`, `postgres://u:***@h`).
//
// GitHub's ghp_/gho_/ghu_/ghs_/ghr_ tokens carry a CRC32 checksum in their last 6 characters; the
// prefix is unambiguous, so well-formed tokens are redacted whether or not the checksum validates.

export const REDACTED = '[REDACTED]';

export interface SecretPattern {
  id: string;
  pattern: RegExp;
}

type Replacer = (match: string, ...groups: string[]) => string;

interface Step extends SecretPattern {
  run: (text: string) => string;
}

const steps: Step[] = [];
const helpers: SecretPattern[] = [];

function helper<R extends RegExp>(id: string, pattern: R): R {
  helpers.push({ id, pattern });
  return pattern;
}

const HEX = helper('hex-only', /^[0-9a-f]+$/i);
const DIGITS = helper('digits', /^\d+$/);
const AZURE_DEVOPS_PAT = helper('azure-devops-pat', /^[a-z2-7]{52}$/);
const FILE_EXTENSION = helper('file-extension', /\.[a-z]{2,5}$/);
const CLASSES = [
  helper('class-lower', /[a-z]/),
  helper('class-upper', /[A-Z]/),
  helper('class-digit', /[0-9]/),
] as const;

function replaceStep(id: string, pattern: RegExp, replace: string | Replacer): void {
  const run =
    typeof replace === 'string'
      ? (text: string): string => text.replace(pattern, replace)
      : (text: string): string =>
          text.replace(pattern, (m: string, ...rest: unknown[]) =>
            replace(m, ...(rest.filter((x) => typeof x === 'string' || x === undefined) as string[])),
          );
  steps.push({ id, pattern, run });
}

// ------------------------------------------------------------------------------------------------
// Whole blocks and URLs.

replaceStep(
  'pem-private-key',
  /-----BEGIN ([A-Z0-9 ]{0,24})PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,24}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  (_m, kind = '', block = '') =>
    `-----BEGIN ${kind}PRIVATE KEY${block}-----${REDACTED}-----END ${kind}PRIVATE KEY${block}-----`,
);

// scheme://user:password@host (user may be empty: redis://:pw@host). The password runs to the last
// `@` before the next `/` or space, so an unencoded `@` in it does not leak a tail.
replaceStep(
  'url-password',
  /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]*:)[^\s/]*@/gi,
  (_m, head = '') => `${head}***@`,
);

// scheme://TOKEN@host with a random-looking user part (token-as-username clone URLs).
replaceStep(
  'url-token-user',
  /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:/@]{20,})@/gi,
  (m, head = '', user = '') => (looksRandom(user, 3.5) || AZURE_DEVOPS_PAT.test(user) ? `${head}***@` : m),
);

replaceStep(
  'slack-webhook',
  /\b(https:\/\/hooks\.slack\.com\/)(?:services|workflows|triggers)\/[\w/-]+/g,
  `$1${REDACTED}`,
);
replaceStep(
  'other-webhook',
  /\b(https?:\/\/(?:discord(?:app)?\.com\/api\/webhooks|[\w-]+\.webhook\.office\.com\/webhookb2|chat\.googleapis\.com\/v1\/spaces)\/)[^\s"'<>]+/g,
  `$1${REDACTED}`,
);
replaceStep('telegram-bot-token', /(?<!\d)\d{8,10}:AA[\w-]{30,40}(?![\w-])/g, REDACTED);

// ------------------------------------------------------------------------------------------------
// Vendor token shapes (fixed prefixes; lengths from the vendors' formats).

const TOKENS: readonly [string, RegExp][] = [
  ['github-token', /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{20,}/g],
  ['github-fine-grained-pat', /(?<![A-Za-z0-9_])github_pat_\w{20,}/g],
  ['gitlab-token', /(?<![\w-])gl(?:pat|dt|rt|ptt|ft|imt|oas|soat|cbt|agent|ffct|wt)-[\w.-]{20,}/g],
  ['gitlab-runner-registration', /(?<![\w-])GR1348941[\w-]{20,}/g],
  ['npm-token', /(?<![\w-])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g],
  ['pypi-token', /(?<![\w-])pypi-AgE[\w-]{50,}/g],
  ['dockerhub-token', /(?<![\w-])dckr_(?:pat|oat)_[\w-]{20,}/g],
  ['slack-token', /(?<![\w-])(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/g],
  ['stripe-key', /(?<![\w-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g],
  ['stripe-webhook-secret', /(?<![\w-])whsec_[A-Za-z0-9+/=]{24,}/g],
  ['sendgrid-key', /(?<![\w.-])SG\.[\w-]{16,32}\.[\w-]{30,64}/g],
  ['twilio-api-key', /(?<![\w-])SK[0-9a-fA-F]{32}(?![\w-])/g],
  ['google-api-key', /(?<![\w-])AIza[\w-]{35}/g],
  ['google-oauth-token', /(?<![\w-])ya29\.[\w-]{20,}/g],
  ['google-client-secret', /(?<![\w-])GOCSPX-[\w-]{20,}/g],
  ['anthropic-key', /(?<![\w-])sk-ant-[\w-]{32,}/g],
  [
    'openai-key',
    /(?<![\w-])sk-(?:(?:proj|svcacct|admin|None)-[\w-]{20,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48}(?![\w-]))/g,
  ],
  ['huggingface-token', /(?<![\w-])hf_[A-Za-z]{34}(?![\w-])/g],
  ['vault-token', /(?<![\w-])hv[sbr]\.[\w-]{20,}/g],
  ['heroku-api-key', /(?<![\w-])HRKU-[\w-]{20,}/g],
  ['shopify-token', /(?<![\w-])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![\w-])/g],
  ['mailgun-key', /(?<![\w-])key-[0-9a-f]{32}(?![\w-])/g],
  ['mailgun-private-key', /(?<![\w-])[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}(?![\w-])/g],
  [
    'aws-access-key-id',
    /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  ],
  ['azure-client-secret', /(?<![\w~.-])[\w~.]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])/g],
  ['nuget-api-key', /(?<![\w-])oy2[a-z0-9]{43}(?![\w-])/g],
  ['digitalocean-token', /(?<![\w-])do[opr]_v1_[a-f0-9]{64}(?![\w-])/g],
  ['terraform-cloud-token', /(?<![\w-])[a-z0-9]{14}\.atlasv1\.[\w=-]{60,70}/g],
  ['newrelic-key', /(?<![\w-])NR(?:AK|II|JS)-[A-Za-z0-9]{27}(?![\w-])/g],
  ['grafana-token', /(?<![\w-])(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})/g],
  ['sentry-token', /(?<![\w-])sntr[yu][su]?_[\w+/=-]{30,}/g],
  ['atlassian-token', /(?<![\w-])ATATT3[\w=-]{100,}/g],
  ['netlify-token', /(?<![\w-])nf[pc]_[A-Za-z0-9]{30,}/g],
  ['jwt', /(?<![\w-])eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/g],
];
for (const [id, pattern] of TOKENS) replaceStep(id, pattern, REDACTED);

// ------------------------------------------------------------------------------------------------
// Command shapes where the secret is a positional or short-flag value.

// aws configure set [profile.]aws_secret_access_key VALUE
replaceStep(
  'aws-configure-set',
  /(\baws[ \t]+configure[ \t]+set[ \t]+(?:[\w-]{1,64}\.)?(?:aws_secret_access_key|aws_session_token|aws_security_token)[ \t]+)(["']?)[^\s"']+/g,
  (m, head = '', q = '') => (m.slice(head.length + q.length).startsWith(REDACTED) ? m : `${head}${q}${REDACTED}`),
);

// .netrc: machine HOST login USER password VALUE
replaceStep('netrc', /(\bmachine[ \t]+\S+[ \t]+login[ \t]+\S+[ \t]+password[ \t]+)\S+/g, `$1${REDACTED}`);

// kubectl create secret ... --from-literal=NAME=VALUE: every literal is a secret.
replaceStep('kubectl-from-literal', /(--from-literal=[\w.-]+=)(["']?)[^\s"']+/g, `$1$2${REDACTED}`);

// curl -u / --user user:password (all-digit uid:gid, as in `docker run -u 1000:1000`, is kept).
replaceStep(
  'user-password-flag',
  /(?<![\w-])((?:-u|--user|--proxy-user)(?:[ \t]+|=)["']?)([^\s:"'=]+):([^\s"']+)/g,
  (m, head = '', user = '', pass = '') =>
    DIGITS.test(user) && DIGITS.test(pass)
      ? m
      : pass.startsWith(REDACTED) || pass === '***'
        ? m
        : `${head}${user}:${REDACTED}`,
);

// `-p VALUE` after registry logins, az login, sshpass, twine; `-pVALUE` after mysql; `--body VALUE`
// after `gh secret set`. The command pattern finds the start; the flag is looked for only up to the
// end of that shell command (the next newline, `|`, `;` or `&`).
const LOGIN_COMMAND = helper(
  'login-command',
  /(?<![\w-])(?:(?:docker|podman|buildah|nerdctl|oras|skopeo|crane|az|helm(?:[ \t]+registry)?|regctl[ \t]+registry)[ \t]+login|twine[ \t]+upload|sshpass)(?![\w-])/g,
);
const MYSQL_COMMAND = helper('mysql-command', /(?<![\w-])(?:mysql|mysqldump|mysqladmin|mariadb)(?![\w-])/g);
const GH_SECRET_SET = helper('gh-secret-set', /(?<![\w-])gh[ \t]+secret[ \t]+set(?![\w-])/g);
const COMMAND_REST = helper('command-rest', /[^\n|;&]*/y);
const SHORT_P_SPACED = helper('short-p-flag', /(?<=[ \t])-p(?:[ \t]+|=)(["']?)([^\s"']+)/);
const SHORT_P_ATTACHED = helper('short-p-attached', /(?<=[ \t])-p(["']?)([^\s"'-][^\s"']*)/);
const GH_BODY = helper('gh-body-flag', /(?<=[ \t])(?:--body|-b)(?:[ \t]+|=)(["']?)([^\s"']+)/);

commandFlagStep('login-password', LOGIN_COMMAND, SHORT_P_SPACED);
commandFlagStep('mysql-password', MYSQL_COMMAND, SHORT_P_ATTACHED);
commandFlagStep('gh-secret-body', GH_SECRET_SET, GH_BODY);

/** Redact group 2 of `flag` (searched in the rest of the command) after each match of `command`. */
function commandFlagStep(id: string, command: RegExp, flag: RegExp): void {
  const run = (text: string): string => {
    let out = '';
    let last = 0;
    command.lastIndex = 0;
    for (let m = command.exec(text); m; m = command.exec(text)) {
      COMMAND_REST.lastIndex = command.lastIndex;
      const rest = COMMAND_REST.exec(text)?.[0] ?? '';
      const f = flag.exec(rest);
      const value = f?.[2];
      if (f && value !== undefined && !value.startsWith(REDACTED.slice(0, -1)) && !isPlaceholder(value)) {
        const at = command.lastIndex + f.index + f[0].length - value.length;
        out += text.slice(last, at) + REDACTED;
        last = at + value.length;
      }
      command.lastIndex += Math.max(rest.length, 1);
    }
    return out + text.slice(last);
  };
  steps.push({ id, pattern: command, run });
}

// ------------------------------------------------------------------------------------------------
// Headers.

replaceStep(
  'authorization-header',
  /\b((?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate)[ \t]+)?)[^\s"',;}]+/gi,
  `$1${REDACTED}`,
);
replaceStep('bearer', /\b(bearer[ \t]+)[\w.~+/-]{16,}=*/gi, `$1${REDACTED}`);

// ------------------------------------------------------------------------------------------------
// `--flag VALUE` (space-separated long flags) and `key=value` / `key: value` pairs.

// Names whose value is always a secret (matched at the END of the name, so `TOKEN_FILE` is kept).
const STRONG_NAME = helper(
  'strong-name',
  /(?:password|passwd|passphrase|pwd|[_.-]pass|storepass|keypass|secret|token|signature|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key(?:[_-]?id)?|credentials?|(?:app|application|account|encryption|signing|master|license|client|shared[_-]?access)[_-]?key|key[_-]?base|(?:^|[_.-])auth|(?:^|[_.-])pat|dockerconfigjson)$/i,
);
// Names whose value is a secret only when it looks generated (`sig=`, `session=`, `x-api-auth=`).
const WEAK_NAME = helper('weak-name', /(?:key|auth|sig|session|cookie)$/i);
// Not secrets even though the name matches: the shell's working directory.
const NOT_SECRET_NAME = helper('not-secret-name', /^(?:old)?pwd$/i);

// `key=value` / `key: value`: a key at a word start, an optional closing quote, then `=` or `:`
// (not `://`). The value is read only after a sensitive key, so scanning stays linear.
const KEY_SEP = helper('key-separator', /(?<![\w.-])([\w.-]+)(["']?[ \t]*[:=][ \t]*)(?!\/\/)/g);
// `--long-flag VALUE`
const FLAG_SEP = helper('flag-separator', /(?<![\w-])(--?[A-Za-z][\w-]*)([ \t]+)(?=[^\s-])/g);
const VALUE = helper('value', /"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[^\s,;&"'}\])]+/y);
const BYTES_AFTER = helper('kubectl-bytes', /^[ \t]{1,20}bytes\b/);
const FLAG_SUBOPTIONS = helper('flag-suboptions', /^[a-z]+=/);
// Words that follow a flag name in messages rather than a value (`the --token flag is required`).
const PROSE_WORD = helper(
  'prose-word',
  /^(?:via|is|are|was|the|a|an|and|or|to|for|from|with|without|flag|option|argument|parameter|value|must|should|not|instead|required|missing|given|provided|set|on|in|of)$/i,
);
const PATH_HOLDING_NAME = helper('path-holding-name', /(?:key|credentials?|file)$/i);
const AWS_SECRET_NAME = helper('aws-secret-name', /secret[_-]?access[_-]?key$/i);

steps.push({ id: 'flag-value', pattern: FLAG_SEP, run: (text) => redactPairs(text, FLAG_SEP, true) });
steps.push({ id: 'key-value', pattern: KEY_SEP, run: (text) => redactPairs(text, KEY_SEP, false) });

function redactPairs(text: string, sep: RegExp, isFlag: boolean): string {
  let out = '';
  let last = 0;
  sep.lastIndex = 0;
  for (let m = sep.exec(text); m; m = sep.exec(text)) {
    const key = m[1] ?? '';
    if (NOT_SECRET_NAME.test(key) || (!STRONG_NAME.test(key) && !WEAK_NAME.test(key))) continue;
    VALUE.lastIndex = sep.lastIndex;
    const value = VALUE.exec(text)?.[0];
    if (value === undefined) continue;
    const after = sep.lastIndex + value.length;
    if (DIGITS.test(value) && BYTES_AFTER.test(text.slice(after, after + 32))) continue; // kubectl describe: `password: 16 bytes`
    const replaced = redactValue(key, value, isFlag);
    if (replaced === null) continue;
    out += text.slice(last, sep.lastIndex) + replaced;
    last = sep.lastIndex + value.length;
    sep.lastIndex = last;
  }
  return out + text.slice(last);
}

function redactValue(key: string, value: string, isFlag: boolean): string | null {
  const inner = unquote(value);
  const v = inner.text;
  if (v === '' || v.startsWith(REDACTED.slice(0, -1)) || isPlaceholder(v)) return null;
  if (isFlag && FLAG_SUBOPTIONS.test(v)) return null; // `--secret id=npmrc,src=...` (buildx)
  if (isFlag && !inner.open && PROSE_WORD.test(v)) return null; // `Using --password via the CLI is insecure`
  const strong = STRONG_NAME.test(key);
  if (strong && PATH_HOLDING_NAME.test(key) && !AWS_SECRET_NAME.test(key) && isPath(v)) return null;
  if (!strong && (!looksRandom(v, 3.5) || isWordy(v))) return null;
  return `${inner.open}${REDACTED}${inner.close}`;
}

function unquote(value: string): { open: string; text: string; close: string } {
  const q = value[0];
  if (q !== '"' && q !== "'") return { open: '', text: value, close: '' };
  const closed = value.length > 1 && value.endsWith(q);
  return { open: q, text: value.slice(1, closed ? -1 : undefined), close: closed ? q : '' };
}

// `${TOKEN}`, `${{ secrets.X }}`, `$(cat x)`, `$TOKEN`, `%TOKEN%`, `<token>`, `***`, `[MASKED]`,
// `null`, `{...}`, `***@host` (a URL whose password is already masked): references, masks or
// structure, not secrets.
const PLACEHOLDER = helper(
  'placeholder',
  /^(?:\$\{.*|\$\(.*|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%|<[^>]*>?|\*+(?:@.*)?|x{3,}|\[[A-Za-z _-]*\]?|[{[(].*|null|none|nil|true|false|undefined|-)$/i,
);
function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text);
}

const PATH = helper('path', /^(?:~|\.{1,2})?\/[\w.@+/-]*$/);
function isPath(text: string): boolean {
  return PATH.test(text) && (text.indexOf('/', 1) > 0 || FILE_EXTENSION.test(text));
}

// `node-cache-Linux-x64-npm-<hash>`: separated words, a cache key or label rather than a credential.
const WORDY = helper('wordy', /(?:^|[-_.:/])[A-Za-z]{3,}[-_.:/]/);
function isWordy(text: string): boolean {
  return WORDY.test(text);
}

// ------------------------------------------------------------------------------------------------
// Long random base64 runs (PEM body lines on their own, kubectl secret data, storage keys).
// Integrity hashes (`sha512-...`) and Go module hashes (`h1:...`, 44 chars) are kept.
replaceStep(
  'base64-blob',
  /(?<![A-Za-z0-9+/])(?<!sha(?:1|256|384|512)-)[A-Za-z0-9+/]{56,}={0,2}(?![A-Za-z0-9+/=])/g,
  (m) => (looksRandom(m, 4.5) ? REDACTED : m),
);

/** Every regex the redactor runs, in order (main step patterns, then helpers), for the ReDoS check. */
export const SECRET_PATTERNS: readonly SecretPattern[] = Object.freeze([
  ...steps.map(({ id, pattern }) => ({ id, pattern })),
  ...helpers.filter((h) => !steps.some((s) => s.pattern === h.pattern)),
]);

/** Replace credentials in `text` with `[REDACTED]`-style markers; everything else is kept as is. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const step of steps) out = step.run(out);
  return out;
}

/** Long, mixed-class and high-entropy: a generated credential rather than a word, path, version or SHA. */
export function looksRandom(text: string, minBitsPerChar: number): boolean {
  if (text.length < 16 || HEX.test(text) || text.includes('://')) return false;
  const classes = CLASSES.filter((re) => re.test(text)).length;
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
