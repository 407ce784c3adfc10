// Which changes of an Actions job concern its failure: the input reported "required and not supplied"
// (a `with:` entry, or a secret the reusable workflow no longer receives), the tool "command not found"
// after a runner image update, the container image that failed to pull, a moved tag of the action that
// printed the error. Pure.
import type { DefinitionChange, Finding } from '../../types.ts';

export interface ActionsFailure {
  /** Inputs or variables reported missing or empty. */
  missing: string[];
  /** Commands the shell did not find. */
  commands: string[];
  /** Images that failed to pull. */
  images: string[];
  /** Every evidence line, to find an action's name in. */
  evidence: string[];
}

export function actionsFailureOf(findings: Finding[]): ActionsFailure {
  const out: ActionsFailure = { missing: [], commands: [], images: [], evidence: [] };
  for (const f of findings) {
    out.evidence.push(...f.evidence.map((e) => e.text));
    if (f.classifier === 'empty-env' && f.facts.variable) out.missing.push(f.facts.variable);
    if (f.classifier === 'image-pull-manifest' && f.facts.image) out.images.push(f.facts.image);
    if (f.classifier === 'rule:command-not-found' && typeof f.facts.command === 'string')
      out.commands.push(f.facts.command);
  }
  return out;
}

function bounded(text: string, word: string): boolean {
  const at = text.indexOf(word);
  if (at < 0) return false;
  return !/[\w-]/.test(text[at - 1] ?? '') && !/[\w-]/.test(text[at + word.length] ?? '');
}

export function touchesActionsFailure(c: DefinitionChange, e: ActionsFailure): boolean {
  const input = /\.with\.([^.]+)$/.exec(c.path)?.[1];
  if (input && e.missing.includes(input)) return true;
  // A secret the caller stopped passing comes out empty inside the reusable workflow.
  if (/\.secrets(\[[^\]]+\])?$/.test(c.path) && c.after === null && e.missing.length > 0) return true;
  if (/\.env\[([^\]]+)\]$/.test(c.path) && e.missing.some((m) => c.path.endsWith(`.env[${m}]`))) return true;
  if (e.commands.length > 0) {
    if (/^runner\.image|\.runs-on$|\.container\.image$/.test(c.path)) return true;
    if (
      c.path.endsWith('.run') &&
      e.commands.some((cmd) => bounded(c.before ?? '', cmd) || bounded(c.after ?? '', cmd))
    )
      return true;
  }
  if (c.path.endsWith('.image') && e.images.some((i) => c.after === i || c.after?.endsWith(`/${i}`))) return true;
  const action = /^actions\[([^@\]]+)@/.exec(c.path)?.[1];
  return action !== undefined && e.evidence.some((t) => t.includes(action));
}

export function isActionsPath(path: string): boolean {
  return /^(jobs\.|runner\.|actions\[|env\[|permissions\.|concurrency|defaults\.)/.test(path);
}
