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
  'Cannot bind argument to parameter', 'Cannot validate argument on parameter', 'Exception caught in script',
  'unbound variable', 'parameter null or not set', 'no URL specified', 'missing URL', 'invalid reference format',
  'CommandException:', ' is not set', ' must be set', ' is required', 'environment variable',
];

const PS_BIND = /(?:(?<cmdlet>[A-Z][a-z]+-[A-Z][A-Za-z]+) : )?Cannot bind argument to parameter '(?<parameter>[\w-]+)' because it is (?:an empty string|null|an empty collection|an empty array)/;
const PS_VALIDATE = /(?:(?<cmdlet>[A-Z][a-z]+-[A-Z][A-Za-z]+) : )?Cannot validate argument on parameter '(?<parameter>[\w-]+)'\. The argument is null/;
const BASH_UNBOUND = /(?<variable>[A-Za-z_][A-Za-z0-9_]*): unbound variable/;
const BASH_NULL = /(?<variable>[A-Za-z_][A-Za-z0-9_]*): parameter null or not set/;
const EMPTY_URL = /curl: \([23]\) (?:no URL specified|URL using bad\/illegal format or missing URL)|wget: missing URL/;
const EMPTY_TAG = /"(?<image>[^"\s]*[:@]|)" (?:is not a valid repository\/tag|: invalid reference format)|reference "(?<ref>[^"\s]*[:@]|)": invalid reference format|invalid argument "(?<arg>[^"\s]*[:@]|)" for "(?:-t, )?--tag"/;
const GSUTIL = /CommandException: (?:Wrong number of arguments for "(?<a>\w+)" command|The (?<b>\w+) command requires at least \d+ arguments?)/;
const MISSING = [
  /\b(?<variable>[A-Z][A-Z0-9_]{2,})(?: environment variable| env var)? (?:is not set|must be set|is required|is unset)\b/,
  /\b(?:required )?environment variable "?(?<variable>[A-Z][A-Z0-9_]{2,})"? (?:is )?(?:not set|required|missing|empty)/,
  /\bmissing (?:required )?environment variable:? "?(?<variable>[A-Z][A-Z0-9_]{2,})/,
];
// "X is not set, using the default" is information, not an error.
const BENIGN = /(?:is not set|must be set|is required|is unset)[,;:]? *(?:\(?(?:using|defaulting|default|skipping|assuming|will|falling|ignor|so)|$)/i;
const ERRORISH = /error|fatal|fail|\bE\d{4}|!!!|required|must|missing/i;

const PS_POSITION = /\bAt (?<file>[A-Za-z]:\\[^:]*|[^\s:]+):(?<line>\d+) char:(?<char>\d+)/;
const PS_CODE = /(?:^|:\s)\+\s+(?<code>[^~\s][^\r\n]*)$/;
const CMDLET = /\b(?<cmdlet>[A-Z][a-z]+-[A-Z][A-Za-z]+)\b/;
const DUMP = /(?:^|: |^\+ )(?<name>[A-Z][A-Z0-9_]{2,})(?:: ?|=)(?<value>.*)$/;

export function envErrorOf(text: string): EnvErrorEvent | null {
  const none = { parameter: null, variable: null, cmdlet: null, image: null };
  let g = PS_BIND.exec(text)?.groups;
  if (g) return { ...none, type: 'powershell-binding', parameter: g.parameter!, cmdlet: g.cmdlet ?? null };
  g = PS_VALIDATE.exec(text)?.groups;
  if (g) return { ...none, type: 'powershell-validation', parameter: g.parameter!, cmdlet: g.cmdlet ?? null };
  g = BASH_UNBOUND.exec(text)?.groups;
  if (g) return { ...none, type: 'bash-unbound', variable: g.variable! };
  g = BASH_NULL.exec(text)?.groups;
  if (g) return { ...none, type: 'bash-null', variable: g.variable! };
  if (EMPTY_URL.test(text)) return { ...none, type: 'empty-url', parameter: 'URL' };
  g = EMPTY_TAG.exec(text)?.groups;
  if (g && text.includes('invalid reference format')) {
    const image = g.image ?? g.ref ?? g.arg ?? '';
    return { ...none, type: 'empty-image-tag', parameter: image === '' ? 'image' : 'tag', image };
  }
  g = GSUTIL.exec(text)?.groups;
  if (g) return { ...none, type: 'gsutil-arguments', parameter: `${g.a ?? g.b} arguments` };
  if (BENIGN.test(text) || !ERRORISH.test(text)) return null;
  for (const re of MISSING) {
    g = re.exec(text)?.groups;
    if (g) return { ...none, type: 'missing-env', variable: g.variable! };
  }
  return null;
}

export function psPositionOf(text: string): { file: string; line: number; char: number } | null {
  const g = PS_POSITION.exec(text)?.groups;
  return g ? { file: g.file!, line: Number(g.line), char: Number(g.char) } : null;
}

export function psCodeOf(text: string): { code: string; cmdlet: string | null } | null {
  const code = PS_CODE.exec(text)?.groups?.code?.trim();
  if (!code) return null;
  return { code, cmdlet: CMDLET.exec(code)?.groups?.cmdlet ?? null };
}

/** `NAME: value` (kube-env dumps) or `NAME=value` (shell env dumps); the value may be empty. */
export function dumpOf(text: string): { name: string; value: string } | null {
  const g = DUMP.exec(text)?.groups;
  return g ? { name: g.name!, value: g.value!.trim() } : null;
}
