// The empty-use join of empty-env: a value the CI system or the shell showed empty where the failing
// command used it, when the tool itself printed no "X is empty" (it failed downstream: a 401, an
// `invalid reference format`, a usage error). Two sources (formats in trace-lines.ts):
// - a GitHub Actions run step whose env block printed `NAME: ` and whose script uses NAME, and which
//   failed (`##[error]` before the next step);
// - a `set -x` traced command with an empty word or a flag that lost its value, followed within a
//   few lines (before the next traced command) by a failure line.
// Lines come from each artifact's head and tail (where a failure usually is), read only when they
// hold a literal of these formats (`+ `, `Run `, `##[`) or fall in a step's header block or a traced
// command's reach. No scanner literal: `##[group]Run ` as a trigger slowed the whole scan 3x (bench
// generator haystack, 156 -> 48 MB/s). The state is one step and one command.
import type { ScanLine } from '../types.ts';
import type { EnvErrorEvent } from './env-lines.ts';
import {
  bareOf,
  envEntryOf,
  indentOf,
  isFailureLine,
  runnerLineOf,
  scriptEmptyFlagOf,
  scriptUses,
  scriptVariableOf,
  tracedEmptyOf,
  type RunnerLine,
  type TracedEmpty,
} from './trace-lines.ts';

interface Located {
  artifact: string;
  line: number;
  text: string;
}

export interface TraceStep {
  header: Located;
  phase: 'script' | 'env' | 'out';
  /** The block ended with no empty value its script uses: the step can give nothing. */
  inert?: boolean;
  /** `shell:` was printed: the script lines are over. */
  shell?: boolean;
  /** Indentation of the `env:` line: its entries are deeper (the web view has no `##[endgroup]`). */
  envIndent?: number;
  script: string;
  empties: (Located & { name: string })[];
  /** The first failure line of the step's output. */
  failure?: Located;
}

export interface TraceCommand extends TracedEmpty {
  at: Located;
  name: string | null;
}

export interface TraceState {
  step?: TraceStep;
  command?: TraceCommand;
  /** The last line seen: lines must follow on, else the join starts afresh. */
  seenLine?: number;
  seenArtifact?: string;
}

export interface EmptyUse {
  event: EnvErrorEvent;
  evidence: Located[];
  at: Located;
}

const BLOCK_FOLLOW = 80; // lines of a `Run` group read after its header (script, shell, env)
const SCRIPT_CAP = 4000; // characters of a step's script kept
const EMPTIES_CAP = 8;
const COMMAND_REACH = 6; // lines between a traced command and the failure line it printed
// Below a tool's own "X is empty" message (wordings: 0.45-0.9): the join shows the value was empty
// where it was used, not that the emptiness is what failed.
const STEP_CONFIDENCE = 0.6;
const TRACE_CONFIDENCE = 0.55;

function event(type: string, variable: string | null, parameter: string | null, confidence: number): EnvErrorEvent {
  return {
    type,
    parameter,
    variable,
    cmdlet: null,
    image: null,
    command: null,
    input: null,
    wording: null,
    confidence,
  };
}

/**
 * The failed step's empty env entry its script uses, with the env line and the failure line; else a
 * flag of its printed script left without a value (`${{ secrets.X }}` evaluated to nothing).
 */
function stepUse(step: TraceStep, failure: Located): EmptyUse | null {
  const at = step.failure ?? failure;
  const used = step.empties.find((e) => scriptUses(step.script, e.name));
  if (used) {
    return { event: event('runner-env-empty', used.name, null, STEP_CONFIDENCE), evidence: [step.header, used], at };
  }
  const flag = scriptEmptyFlagOf(step.script);
  if (!flag) return null;
  return { event: event('runner-script-empty-flag', null, flag, TRACE_CONFIDENCE), evidence: [step.header], at };
}

function commandUse(cmd: TraceCommand, failure: Located): EmptyUse {
  const parameter = cmd.name ? null : cmd.flag;
  return {
    event: event('xtrace-empty-word', cmd.name, parameter, TRACE_CONFIDENCE),
    evidence: [cmd.at],
    at: failure,
  };
}

/** The header block of a step: script lines, `shell:`, `env:` and its entries. False once it ended. */
function onHeaderLine(step: TraceStep, line: ScanLine, r: RunnerLine | null, bare: string, where: Located): boolean {
  if (r?.kind === 'end') return false;
  if (step.phase === 'script' && !step.shell) {
    if (r?.kind === 'shell') step.shell = true;
    else if (where.line - step.header.line <= BLOCK_FOLLOW && step.script.length < SCRIPT_CAP)
      step.script += `\n${bare}`;
    return true;
  }
  if (step.phase === 'script' && r?.kind === 'env') {
    step.phase = 'env';
    step.envIndent = indentOf(line.text);
    return true;
  }
  // The web view has no `##[endgroup]`: the output follows `shell:` or the env block's last entry.
  if (step.phase !== 'env' || indentOf(line.text) <= (step.envIndent ?? 0)) return false;
  const entry = envEntryOf(bare);
  if (entry?.empty && step.empties.length < EMPTIES_CAP) step.empties.push({ ...where, name: entry.name });
  return true;
}

function onRunnerLine(t: TraceState, line: ScanLine, bare: string, where: Located): EmptyUse | null | number {
  const r = runnerLineOf(bare);
  const step = t.step;
  if (r?.kind === 'run') {
    t.step = { header: where, phase: 'script', script: r.script, empties: [] };
    delete t.command;
    return BLOCK_FOLLOW;
  }
  if (!step) return null;
  if (r?.kind === 'group') {
    delete t.step;
    return null;
  }
  if (step.phase !== 'out') {
    const over = where.line - step.header.line > BLOCK_FOLLOW;
    if (!over && onHeaderLine(step, line, r, bare, where)) return null;
    step.phase = 'out';
    // A step with no empty value its script uses can give nothing: its script only names traced values.
    step.inert = stepUse(step, where) === null;
    if (r?.kind === 'end' || step.inert) return null;
  }
  if (step.inert) return null;
  if (r?.kind === 'error') {
    delete t.step;
    return stepUse(step, where);
  }
  if (!step.failure && isFailureLine(bare)) step.failure = where;
  return null;
}

function onTracedLine(t: TraceState, line: ScanLine, where: Located): EmptyUse | null | number {
  const traced = tracedEmptyOf(line.text);
  if (traced === 'traced') {
    delete t.command; // the next command started: the one before did not fail
    return null;
  }
  if (traced) {
    const name = t.step ? scriptVariableOf(t.step.script, traced) : null;
    t.command = { ...traced, at: where, name };
    return COMMAND_REACH;
  }
  const cmd = t.command;
  if (!cmd) return null;
  if (cmd.at.artifact !== where.artifact || where.line - cmd.at.line > COMMAND_REACH) {
    delete t.command;
    return null;
  }
  if (!isFailureLine(bareOf(line.text))) return null;
  delete t.command;
  return commandUse(cmd, where);
}

/**
 * Whether the join reads this head or tail line: one holding a literal of its formats, or inside a
 * step's header block, a step's output up to its failure, or a traced command's reach. Every line
 * passes here in order; a jump (the tail after the whole artifact, or past the head) starts afresh.
 */
export function wantsLine(t: TraceState, line: ScanLine): boolean {
  const jump = t.seenLine !== undefined && (t.seenArtifact !== line.artifact || t.seenLine + 1 !== line.line);
  t.seenLine = line.line; // scalars, not an object: this runs on every head and tail line
  t.seenArtifact = line.artifact;
  if (jump) {
    delete t.step;
    delete t.command;
  }
  const text = line.text;
  if (text.includes('+ ') || text.includes('Run ') || text.includes('##[') || t.command) return true;
  const step = t.step;
  if (step === undefined) return false;
  if (step.phase !== 'out') return line.line - step.header.line <= BLOCK_FOLLOW;
  if (step.inert) return false;
  return step.failure === undefined || text.includes('Process completed'); // the web view's `Error: ...`
}

/**
 * One line routed to the join: returns the empty use it completes, or how many follow-up lines it
 * wants (a step's header block, a traced command's output).
 */
function onTraceLine(t: TraceState, line: ScanLine, maxText: number): EmptyUse | number {
  const bare = bareOf(line.text);
  const where: Located = { artifact: line.artifact, line: line.line, text: line.text.trim().slice(0, maxText) };
  if (t.step && t.step.header.artifact !== line.artifact) delete t.step;
  const traced = onTracedLine(t, line, where);
  if (traced !== null && typeof traced !== 'number') return traced;
  const runner = onRunnerLine(t, line, bare, where);
  if (runner !== null && typeof runner !== 'number') return runner;
  return Math.max(typeof traced === 'number' ? traced : 0, typeof runner === 'number' ? runner : 0);
}

/** One line the join reads (wantsLine said so): the empty use it completes, if any. */
export function readTraceLine(t: TraceState, line: ScanLine, maxText: number): EmptyUse | null {
  const use = onTraceLine(t, line, maxText);
  return typeof use === 'number' ? null : use;
}
