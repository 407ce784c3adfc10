// Which definition changes concern the failing element: the image that failed to pull, the secret or
// configmap not found, the service account missing, the env var that came out empty. Pure.
import type { DefinitionChange, Finding } from '../../types.ts';
import { actionsFailureOf, isActionsPath, touchesActionsFailure } from './actions-touches.ts';

interface FailingElements {
  images: string[];
  /** Names that appear inside a value (secret, configmap, service account, volume). */
  names: string[];
  /** Env var names: they appear as `env[NAME]` in a path. */
  envVars: string[];
  /** Something the build cluster lacks (a secret, a service account): a cluster move touches it. */
  missingInCluster: boolean;
}

function elementsOf(findings: Finding[]): FailingElements {
  const out: FailingElements = { images: [], names: [], envVars: [], missingInCluster: false };
  for (const f of findings) {
    if (f.classifier === 'image-pull-manifest' && f.facts.image) out.images.push(f.facts.image);
    if (f.classifier === 'empty-env' && f.facts.variable) out.envVars.push(f.facts.variable);
    if (f.classifier === 'pod-config-error') {
      const p = f.facts;
      if (p.image) out.images.push(p.image);
      for (const n of [p.secret, p.configMap, p.serviceAccount]) if (n) out.names.push(n);
      if (p.volume) out.names.push(`[${p.volume}]`);
      if (p.envVar) out.envVars.push(p.envVar);
      if (p.reason.endsWith('-not-found')) out.missingInCluster = true;
    }
  }
  return out;
}

function mentions(value: string | null, name: string): boolean {
  if (value === null) return false;
  if (value === name) return true;
  // secret:<name>/<key>, ["--token=/etc/<name>/..."]: bounded by separators, not inside a longer word.
  const at = value.indexOf(name);
  if (at < 0) return false;
  const before = value[at - 1];
  const after = value[at + name.length];
  return !/[\w-]/.test(before ?? '') && !/[\w-]/.test(after ?? '');
}

function touches(c: DefinitionChange, e: FailingElements): boolean {
  if (c.path === 'spec.cluster' && e.missingInCluster) return true;
  if (c.path.endsWith('.image') && e.images.some((i) => c.after === i || c.before === i)) return true;
  if (e.envVars.some((v) => c.path.endsWith(`.env[${v}]`))) return true;
  if (e.names.some((n) => n.startsWith('[') && c.path.includes(n))) return true;
  return e.names.some((n) => !n.startsWith('[') && (mentions(c.after, n) || mentions(c.before, n)));
}

export function markTouchesFailure(changes: DefinitionChange[], findings: Finding[]): DefinitionChange[] {
  const e = elementsOf(findings);
  const a = actionsFailureOf(findings);
  const marked = (c: DefinitionChange): boolean =>
    isActionsPath(c.path) ? touchesActionsFailure(c, a) : touches(c, e);
  return changes.map((c) => (marked(c) ? { ...c, touchesFailure: true } : c));
}
