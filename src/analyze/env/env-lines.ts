// Line readers for "a step got an empty or unset value": PowerShell parameter binding, bash unset
// and null parameters, tools called with an empty URL or tag, and "X is required / not set" errors;
// plus the PowerShell position lines (`At file:line char:N`, `+ code`) that locate them, and the
// `NAME: value` / `NAME=value` dumps that show which value was empty. The wordings are the rows of
// wordings/empty-env.yaml; what stays here is the reading around them.
import { stripLinePrefix } from '../line-prefix.ts';
import {
  gateWordings,
  type ImpliedName,
  matchWording,
  minimalTriggers,
  triggersOf,
  wordingsOf,
} from '../wordings/load-wordings.ts';

/** The kinds of empty-value error; table wordings outside these families use their row id. */
export type EnvErrorType =
  | 'powershell-binding'
  | 'powershell-validation'
  | 'bash-unbound'
  | 'bash-null'
  | 'empty-url'
  | 'empty-image-tag'
  | 'gsutil-arguments'
  | 'missing-env'
  | (string & {});

export interface EnvErrorEvent {
  type: EnvErrorType;
  parameter: string | null;
  variable: string | null;
  cmdlet: string | null;
  image: string | null;
  /** The tool or command the message names (gcloud, gsutil, a cobra command), when not a cmdlet. */
  command: string | null;
  /** The action input the message names (`github_token`), when the secret behind it is not named. */
  input: string | null;
  /** Row of wordings/empty-env.yaml that matched; null for the generic "X is not set" reading. */
  wording: string | null;
  confidence: number;
  /** The variable the matched row's tool reads, for when neither the line nor a join names one. */
  implied?: ImpliedName;
}

const ENV_WORDINGS = wordingsOf('empty-env');
// wordings/empty-env-generic.yaml: how scripts and small libraries say "X is not set". Tried only
// when no tool's row and no built-in reading explains the line, and refused on GENERIC_REFUSE lines.
const GENERIC_FILE = 'wordings/empty-env-generic.yaml';
const TOOL_WORDINGS = ENV_WORDINGS.filter((w) => w.file !== GENERIC_FILE);
const GENERIC_WORDINGS = ENV_WORDINGS.filter((w) => w.file === GENERIC_FILE);

export const ENV_TRIGGERS = minimalTriggers([
  ...triggersOf(ENV_WORDINGS),
  ...[
    'Exception caught in script',
    ' is not set',
    ' must be set',
    ' is required',
    'missing environment variable',
    'missing required environment variable',
    // `${X:?Required ...}` custom messages (bash-custom-question-mark-message has no literal of its own).
    ': Required ',
    // Node's error line; its `input: '...'` (node-invalid-url-input-empty) follows the stack.
    '[ERR_INVALID_URL]',
  ].map((text) => ({ text, ignoreCase: false })),
]).map((t) => t.text);

// Extra fact for the empty-tag wordings: the reference with nothing after its `:` (docker/buildx quote it).
const EMPTY_TAG =
  /"(?<image>[^"\s]*[:@]|)" (?:is not a valid repository\/tag|: invalid reference format)|reference "(?<ref>[^"\s]*[:@]|)": invalid reference format|invalid (?:argument|tag) "(?<arg>[^"\s]*[:@]|)"/;
// A generic reading, not one tool's wording: "X is not set / must be set / is required" in an error.
const MISSING = [
  /\b(?<variable>[A-Z][A-Z0-9_]{2,})(?: environment variable| env var)? (?:is not set|must be set|is required|is unset)\b/,
  /\b(?:required )?environment variable "?(?<variable>[A-Z][A-Z0-9_]{2,})"? (?:is )?(?:not set|required|missing|empty)/,
  /\bmissing (?:required )?environment variable:? "?(?<variable>[A-Z][A-Z0-9_]{2,})/,
];
// "X is not set, using the default" is information, not an error.
const BENIGN =
  /(?:is not set|must be set|is required|is unset)[,;:]? *\(?(?:using|defaulting|default|skipping|assuming|will|falling|ignor|so)/i;
// "must be set to production" / "is not set to X" names a wrong value (env-wrong-value), "is not set
// up" something else; "must be set to a non-empty value" is still about an empty one.
const WRONG_VALUE = /\bbe set to\b|\bis not set to\b|\bnot set up\b/;
const NON_EMPTY = /\bset to a non-?(?:empty|blank)\b/;
const ERRORISH = /error|fatal|fail|\bE\d{4}|!!!|required|must|missing/i;
const MISSING_CONFIDENCE = 0.65;
// A generic wording is not evidence on a line a warning or notice marks, that says the run goes on
// (`..., using the default`, `. Skipping upload`), or that is a code error about an identifier.
const GENERIC_REFUSE =
  /^\W{0,4}(?:warn(?:ing)?|notice|note|info|hint|debug)\b|##\[(?:warning|notice|debug)\]|::(?:warning|notice|debug)\b|\bwarn(?:ing)?\b|ReferenceError|NameError|(?:set|unset|defined|required|empty|missing|provided|found|configured)[.,;:!]? *(?:[(-] *)?(?:using|defaulting|default|skipping|skipped|skip|assuming|will\b|falling|fall back|ignor|continuing|proceeding|not required|optional|nothing to)/i;

const PS_POSITION = /\bAt (?<file>[A-Za-z]:\\[^:]*|[^\s:]+):(?<line>\d+) char:(?<char>\d+)/;
const PS_CODE_START = /^:?\s*\+\s+/;
const CMDLET = /\b(?<cmdlet>[A-Z][a-z]+-[A-Z][A-Za-z]+)\b/;
// Also indented, as GitHub Actions prints a step's `env:` block under its `Run` line.
const DUMP = /(?:^ *|: |^\+ )(?<name>[A-Z][A-Z0-9_]{2,})(?:: ?|=)/;
// A shell expansion `$NAME` / `${NAME}` (not `${{ expr }}`, `$(cmd)`, `$1`).
const EXPANSION = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
// A command as CI systems echo it before running it: `$ cmd` (GitLab, CircleCI, Travis), `+ cmd`
// (set -x), `Step 3/9 : RUN cmd` (docker build), `#5 [2/3] RUN cmd` (BuildKit), `Run cmd` (Actions).
const COMMAND_ECHO = /^\s*(?:\$ |\++ |> |Step \d+\/\d+ : |#\d+ \[[^\]]*\] |Run |Running: |\[command\])/;

// GitHub Actions runner debug output (ACTIONS_STEP_DEBUG): `##[debug]Evaluating: secrets.NAME`, then
// the evaluation tree, then `##[debug]Result: null` when no such secret / variable exists.
const DEBUG_EVALUATING = /^##\[debug\]Evaluating: (?:secrets|vars|env)\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*$/;
const DEBUG_OTHER = /^##\[debug\]Evaluating: /;
const DEBUG_RESULT = /^##\[debug\]Result: (?<value>null|''|.+)$/;
// The reference a docker/buildx error quotes (`invalid argument "X" for "-t, --tag"`, `invalid tag "X"`).
const QUOTED_REF = /(?:invalid (?:argument|tag)|Error parsing reference:|reference) "(?<ref>[^"\s]*)"/;
// A shell test in an echoed command: its expansions are conditions, not arguments (`if [[ "$OS" == osx ]]`).
const SHELL_TEST = /\[\[? [^\][]*\]\]?/g;
// `[ -z "$X" ] && echo 'msg'` / `[ -n "$X" ] || echo "msg"`: a script's own guard against an empty X.
const EMPTY_GUARD =
  /\[\[? (?:-z "?\$\{?(?<z>[A-Za-z_][A-Za-z0-9_]*)\}?"? \]\]? &&|-n "?\$\{?(?<n>[A-Za-z_][A-Za-z0-9_]*)\}?"? \]\]? \|\|) \{? ?(?:echo|printf) (?:-e )?(?:'(?<sq>[^']+)'|"(?<dq>[^"$]+)")/;
// A credential flag given a variable: `-u $USER`, `--auth "$NETLIFY_AUTH_TOKEN"`, `--token=${TOKEN}`.
const CREDENTIAL_FLAG =
  /(?:^|\s)(?:-u|-p|--username|--password|--auth|--token|--key|--api-key)[= ]"?\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)/;
// PowerShell's marker under the failing argument: `+   ~~~~` (5.1) or `|   ~~~~` (7 ConciseView).
const PS_UNDERLINE = /[+|] +~+\s*$/;
const VARIABLE_AT = /^\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)/;
// `${X:?msg}` / `${X?msg}` in a compose file or its interpolated value (compose v1 prints it).
const REQUIRED_SUBST = /\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*):?\?(?<msg>[^}$]*)\}/g;
// One `$NAME` / `${NAME}` / `${NAME<op>...}` in a word of a command (the template of a reference).
const TEMPLATE_VAR = /\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:[#%:/][^}$]*)?\}|(?<bare>[A-Za-z_][A-Za-z0-9_]*))/g;

// A container CLI invocation, echoed or printed bare (CircleCI steps, systemd units, Makefiles).
const CONTAINER_CLI = /(?:^|[\s/])(?:docker|podman|buildah|nerdctl)\s/;

/** Every regex these readers run on log lines (checked for linear time by a unit test). */
export const ENV_LINE_PATTERNS: RegExp[] = [
  EMPTY_TAG,
  ...MISSING,
  BENIGN,
  WRONG_VALUE,
  NON_EMPTY,
  ERRORISH,
  GENERIC_REFUSE,
  PS_POSITION,
  PS_CODE_START,
  CMDLET,
  DUMP,
  EXPANSION,
  COMMAND_ECHO,
  DEBUG_EVALUATING,
  DEBUG_OTHER,
  DEBUG_RESULT,
  QUOTED_REF,
  SHELL_TEST,
  EMPTY_GUARD,
  TEMPLATE_VAR,
  CREDENTIAL_FLAG,
  CONTAINER_CLI,
  PS_UNDERLINE,
  VARIABLE_AT,
  REQUIRED_SUBST,
];

const NONE = { parameter: null, variable: null, cmdlet: null, image: null, command: null, input: null };
const EMPTY_IMAGE_TAG = new Set([
  'docker-build-tag-flag-invalid-reference',
  'buildx-invalid-tag-empty-part',
  'docker-run-invalid-reference-format',
  'docker-error-parsing-reference-empty',
  'kubelet-apply-default-image-tag-empty-part',
]);

/** The error family of a wording (the types earlier releases reported), else the row id. */
function typeOf(id: string): EnvErrorType {
  if (id.startsWith('pwsh-bind-')) return 'powershell-binding';
  if (id.startsWith('pwsh-validate-')) return 'powershell-validation';
  if (id.startsWith('pwsh-')) return `powershell-${id.slice('pwsh-'.length)}`;
  if (id === 'bash-unbound-variable') return 'bash-unbound';
  if (id === 'bash-parameter-null-or-not-set') return 'bash-null';
  if (id.startsWith('curl-') || id.startsWith('wget-')) return 'empty-url';
  if (EMPTY_IMAGE_TAG.has(id)) return 'empty-image-tag';
  if (id.startsWith('gsutil-')) return 'gsutil-arguments';
  return id;
}

function eventOf(id: string, confidence: number, f: Record<string, string>, text: string): EnvErrorEvent {
  const type = typeOf(id);
  const e: EnvErrorEvent = {
    ...NONE,
    type,
    variable: f.variable ?? null,
    parameter: f.parameter ?? null,
    input: f.input ?? null,
    wording: id,
    confidence,
  };
  if (type.startsWith('powershell')) e.cmdlet = f.command ?? null;
  else e.command = f.command ?? null;
  if (type === 'empty-url') e.parameter ??= 'URL';
  if (type === 'gsutil-arguments') e.parameter ??= `${f.command ?? 'gsutil'} arguments`;
  if (type === 'empty-image-tag') {
    const g = EMPTY_TAG.exec(text)?.groups;
    const image = f.image ?? g?.image ?? g?.ref ?? g?.arg ?? '';
    e.image = image;
    e.parameter ??= image === '' ? 'image' : 'tag';
  }
  return e;
}

function missingEnvOf(text: string): EnvErrorEvent | null {
  if (BENIGN.test(text) || !ERRORISH.test(text)) return null;
  if (WRONG_VALUE.test(text) && !NON_EMPTY.test(text)) return null;
  for (const re of MISSING) {
    const m = re.exec(text);
    if (!m) continue;
    const name = m.groups!.variable!;
    // argparse-style `argument VALUE is required` names a positional's metavar, not a variable.
    const metavar = text.slice(0, m.index).endsWith('argument ');
    return {
      ...NONE,
      type: 'missing-env',
      variable: metavar ? null : name,
      parameter: metavar ? name : null,
      wording: null,
      confidence: MISSING_CONFIDENCE,
    };
  }
  return null;
}

// Only the rows a line's prefilter hits can set off (a line with 'environment variable' in it, common
// in real logs, tries the few rows anchored there, not all of them).
const TOOL_GATE = gateWordings(TOOL_WORDINGS, ENV_TRIGGERS);
const GENERIC_GATE = gateWordings(GENERIC_WORDINGS, ENV_TRIGGERS);

/** `hits`: the ENV_TRIGGERS the scanner found on the line (ScanLine.hits); unset: try every row. */
export function envErrorOf(text: string, hits?: readonly string[]): EnvErrorEvent | null {
  const line = stripLinePrefix(text).trimStart();
  const tool = TOOL_GATE(hits);
  const m = tool.length > 0 ? matchWording(tool, line) : null;
  if (m) {
    const e = eventOf(m.wording.id, m.wording.confidence, m.facts, line);
    if (m.wording.implies) e.implied = m.wording.implies;
    return e;
  }
  const missing = /[A-Z_]{3} |environment variable/.test(line) ? missingEnvOf(line) : null;
  if (missing) return missing;
  const generic = GENERIC_GATE(hits);
  const g = generic.length > 0 ? matchWording(generic, line) : null;
  // The raw text too: the prefix stripped may be the `::warning::` / `##[warning]` that refuses it.
  if (!g || GENERIC_REFUSE.test(line) || GENERIC_REFUSE.test(text)) return null;
  return eventOf(g.wording.id, g.wording.confidence, g.facts, line);
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

export type DebugEvaluation = { evaluating: string | null } | { name: string; empty: boolean } | null;

/**
 * One line of the runner's expression debug output: the start of a top-level `secrets.X` / `vars.X`
 * / `env.X` evaluation (or of another one: `evaluating: null`), or its result (null or '' = empty).
 */
export function debugEvaluationOf(text: string, pending: string | null): DebugEvaluation {
  if (!text.includes('##[debug]')) return null;
  const line = text.slice(text.indexOf('##[debug]'));
  const start = DEBUG_EVALUATING.exec(line);
  if (start) return { evaluating: start.groups!.name! };
  if (DEBUG_OTHER.test(line)) return { evaluating: null };
  if (pending === null) return null;
  const result = DEBUG_RESULT.exec(line);
  if (!result) return null;
  const value = result.groups!.value!;
  return { name: pending, empty: value === 'null' || value === "''" };
}

/** The reference a docker / buildx empty-tag error quotes, as printed. */
export function quotedReferenceOf(text: string): string | null {
  return QUOTED_REF.exec(text)?.groups?.ref ?? null;
}

/**
 * The variable PowerShell marked: `underline` is its `~~~~` line, `code` the code line above it
 * (both as logged, so a log prefix shifts both alike); the `$Name` that starts at the marker.
 */
export function markedVariableOf(underline: string, code: string): string | null {
  if (!underline.includes('~') || !PS_UNDERLINE.test(underline)) return null;
  return VARIABLE_AT.exec(code.slice(underline.indexOf('~')))?.groups?.name ?? null;
}

/**
 * Which `${X:?msg}` a compose v1 "Missing mandatory value" names: the one in the interpolated value
 * when it holds one only, else the one (in `text`, a compose file line the log printed) whose msg is
 * the error's tail (`...in service "web": msg`).
 */
export function requiredSubstitutionOf(text: string, errorTail: string | null): string | null {
  const found = [...text.matchAll(REQUIRED_SUBST)];
  if (errorTail === null) return found.length === 1 ? found[0]!.groups!.name! : null;
  const same = found.filter((m) => m.groups!.msg!.trim() === errorTail);
  return same.length === 1 ? same[0]!.groups!.name! : null;
}

/** The variable a command passes to its first credential flag (`-u $DOCKER_USERNAME`). */
export function credentialFlagVariableOf(text: string): string | null {
  return CREDENTIAL_FLAG.exec(text)?.groups?.name ?? null;
}

/** A script's guard `[ -z "$X" ] && echo 'msg'` on an echoed command line: X and the message it prints. */
export function emptyGuardOf(text: string): { name: string; message: string } | null {
  if (!text.includes(' -z ') && !text.includes(' -n ')) return null;
  const g = EMPTY_GUARD.exec(text)?.groups;
  if (!g) return null;
  const message = (g.sq ?? g.dq ?? '').trim();
  return message ? { name: (g.z ?? g.n)!, message } : null;
}

/**
 * The variable that was empty where a command's word became `ref`: the word is read as literals
 * and `$VARS` (`$ORG/$NAME:local`), matched against the reference left to right, and the first
 * variable that matched nothing is the one. Null when no word of the line fits the reference.
 */
export function emptyTemplateVariableOf(text: string, ref: string): string | null {
  for (const raw of text.split(/\s+/)) {
    if (!raw.includes('$')) continue;
    const word = raw.replace(/^["']|["']$/g, '');
    const found = emptyInTemplate(word, ref);
    if (found) return found;
  }
  return null;
}

function emptyInTemplate(word: string, ref: string): string | null {
  const names: string[] = [];
  const literals: string[] = [];
  let last = 0;
  for (const m of word.matchAll(TEMPLATE_VAR)) {
    literals.push(word.slice(last, m.index));
    names.push((m.groups!.braced ?? m.groups!.bare)!);
    last = m.index + m[0].length;
  }
  literals.push(word.slice(last));
  if (names.length === 0 || literals.slice(1, -1).some((l) => l === '')) return null;
  const head = literals[0]!;
  const tail = literals.at(-1)!;
  if (!ref.startsWith(head) || !ref.endsWith(tail) || head.length + tail.length > ref.length) return null;
  let at = head.length;
  const end = ref.length - tail.length;
  for (let i = 0; i < names.length; i++) {
    const next = i + 1 < names.length ? ref.indexOf(literals[i + 1]!, at) : end;
    if (next < 0 || next > end) return null;
    if (next === at) return names[i]!;
    at = next + (i + 1 < names.length ? literals[i + 1]!.length : 0);
  }
  return null;
}

/** The one shell variable an echoed command line expands (none when it expands none or several). */
export function expandedVariableOf(text: string): string | null {
  const line = stripLinePrefix(text);
  return COMMAND_ECHO.test(line) ? singleExpansionOf(line) : null;
}

/** The one variable a `docker ...` command line expands, echoed or not (none when none or several). */
export function containerCommandVariableOf(text: string): string | null {
  return CONTAINER_CLI.test(text) ? singleExpansionOf(stripLinePrefix(text)) : null;
}

/** The one shell variable a command line expands outside its `[ ... ]` tests (none when none or several). */
function singleExpansionOf(text: string): string | null {
  const line = text.replace(SHELL_TEST, ' ');
  let name: string | null = null;
  for (const m of line.matchAll(EXPANSION)) {
    if (name !== null && m[1] !== name) return null;
    name = m[1]!;
  }
  return name;
}
