// Streaming half of `empty-env`: the empty-value errors of the run with their PowerShell position,
// and (from each artifact's head) which dumped `NAME: value` entries were empty or set.
import type { LineObserver, ScanLine } from '../types.ts';
import {
  debugEvaluationOf,
  dumpOf,
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
}

const CAP = { errors: 20, emptyValues: 200, setValues: 2000, pending: 4, commands: 4 } as const;
const COMMAND_REACH = 3; // lines between a command echoed and the error it printed
const REACH = 8; // lines between an error and its `At ...` / `+ code` lines, either side
const FOLLOW = 6;

// Wordings too bare to stand alone: they count only after a command that expands one variable.
const NEEDS_EXPANSION = new Set(['docker-invalid-reference-format-bare']);

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
  const cmd = s.commands?.findLast(
    (c) => c.artifact === err.artifact && c.line < err.line && err.line - c.line <= COMMAND_REACH,
  );
  if (cmd) err.commandVariable = cmd;
  else if (err.wording !== null && NEEDS_EXPANSION.has(err.wording)) return;
  s.errors.push(err);
}

export function envObserver(id: string, maxText: number): LineObserver<EnvState> {
  return {
    id,
    triggers: ENV_TRIGGERS.map((text) => ({ text, ignoreCase: false })),
    init: () => ({ errors: [], emptyValues: [], setValues: {}, setCount: 0, pending: [] }),
    onLine(s, line) {
      const event = envErrorOf(line.text);
      if (event) {
        onError(s, line, event, maxText);
        return isPowerShell(event) ? FOLLOW : 0;
      }
      if (line.followUp) onPosition(s, line, maxText);
      return line.text.includes('Exception caught in script') ? FOLLOW : 0;
    },
    onHeadLine(s, line) {
      const name = line.text.includes('$') ? expandedVariableOf(line.text) : null;
      if (name) s.commands = [...(s.commands ?? []).slice(1 - CAP.commands), { ...at(line, maxText), name }];
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
    endArtifact(s) {
      s.pending = [];
    },
  };
}
