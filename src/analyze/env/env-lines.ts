// Line readers for "a step got an empty or unset value": PowerShell parameter binding, bash unset
// and null parameters, tools called with an empty URL or tag, and "X is required / not set" errors;
// plus the PowerShell position lines (`At file:line char:N`, `+ code`) that locate them, and the
// `NAME: value` / `NAME=value` dumps that show which value was empty.

export type EnvErrorType =
  | 'powershell-binding'
  | 'powershell-validation'
  | 'bash-unbound'
  | 'bash-null'
  | 'empty-url'
  | 'empty-image-tag'
  | 'gsutil-arguments'
  | 'missing-env';

export interface EnvErrorEvent {
  type: EnvErrorType;
  parameter: string | null;
  variable: string | null;
  cmdlet: string | null;
  image: string | null;
}

export const ENV_TRIGGERS = [
  'Cannot bind argument to parameter',
  'Cannot validate argument on parameter',
  'Exception caught in script',
  'unbound variable',
  'parameter null or not set',
  'no URL specified',
  'missing URL',
  'invalid reference format',
  'CommandException:',
  ' is not set',
  ' must be set',
  ' is required',
  'missing environment variable',
  'missing required environment variable',
  'Input required and not supplied: ',
];

const PS_BIND =
  /(?:(?<cmdlet>[A-Z][a-z]+-[A-Z][A-Za-z]+) : )?Cannot bind argument to parameter '(?<parameter>[\w-]+)' because it is (?:an empty string|null|an empty collection|an empty array)/;
const PS_VALIDATE =
  /(?:(?<cmdlet>[A-Z][a-z]+-[A-Z][A-Za-z]+) : )?Cannot validate argument on parameter '(?<parameter>[\w-]+)'\. The argument is null/;
const BASH_UNBOUND = /\b(?<variable>[A-Za-z_]\w*): unbound variable/;
const BASH_NULL = /\b(?<variable>[A-Za-z_]\w*): parameter null or not set/;
const EMPTY_URL = /curl: \([23]\) (?:no URL specified|URL using bad\/illegal format or missing URL)|wget: missing URL/;
const EMPTY_TAG =
  /"(?<image>[^"\s]*[:@]|)" (?:is not a valid repository\/tag|: invalid reference format)|reference "(?<ref>[^"\s]*[:@]|)": invalid reference format|invalid argument "(?<arg>[^"\s]*[:@]|)" for "(?:-t, )?--tag"/;
const GSUTIL =
  /CommandException: (?:Wrong number of arguments for "(?<a>\w+)" command|The (?<b>\w+) command requires at least \d+ arguments?)/;
// actions/toolkit packages/core/src/core.ts getInput: `Input required and not supplied: ${name}` (a `with:`
// input, or the secret behind it, came out empty); row actions-input-required-not-supplied of the wordings.
const ACTIONS_INPUT = /Input required and not supplied: (?<input>[\w-]+)/;
const MISSING = [
  /\b(?<variable>[A-Z][A-Z0-9_]{2,})(?: environment variable| env var)? (?:is not set|must be set|is required|is unset)\b/,
  /\b(?:required )?environment variable "?(?<variable>[A-Z][A-Z0-9_]{2,})"? (?:is )?(?:not set|required|missing|empty)/,
  /\bmissing (?:required )?environment variable:? "?(?<variable>[A-Z][A-Z0-9_]{2,})/,
];
// "X is not set, using the default" is information, not an error.
const BENIGN =
  /(?:is not set|must be set|is required|is unset)[,;:]? *\(?(?:using|defaulting|default|skipping|assuming|will|falling|ignor|so)/i;
const ERRORISH = /error|fatal|fail|\bE\d{4}|!!!|required|must|missing/i;

const PS_POSITION = /\bAt (?<file>[A-Za-z]:\\[^:]*|[^\s:]+):(?<line>\d+) char:(?<char>\d+)/;
const PS_CODE_START = /^:?\s*\+\s+/;
const CMDLET = /\b(?<cmdlet>[A-Z][a-z]+-[A-Z][A-Za-z]+)\b/;
const DUMP = /(?:^|: |^\+ )(?<name>[A-Z][A-Z0-9_]{2,})(?:: ?|=)/;

/** Every regex these readers run on log lines (checked for linear time by a unit test). */
export const ENV_LINE_PATTERNS: RegExp[] = [
  PS_BIND,
  PS_VALIDATE,
  BASH_UNBOUND,
  BASH_NULL,
  EMPTY_URL,
  EMPTY_TAG,
  GSUTIL,
  ACTIONS_INPUT,
  ...MISSING,
  BENIGN,
  ERRORISH,
  PS_POSITION,
  PS_CODE_START,
  CMDLET,
  DUMP,
];

type Reader = [guard: string, read: (text: string) => EnvErrorEvent | null];
const NONE = { parameter: null, variable: null, cmdlet: null, image: null };

// Each reader runs only on lines holding its guard literal: candidate lines stay cheap even when a
// broad trigger (" is required") is common in a log.
const READERS: Reader[] = [
  [
    'Cannot bind argument',
    (t) => {
      const g = PS_BIND.exec(t)?.groups;
      return g ? { ...NONE, type: 'powershell-binding', parameter: g.parameter!, cmdlet: g.cmdlet ?? null } : null;
    },
  ],
  [
    'Cannot validate argument',
    (t) => {
      const g = PS_VALIDATE.exec(t)?.groups;
      return g ? { ...NONE, type: 'powershell-validation', parameter: g.parameter!, cmdlet: g.cmdlet ?? null } : null;
    },
  ],
  [
    ': unbound variable',
    (t) => {
      const g = BASH_UNBOUND.exec(t)?.groups;
      return g ? { ...NONE, type: 'bash-unbound', variable: g.variable! } : null;
    },
  ],
  [
    ': parameter null or not set',
    (t) => {
      const g = BASH_NULL.exec(t)?.groups;
      return g ? { ...NONE, type: 'bash-null', variable: g.variable! } : null;
    },
  ],
  [' URL', (t) => (EMPTY_URL.test(t) ? { ...NONE, type: 'empty-url', parameter: 'URL' } : null)],
  [
    'invalid reference format',
    (t) => {
      const g = EMPTY_TAG.exec(t)?.groups;
      if (!g) return null;
      const image = g.image ?? g.ref ?? g.arg ?? '';
      return { ...NONE, type: 'empty-image-tag', parameter: image === '' ? 'image' : 'tag', image };
    },
  ],
  [
    'Input required and not supplied: ',
    (t) => {
      const input = ACTIONS_INPUT.exec(t)?.groups?.input;
      return input ? { ...NONE, type: 'missing-env', parameter: input, variable: input } : null;
    },
  ],
  [
    'CommandException: ',
    (t) => {
      const g = GSUTIL.exec(t)?.groups;
      return g ? { ...NONE, type: 'gsutil-arguments', parameter: `${g.a ?? g.b} arguments` } : null;
    },
  ],
];

function missingEnvOf(text: string): EnvErrorEvent | null {
  if (BENIGN.test(text) || !ERRORISH.test(text)) return null;
  for (const re of MISSING) {
    const g = re.exec(text)?.groups;
    if (g) return { ...NONE, type: 'missing-env', variable: g.variable! };
  }
  return null;
}

export function envErrorOf(text: string): EnvErrorEvent | null {
  for (const [guard, read] of READERS) {
    const event = text.includes(guard) ? read(text) : null;
    if (event) return event;
  }
  return /[A-Z_]{3} |environment variable/.test(text) ? missingEnvOf(text) : null;
}

export function psPositionOf(text: string): { file: string; fileLine: number; char: number } | null {
  const g = PS_POSITION.exec(text)?.groups;
  return g ? { file: g.file!, fileLine: Number(g.line), char: Number(g.char) } : null;
}

/** The code line PowerShell prints under a position (`+   $x = Split-Path ...`), maybe behind a log prefix. */
export function psCodeOf(text: string): { code: string; cmdlet: string | null } | null {
  const at = text.startsWith('+') ? 0 : text.indexOf(': +');
  if (at < 0) return null;
  const code = text.slice(at).replace(PS_CODE_START, '').trim();
  if (!code || code.startsWith('~')) return null;
  return { code, cmdlet: CMDLET.exec(code)?.groups?.cmdlet ?? null };
}

/** `NAME: value` (kube-env dumps) or `NAME=value` (shell env dumps); the value may be empty. */
export function dumpOf(text: string): { name: string; value: string } | null {
  const m = DUMP.exec(text);
  return m ? { name: m.groups!.name!, value: text.slice(m.index + m[0].length).trim() } : null;
}
