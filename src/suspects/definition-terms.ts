// Turns the job's definition changes into exact tokens for the suspect search: what the job gained is
// looked for on `+` lines, what it lost on `-` lines (the new image tag, an env var and its value, an
// added or dropped arg, the new cluster, a removed preset label, a secret or volume name).
import type { DefinitionChange } from '../types.ts';
import type { ChangeToken } from './types.ts';

/** Values too common to point at one change (`true`, `main`, a bare number). */
const COMMON = new Set(['true', 'false', 'main', 'master', 'default', 'always', 'never', 'ifnotpresent', 'null']);
const MAX_TOKENS = 40;

function specific(v: string): boolean {
  const t = v.trim();
  if (t.length < 4 || t.length > 300) return false;
  if (COMMON.has(t.toLowerCase()) || /^[\d.]+[a-zA-Z]{0,2}$/.test(t)) return false;
  return /[A-Za-z]/.test(t);
}

/** Fields whose changes no job config PR makes on purpose (Prow's own utility images, GCS layout, ...). */
function ignored(path: string): boolean {
  return (
    // What the Actions runner resolved (image, moved tags) is in no patch of the repo.
    path.startsWith('runner.') ||
    path.startsWith('actions[') ||
    path.startsWith('metadata.annotations') ||
    path.includes('.utility_images.') ||
    path.includes('.gcs_configuration.') ||
    path.endsWith('.gcs_credentials_secret') ||
    (path.startsWith('metadata.labels[') && !path.startsWith('metadata.labels[preset-'))
  );
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

function tokensOf(c: DefinitionChange): Omit<ChangeToken, 'path' | 'touchesFailure'>[] {
  const env = /\.env\[([^\]]+)\]$/.exec(c.path);
  const label = /^metadata\.labels\[(preset-[^\]]+)\]$/.exec(c.path);
  const out: Omit<ChangeToken, 'path' | 'touchesFailure'>[] = [];
  const value = (token: string | null, sign: '+' | '-'): void => {
    if (token !== null && specific(token)) out.push({ token: token.trim(), sign, kind: 'value' });
  };
  if (label) {
    out.push({ token: label[1]!, sign: c.after === null ? '-' : '+', kind: 'value' });
    return out;
  }
  // An Actions input or secret: its name is what the edit that added or dropped it spells.
  const named = /\.(?:with\.([^.]+)|secrets\[([^\]]+)\])$/.exec(c.path);
  if (named && (c.before === null || c.after === null)) {
    out.push({ token: (named[1] ?? named[2])!, sign: c.after === null ? '-' : '+', kind: 'value' });
  }
  if (env) {
    if (c.before === null || c.after === null)
      out.push({ token: env[1]!, sign: c.after === null ? '-' : '+', kind: 'name' });
    // secret:<name>/<key>: the secret's name is what a patch spells.
    const ref = (v: string | null): string | null =>
      v?.startsWith('secret:') ? (v.slice(7).split('/')[0] ?? null) : v;
    value(ref(c.after), '+');
    value(ref(c.before), '-');
    return out;
  }
  const before = listOf(c.before);
  const after = listOf(c.after);
  if (before !== null && after !== null) {
    for (const a of after) if (!before.includes(a)) value(a, '+');
    for (const b of before) if (!after.includes(b)) value(b, '-');
    return out;
  }
  value(c.after, '+');
  value(c.before, '-');
  if (c.path.endsWith('.image') && c.after !== null) {
    // The new tag alone: a patch may spell the image through a variable or another registry.
    const tag = /:([\w][\w.+-]{3,127})$/.exec(c.after)?.[1];
    if (tag) value(tag, '+');
  }
  return out;
}

export function termsFromDefinition(changes: DefinitionChange[]): ChangeToken[] {
  const seen = new Set<string>();
  const out: ChangeToken[] = [];
  for (const c of changes) {
    if (ignored(c.path)) continue;
    for (const t of tokensOf(c)) {
      const key = `${t.sign}${t.kind}${t.token}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...t, path: c.path, touchesFailure: c.touchesFailure });
    }
  }
  // Changes that touch the failure first, so a cap never drops them.
  return out.sort((a, b) => Number(b.touchesFailure) - Number(a.touchesFailure)).slice(0, MAX_TOKENS);
}
