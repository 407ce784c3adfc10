// One plain sentence per definition change ("the job's image changed from A to B"). Pure.
import type { DefinitionChange } from '../../types.ts';
import { describeActionsChange } from './describe-actions-change.ts';

function quote(v: string | null): string {
  return v === null ? '(none)' : v === '' ? '""' : v;
}

function listOf(v: string | null): string[] | null {
  if (v === null) return [];
  if (!v.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.map(String) : null;
  } catch {
    return null;
  }
}

/** Items added and removed between two JSON-array leaves (command, args); null when not lists. */
export function listDelta(
  c: Pick<DefinitionChange, 'before' | 'after'>,
): { added: string[]; removed: string[] } | null {
  const b = listOf(c.before);
  const a = listOf(c.after);
  if (b === null || a === null) return null;
  return { added: a.filter((x) => !b.includes(x)), removed: b.filter((x) => !a.includes(x)) };
}

function fromTo(what: string, c: DefinitionChange): string {
  if (c.before === null) return `${what} was added (${quote(c.after)})`;
  if (c.after === null) return `${what} was removed (was ${quote(c.before)})`;
  return `${what} changed from ${quote(c.before)} to ${quote(c.after)}`;
}

export function describeChange(c: DefinitionChange): string {
  const actions = describeActionsChange(c);
  if (actions !== null) return actions;
  const env = /\.env\[(.+)\]$/.exec(c.path);
  if (env) return fromTo(`env var ${env[1]}`, c);
  if (/^spec\.pod_spec\.containers\[[^\]]+\]\.image$/.test(c.path)) return fromTo("the job's image", c);
  if (c.path === 'spec.cluster') return fromTo('the build cluster', c);
  if (c.path === 'spec.pod_spec.serviceAccountName') return fromTo('the service account', c);
  const label = /^metadata\.labels\[(.+)\]$/.exec(c.path);
  if (label) return fromTo(`label ${label[1]}`, c);
  const delta = /\.(args|command)$/.test(c.path) ? listDelta(c) : null;
  if (delta && (delta.added.length > 0 || delta.removed.length > 0)) {
    const what = c.path.endsWith('.args') ? 'args' : 'command';
    const parts = [
      delta.removed.length > 0 ? `lost ${delta.removed.join(' ')}` : null,
      delta.added.length > 0 ? `gained ${delta.added.join(' ')}` : null,
    ].filter((p) => p !== null);
    return `the job's ${what} ${parts.join(' and ')}`;
  }
  return fromTo(c.path, c);
}
