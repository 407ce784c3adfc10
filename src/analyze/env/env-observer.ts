// Streaming half of `empty-env`: the empty-value errors of the run with their PowerShell position,
// and (from each artifact's head) which dumped `NAME: value` entries were empty or set.
import { stripLinePrefix } from '../line-prefix.ts';
import type { LineObserver, ScanLine } from '../types.ts';
import { readTraceLine, wantsLine, type TraceState } from './empty-use.ts';
import {
  debugEvaluationOf,
  dumpOf,
  emptyGuardOf,
  containerCommandVariableOf,
  credentialFlagVariableOf,
  markedVariableOf,
  requiredSubstitutionOf,
  emptyTemplateVariableOf,
  quotedReferenceOf,
  ENV_TRIGGERS,
  expandedVariableOf,
  envErrorOf,
  psCodeOf,
  psPositionOf,
  type EnvErrorEvent,
} from './env-lines.ts';

export interface Located {
  artifact: string;
  line: number;
  text: string;
}

export interface EnvErrorObs extends EnvErrorEvent, Located {
  file: string | null;
  fileLine: number | null;
  char: number | null;
  code: string | null;
  context: Located[];
  /** The one variable the command echoed just before the error expands (`$ gcloud ... $PROJECT`). */
  commandVariable?: Located & { name: string };
}

export interface EnvState {
  errors: EnvErrorObs[];
  emptyValues: (Located & { name: string })[];
  /** Names dumped with a non-empty value (an object used as a set, to stay plain JSON). */
  setValues: Record<string, true>;
  setCount: number;
  /** PowerShell position lines seen just before an error (GCE's "Exception caught in script" format). */
  pending: (Located & { file?: string; fileLine?: number; char?: number; code?: string; cmdlet?: string | null })[];
  /** The last head lines that expand exactly one shell variable (a command as echoed). */
  commands?: (Located & { name: string })[];
  /** The `secrets.X` / `vars.X` the runner's debug output is evaluating (its result line follows). */
  evaluating?: Located & { name: string };
  /** The last head lines holding a `$` (commands whose words may be a reference's template). */
  templates?: Located[];
  /** The variables PowerShell marked with `~~~~` under a code line. */
  marks?: (Located & { name: string })[];
  /** The last head line with a `$` (a code line, when the next one is PowerShell's `~~~~` marker). */
  previous?: Located;
  /** A `[ -z "$X" ] && echo 'msg'` guard just echoed: its message line, if printed next, is the error. */
  guard?: Located & { name: string; message: string };
  /** The empty-use join's step and traced command (empty-use.ts). */
  trace?: TraceState;
}

const CAP = { errors: 20, emptyValues: 200, setValues: 2000, pending: 4, commands: 4, templates: 6, marks: 4 } as const;
const TEMPLATE_REACH = 6; // lines between a command whose word built a reference and the error quoting it
const GUARD_REACH = 2; // lines between an echoed `[ -z "$X" ] && echo msg` and msg
const GUARD_CONFIDENCE = 0.8;
const COMPOSE_MISSING = 'compose-v1-missing-mandatory-value';
// `... in service "web": msg` (compose v1): the tail is the `${X:?msg}` message.
const COMPOSE_TAIL = /" ?: (?<tail>[^":]+)$/;
const COMMAND_REACH = 3; // lines between a command echoed and the error it printed
const REACH = 8; // lines between an error and its `At ...` / `+ code` lines, either side
const FOLLOW = 6;
// Node prints `TypeError [ERR_INVALID_URL]: Invalid URL`, up to 10 stack frames, then `input: '...'`.
const URL_FOLLOW = 12;

// Wordings too bare to stand alone: they count only after a command that expands one variable.
const NEEDS_EXPANSION = new Set(['docker-invalid-reference-format-bare']);

// A CLI that fell back to an interactive login: the credential flag of the command just before was empty.
const CREDENTIAL_PROMPT = new Set([
  'docker-login-non-tty',
  'netlify-login-timed-out',
  'netlify-unable-to-open-browser',
]);

// Only PowerShell prints `At file:line char:N` / `+ code` around its errors; for others a `+ ...`
// line is shell tracing, not a position.
const isPowerShell = (e: EnvErrorEvent): boolean => e.type.startsWith('powershell');

function at(line: ScanLine, maxText: number): Located {
  return { artifact: line.artifact, line: line.line, text: line.text.trim().slice(0, maxText) };
}

function near(a: Located, b: Located): boolean {
  return a.artifact === b.artifact && Math.abs(a.line - b.line) <= REACH;
}

function attach(err: EnvErrorObs, info: EnvState['pending'][number]): void {
  if (info.file !== undefined && err.file === null) {
    err.file = info.file;
    err.fileLine = info.fileLine ?? null;
    err.char = info.char ?? null;
  } else if (info.code !== undefined && err.code === null) {
    err.code = info.code;
    err.cmdlet ??= info.cmdlet ?? null;
  } else {
    return;
  }
  if (err.context.length < 4) err.context.push({ artifact: info.artifact, line: info.line, text: info.text });
}

function onPosition(s: EnvState, line: ScanLine, maxText: number): void {
  const pos = psPositionOf(line.text);
  const code = pos ? null : psCodeOf(line.text);
  if (!pos && !code) return;
  const info = { ...at(line, maxText), ...(pos ?? {}), ...(code ?? {}) };
  const err = s.errors.findLast((e) => isPowerShell(e) && near(e, info));
  if (err) attach(err, info);
  else s.pending = [...s.pending.slice(1 - CAP.pending), info];
}

function pushEmpty(s: EnvState, where: Located & { name: string }): void {
  if (s.emptyValues.length < CAP.emptyValues) s.emptyValues.push(where);
}

/** `##[debug]Evaluating: secrets.X` ... `##[debug]Result: null`: X is not set for this run. */
function onDebugEvaluation(s: EnvState, line: ScanLine, maxText: number): void {
  const ev = debugEvaluationOf(line.text, s.evaluating?.name ?? null);
  if (ev === null) return;
  if ('evaluating' in ev) {
    if (ev.evaluating === null) delete s.evaluating;
    else s.evaluating = { ...at(line, maxText), name: ev.evaluating };
    return;
  }
  if (ev.empty && s.evaluating) pushEmpty(s, s.evaluating);
  delete s.evaluating;
}

type Named = Located & { name: string };

/** The latest `$` line shortly before the error for which `read` names a variable. */
function lookBack(s: EnvState, err: EnvErrorObs, read: (text: string) => string | null): Named | null {
  for (const t of [...(s.templates ?? [])].reverse()) {
    if (t.artifact !== err.artifact || t.line >= err.line || err.line - t.line > TEMPLATE_REACH) continue;
    const name = read(t.text);
    if (name) return { ...t, name };
  }
  return null;
}

/** The command whose word, with one variable empty, became the reference an empty-tag error quotes. */
function templateOf(s: EnvState, err: EnvErrorObs): Named | null {
  if (err.image === null) return null;
  const ref = quotedReferenceOf(err.text);
  // With the reference quoted, the word it was built from; without, a docker command with one variable.
  return lookBack(s, err, (t) => (ref !== null ? emptyTemplateVariableOf(t, ref) : containerCommandVariableOf(t)));
}

/** The `${X:?msg}` a compose v1 "Missing mandatory value" is about, in its own line or a line before. */
function composeSubstitutionOf(s: EnvState, err: EnvErrorObs): Named | null {
  if (err.wording !== COMPOSE_MISSING) return null;
  const own = requiredSubstitutionOf(err.text, null);
  if (own) return { artifact: err.artifact, line: err.line, text: err.text, name: own };
  const tail = COMPOSE_TAIL.exec(err.text)?.groups?.tail?.trim() ?? null;
  return tail ? lookBack(s, err, (t) => requiredSubstitutionOf(t, tail)) : null;
}

/** `docker login -u $USER` / `netlify deploy --auth $TOKEN` just before a CLI asked for a login. */
function credentialFlagOf(s: EnvState, err: EnvErrorObs): Named | null {
  if (err.wording === null || !CREDENTIAL_PROMPT.has(err.wording)) return null;
  return lookBack(s, err, credentialFlagVariableOf);
}

/** PowerShell's `~~~~` under the code line before: the `$Variable` it marks. */
function onMarker(s: EnvState, line: ScanLine, maxText: number): void {
  const prev = s.previous;
  if (line.text.includes('$')) s.previous = { artifact: line.artifact, line: line.line, text: line.text };
  if (!prev || prev.artifact !== line.artifact || prev.line !== line.line - 1 || !line.text.includes('~')) return;
  const name = markedVariableOf(line.text, prev.text);
  if (name) s.marks = [...(s.marks ?? []).slice(1 - CAP.marks), { ...at(line, maxText), name }];
}

/** The message of a script's own `[ -z "$X" ] && echo msg` guard, printed: X was empty. */
function onGuardMessage(s: EnvState, line: ScanLine, maxText: number): void {
  const g = s.guard;
  if (!g) return;
  if (g.artifact !== line.artifact || line.line - g.line > GUARD_REACH) {
    delete s.guard;
    return;
  }
  if (line.text.trim() !== g.message && stripLinePrefix(line.text).trim() !== g.message) return;
  delete s.guard;
  const event: EnvErrorEvent = {
    type: 'shell-empty-guard',
    parameter: null,
    variable: g.name,
    cmdlet: null,
    image: null,
    command: null,
    input: null,
    wording: null,
    confidence: GUARD_CONFIDENCE,
  };
  onError(s, line, event, maxText);
  const err = s.errors.at(-1);
  if (err && err.line === line.line) err.context.push({ artifact: g.artifact, line: g.line, text: g.text });
}

function onError(s: EnvState, line: ScanLine, event: EnvErrorEvent, maxText: number): void {
  if (s.errors.length >= CAP.errors) return;
  const err: EnvErrorObs = {
    ...event,
    ...at(line, maxText),
    file: null,
    fileLine: null,
    char: null,
    code: null,
    context: [],
  };
  if (isPowerShell(err)) for (const p of s.pending) if (near(p, err) && p.line < err.line) attach(err, p);
  s.pending = [];
  const cmd =
    templateOf(s, err) ??
    credentialFlagOf(s, err) ??
    composeSubstitutionOf(s, err) ??
    s.commands?.findLast((c) => c.artifact === err.artifact && c.line < err.line && err.line - c.line <= COMMAND_REACH);
  if (cmd) err.commandVariable = cmd;
  else if (err.wording !== null && NEEDS_EXPANSION.has(err.wording)) return;
  s.errors.push(err);
}

const NO_POSITION = { file: null, fileLine: null, char: null, code: null };

/** A head or tail line to the empty-use join; an empty use it completes becomes an error of the run. */
function traceLine(s: EnvState, line: ScanLine, maxText: number): void {
  const t = (s.trace ??= {});
  if (!wantsLine(t, line)) return;
  const use = readTraceLine(t, line, maxText);
  if (!use || s.errors.length >= CAP.errors) return;
  // The tail repeats lines the head had: the same use again.
  if (s.errors.some((e) => e.artifact === use.at.artifact && e.line === use.at.line && e.type === use.event.type))
    return;
  s.errors.push({ ...use.event, ...use.at, ...NO_POSITION, context: use.evidence });
}

export function envObserver(id: string, maxText: number): LineObserver<EnvState> {
  return {
    id,
    triggers: ENV_TRIGGERS.map((text) => ({ text, ignoreCase: false })),
    init: () => ({ errors: [], emptyValues: [], setValues: {}, setCount: 0, pending: [] }),
    onLine(s, line) {
      const event = envErrorOf(line.text, line.hits);
      if (event) {
        onError(s, line, event, maxText);
        return isPowerShell(event) ? FOLLOW : 0;
      }
      if (line.followUp) onPosition(s, line, maxText);
      if (line.text.includes('[ERR_INVALID_URL]')) return URL_FOLLOW;
      return line.text.includes('Exception caught in script') ? FOLLOW : 0;
    },
    onHeadLine(s, line) {
      traceLine(s, line, maxText);
      onGuardMessage(s, line, maxText);
      onMarker(s, line, maxText);
      const hasDollar = line.text.includes('$');
      const name = hasDollar ? expandedVariableOf(line.text) : null;
      if (name) s.commands = [...(s.commands ?? []).slice(1 - CAP.commands), { ...at(line, maxText), name }];
      if (hasDollar) {
        s.templates = [...(s.templates ?? []).slice(1 - CAP.templates), at(line, maxText)];
        const guard = emptyGuardOf(line.text);
        if (guard) s.guard = { ...at(line, maxText), ...guard };
      }
      onDebugEvaluation(s, line, maxText);
      const dump = dumpOf(line.text);
      if (!dump) return;
      if (dump.value === '') {
        pushEmpty(s, { ...at(line, maxText), name: dump.name });
      } else if (s.setCount < CAP.setValues && !Object.hasOwn(s.setValues, dump.name)) {
        s.setValues[dump.name] = true;
        s.setCount++;
      }
    },
    onTailLine(s, line) {
      traceLine(s, line, maxText);
    },
    endArtifact(s) {
      s.pending = [];
      delete s.trace;
    },
  };
}
