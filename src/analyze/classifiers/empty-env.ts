// empty-env: a step failed because a variable or parameter was empty or unset (PowerShell binding,
// bash unset/null, empty URL or tag, "X is required"). The finding exists only when such an error is
// in this run's logs; the baseline then explains it: which variables vanished from the job's env,
// which preset labels stayed, and which lines the baseline printed that this run did not.
import type { EmptyEnvFacts, Finding } from '../../types.ts';
import { danglingLabels } from '../baseline/dangling-labels.ts';
import { diffEnv, vanishedOf, type EnvChange } from '../baseline/env-diff.ts';
import { vanishedLines } from '../baseline/vanished-lines.ts';
import type { Classifier, ClassifyInput } from '../classifier.ts';
import { envObserver, type EnvErrorObs, type EnvState, type Located } from '../env/env-observer.ts';
import { linkEmptyValue } from '../env/link-empty-value.ts';
import { fingerprintOf } from '../normalise.ts';
import type { ImpliedName } from '../wordings/load-wordings.ts';

const ID = 'empty-env';
const MAX_EVIDENCE = 8;
const MAX_VANISHED_LINES = 6;
const NODE_LOG =
  /(?:^|\/)artifacts\/([^/]+)\/(?:serial-\d+|kubelet|kube-proxy|startupscript|containerd|docker|kern|cloud-init[\w-]*|journal)\.log$/;

/** The most confident wording's error (the first of them in the log); its repeats are counted. */
function primaryError(errors: EnvErrorObs[]): { first: EnvErrorObs; count: number } {
  const sorted = [...errors].sort((a, b) => b.confidence - a.confidence || a.line - b.line);
  const first = sorted[0]!;
  const same = (e: EnvErrorObs): boolean =>
    e.type === first.type && e.parameter === first.parameter && e.variable === first.variable && e.file === first.file;
  return { first, count: errors.filter(same).length };
}

const COMPANION_REACH = 12; // lines between two messages of one failure (a traceback, Terraform's box)

/**
 * The nearest other error of the same failure that names the variable the primary one does not:
 * Python's `os.py ... in __getitem__` frame is followed by `KeyError: 'X'`, Terraform's "No value for
 * required variable" by `The root module input variable "X" is not set`.
 */
function companionOf(first: EnvErrorObs, errors: EnvErrorObs[]): EnvErrorObs | null {
  let best: EnvErrorObs | null = null;
  for (const e of errors) {
    if (e === first || e.variable === null || e.artifact !== first.artifact) continue;
    const d = Math.abs(e.line - first.line);
    if (d > COMPANION_REACH) continue;
    if (!best || d < Math.abs(best.line - first.line)) best = e;
  }
  return best;
}

const MARK_REACH = 8; // lines between a PowerShell error and the `~~~~` marker of its code line

/** The `$Variable` PowerShell marked under the failing code line of this error. */
function markedNear(first: EnvErrorObs, state: EnvState): (Located & { name: string }) | null {
  if (!first.type.startsWith('powershell') || !state.marks) return null;
  let best: (Located & { name: string }) | null = null;
  for (const m of state.marks) {
    if (m.artifact !== first.artifact || Math.abs(m.line - first.line) > MARK_REACH) continue;
    if (!best || Math.abs(m.line - first.line) < Math.abs(best.line - first.line)) best = m;
  }
  return best;
}

function baselineFacts(
  input: ClassifyInput<EnvState>,
  about: string[],
): { changes: EnvChange[]; labels: string[]; lines: string[] } {
  const { current, baseline } = input;
  if (!baseline) return { changes: [], labels: [], lines: [] };
  const changes = diffEnv(current, baseline);
  const vanished = vanishedOf(changes);
  const topic = [...about, ...vanished.map((c) => `${c.name} ${c.before ?? ''}`)];
  return {
    changes,
    labels: danglingLabels(current.info, baseline.info, vanished),
    lines: vanishedLines(current, baseline, topic, MAX_VANISHED_LINES).map((d) => d.text),
  };
}

/** The row's source in short: its first URL, else the file it names (the words before a parenthesis). */
function sourceRef(source: string): string {
  return /https?:\/\/[^\s,;()]+/.exec(source)?.[0] ?? source.split(' (')[0]!;
}

function summaryOf(
  err: EnvErrorObs,
  variable: string | null,
  node: string | null,
  vanished: EnvChange[],
  implied: ImpliedName | null,
): string {
  const what = err.parameter
    ? `parameter '${err.parameter}'${err.cmdlet ? ` of ${err.cmdlet}` : ''}`
    : err.variable
      ? `variable ${err.variable}`
      : `a value${err.command ? ` of ${err.command}` : ''}`;
  let s = `A step failed because ${what} was empty or unset`;
  if (err.file) s += ` (${err.file}:${err.fileLine} char ${err.char})`;
  if (node) s += ` on ${node}`;
  if (implied) {
    const what = implied.kind === 'input' ? `input ${implied.name}` : implied.name;
    s += `; the log names no variable, but ${implied.reader} reads ${what} (${sourceRef(implied.source)}), so it was likely empty`;
  } else if (variable && variable !== err.variable) s += `; ${variable} was empty there`;
  if (vanished.length > 0) s += `; since the baseline the job lost ${vanished.map((c) => c.name).join(', ')}`;
  return `${s}.`;
}

function evidenceOf(lines: Located[]): Finding['evidence'] {
  const seen = new Set<string>();
  return lines
    .filter((l) => !seen.has(`${l.artifact}:${l.line}`) && seen.add(`${l.artifact}:${l.line}`))
    .sort((a, b) => a.artifact.localeCompare(b.artifact) || a.line - b.line)
    .slice(0, MAX_EVIDENCE)
    .map((l) => ({ artifact: l.artifact, line: l.line, text: l.text }));
}

function classify(input: ClassifyInput<EnvState>): Finding[] {
  const { state, current } = input;
  if (current.info.result === 'SUCCESS' || state.errors.length === 0) return [];
  const { first, count } = primaryError(state.errors);
  const companion = first.variable ? null : companionOf(first, state.errors);
  const link = first.variable || companion ? null : linkEmptyValue(first, state, input.baselineState, input.baseline);
  // The `$Variable` PowerShell marked under the code line, when no dumped value explains the error.
  const marked = first.variable || companion || link ? null : markedNear(first, state);
  // Last resort: the one variable the command echoed just before the error expands.
  const command = first.variable || companion || marked || link ? null : (first.commandVariable ?? null);
  // Then the action input the message names (the secret behind it, when the log shows it, came first).
  const named =
    first.variable ?? companion?.variable ?? link?.name ?? marked?.name ?? command?.name ?? first.input ?? null;
  // Last: the variable the failing tool reads, though the log names none (a named one always wins).
  const implied = named === null ? (first.implied ?? null) : null;
  const variable = named ?? implied?.name ?? null;
  const node = NODE_LOG.exec(first.artifact)?.[1] ?? null;
  const about = [variable ?? '', first.parameter ?? '', first.code ?? ''];
  const base = baselineFacts(input, about);
  const vanished = vanishedOf(base.changes);
  const facts: EmptyEnvFacts = { errorType: first.type, parameter: first.parameter, variable, occurrences: count };
  if (implied) facts.variableImplied = { kind: implied.kind, reader: implied.reader, source: implied.source };
  if (first.cmdlet) facts.cmdlet = first.cmdlet;
  if (first.command) facts.command = first.command;
  if (first.wording) facts.wording = first.wording;
  if (first.image !== null) facts.image = first.image;
  if (first.file) Object.assign(facts, { file: first.file, line: first.fileLine, char: first.char });
  if (first.code) facts.code = first.code;
  if (node) facts.node = node;
  if (input.baseline)
    Object.assign(facts, { envChanges: base.changes, danglingLabels: base.labels, vanishedLines: base.lines });
  const confidence = Math.min(0.95, first.confidence + (link ? 0.05 : 0) + (vanished.length > 0 ? 0.05 : 0));
  return [
    {
      classifier: ID,
      category: 'configuration',
      confidence,
      summary: summaryOf(first, variable, node, vanished, implied),
      facts,
      evidence: evidenceOf([
        ...(link ? [link.where] : []),
        ...(companion ? [companion] : []),
        ...(marked ? [marked] : []),
        ...(command ? [command] : []),
        ...first.context,
        first,
      ]),
      // From this run's error alone, so the same failure matches whatever baseline each run had.
      fingerprint: fingerprintOf(ID, [first.type, first.parameter, first.variable, first.file, first.cmdlet]),
    },
  ];
}

export const emptyEnv: Classifier<EnvState> = {
  id: ID,
  observer: (maxText) => envObserver(ID, maxText),
  classify,
};
