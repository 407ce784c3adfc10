// Readers of what CI systems and shells print about a command before it runs, for empty-env's
// empty-use join (empty-use.ts). All patterns are linear (no nested quantifiers).
//
// GitHub Actions runner (actions/runner src/Runner.Worker/Handlers/ScriptHandler.cs PrintActionDetails):
//   `##[group]Run <first script line>`, every script line, `shell: <path> <args>`, then when the step
//   has an env: `env:` and `  NAME: value` per entry (an unset secret or var prints `NAME: ` with
//   nothing after it; a set secret `***`), then `##[endgroup]`. Handler.cs prints `with:` entries
//   only when non-empty, so an empty input never shows there. The raw log puts an ISO timestamp
//   (`2024-01-01T00:00:00.0000000Z `) before each line; the web view indents the group's lines.
//   A failed run step ends with `##[error]Process completed with exit code N.`. Copied from the web
//   view, the markers are gone: `Run <line>`, the group's lines indented, `Error: Process completed
//   with exit code N.`; `gh run view --log` puts `<job>\t<step>\t` before the timestamp.
// bash xtrace (`set -x`; bash print_cmd.c xtrace_print_word_list): PS4 (`+ `, one `+` per nesting
//   level) then the expanded words; an empty word prints as `''`; an unquoted empty `$X` leaves no
//   word at all (`docker login -u -p ***`), and `--flag=$X` prints `--flag=`. Jenkins' `sh` step
//   runs `sh -xe`, so its commands print the same way.
// GitLab prints `$ <command>` before expansion: its echo is the script text, not evidence of an
//   empty value (so it is not read here).
import { stripLinePrefix } from '../line-prefix.ts';

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d) /;
const GH_COLUMNS = /^[^\t]*\t[^\t]*\t(?=\d{4}-)/;
const STEP_FAILED = /^(?:##\[error\]|Error: )Process completed with exit code [1-9]/;
const ENV_ENTRY = /^([A-Za-z_][A-Za-z0-9_]*): ?(.*)$/;
const XTRACE = /^\++ (\S.*)$/;
const EMPTY_WORD = /(?:^| )''(?= |$)/;
const EMPTY_ASSIGNED_FLAG = /(?:^| )(--?[A-Za-z][\w-]*)=(?= |$)/;
// A credential that expanded to nothing inside a word: `'Authorization: Bearer '`, `https://user:@host`.
const EMPTY_CREDENTIAL = /\b(Bearer|token|Basic) '(?= |$)|:\/\/[\w.-]*(:)@/;
// In a step's printed script (the runner expands `${{ }}` before printing): `-u  -p`, `--token ""`.
const SCRIPT_EMPTY_FLAG =
  /(?:^| )(-u|-p|--username|--user|--password|--token|--auth|--api-key|--access-token|--secret)(?: ""| ''| {2}-| ?$)/;
// Flags that always take a value; one followed by another flag (or nothing) lost its value.
const VALUE_FLAG =
  /(?:^| )(-u|-p|--username|--user|--password|--token|--auth|--api-key|--access-token|--secret|--tag|--image)(?= -|$)/;
// A tool's or CI system's failure line: error words, HTTP auth statuses, usage errors, exit codes.
const FAILURE =
  /\b(?:error|fatal|denied|unauthori[sz]ed|invalid|exception|failed|failure)\b|\b40[13]\b|usage:|exit (?:code|status) [1-9]|no such|not found|required|missing/i;

function unprefixed(text: string): string {
  return text.replace(GH_COLUMNS, '').replace(TIMESTAMP, '');
}

/** The line without `gh`'s columns, the runner's timestamp and the web view's indentation (`##[...]` kept). */
export function bareOf(text: string): string {
  return unprefixed(text).trim();
}

/** Spaces before the text, after the timestamp (the env block's entries are indented under `env:`). */
export function indentOf(text: string): number {
  const t = unprefixed(text);
  return t.length - t.trimStart().length;
}

export type RunnerLine =
  | { kind: 'run'; script: string }
  | { kind: 'shell' }
  | { kind: 'env' }
  | { kind: 'end' }
  | { kind: 'error' }
  | { kind: 'group' };

export function runnerLineOf(bare: string): RunnerLine | null {
  if (bare.startsWith('##[group]Run ')) return { kind: 'run', script: bare.slice(13) };
  if (bare.startsWith('Run ')) return { kind: 'run', script: bare.slice(4) };
  if (bare.startsWith('##[group]')) return { kind: 'group' };
  if (bare.startsWith('##[endgroup]')) return { kind: 'end' };
  if (bare.startsWith('##[error]') || STEP_FAILED.test(bare)) return { kind: 'error' };
  if (bare.startsWith('shell: ')) return { kind: 'shell' };
  if (bare === 'env:') return { kind: 'env' };
  return null;
}

/** `NAME: value` of a step's env block; `empty` when nothing follows the colon. */
export function envEntryOf(bare: string): { name: string; empty: boolean } | null {
  const m = ENV_ENTRY.exec(bare);
  return m ? { name: m[1]!, empty: m[2]!.trim() === '' } : null;
}

/** Whether a step's script uses NAME: `$NAME`, `${NAME...}`, `secrets.NAME`, `vars.NAME`, `env.NAME`, `inputs.NAME`. */
export function scriptUses(script: string, name: string): boolean {
  let from = 0;
  for (;;) {
    const i = script.indexOf(name, from);
    if (i < 0) return false;
    from = i + name.length;
    const after = script.charCodeAt(from);
    if (isWordChar(after)) continue;
    const before = script.slice(Math.max(0, i - 8), i);
    if (/(?:\$|\$\{|(?:secrets|vars|env|inputs)\.)$/.test(before)) return true;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export interface TracedEmpty {
  /** The command as traced, without PS4. */
  command: string;
  /** How the empty value shows: `''`, `--flag=`, or a value flag left without its value. */
  flag: string | null;
  position: number | null;
}

/** A traced command (`+ cmd ...`) holding an empty word or a flag whose value vanished. */
export function tracedEmptyOf(text: string): TracedEmpty | 'traced' | null {
  const m = XTRACE.exec(stripLinePrefix(bareOf(text)).trim());
  if (!m) return null;
  const command = m[1]!;
  if (EMPTY_WORD.test(command)) {
    const words = command.split(' ');
    return { command, flag: null, position: words.indexOf("''") };
  }
  const flag = EMPTY_ASSIGNED_FLAG.exec(command)?.[1] ?? VALUE_FLAG.exec(command)?.[1] ?? null;
  if (flag) return { command, flag, position: null };
  const cred = EMPTY_CREDENTIAL.exec(command);
  if (!cred) return 'traced';
  // `Bearer '` names the word before the variable; a URL's empty password sits in one word.
  return cred[1]
    ? { command, flag: cred[1], position: null }
    : { command, flag: null, position: wordAt(command, cred.index) };
}

function wordAt(command: string, index: number): number {
  let n = 0;
  for (let i = 0; i < index; i++) if (command[i] === ' ') n++;
  return n;
}

/** A flag of a printed step script left without its value (an expression that evaluated to nothing). */
export function scriptEmptyFlagOf(script: string): string | null {
  for (const line of script.split('\n')) {
    const flag = SCRIPT_EMPTY_FLAG.exec(line)?.[1];
    if (flag) return flag;
  }
  return null;
}

export function isFailureLine(bare: string): boolean {
  return FAILURE.test(bare);
}

const VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * The variable of the step's script the traced empty value came from: the script line running the
 * same command, its word at the empty word's position, or the word after (or in) the flag.
 */
export function scriptVariableOf(script: string, traced: TracedEmpty): string | null {
  const words = traced.command.split(' ');
  for (const line of script.split('\n')) {
    const sw = line.trim().split(/\s+/);
    if (sw[0] !== words[0] || (words.length > 1 && sw[1] !== words[1])) continue;
    if (traced.position !== null && sw.length === words.length) {
      const name = VARIABLE.exec(sw[traced.position] ?? '')?.[1];
      if (name) return name;
    }
    if (traced.flag !== null) {
      const i = sw.findIndex((w) => w === traced.flag || w.startsWith(`${traced.flag}=`));
      const word = i < 0 ? '' : sw[i] === traced.flag ? (sw[i + 1] ?? '') : sw[i]!;
      const name = VARIABLE.exec(word)?.[1];
      if (name) return name;
    }
  }
  return null;
}
