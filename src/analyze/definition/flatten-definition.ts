// Flattens a job definition into `path -> value` leaves so two runs can be compared field by field.
// Lists of named objects (containers, env, volumes, mounts) are keyed by name, so a reorder is no change;
// lists of scalars (command, args) are one leaf holding a JSON array, so added and removed items can be
// told apart; env `valueFrom` reads as `secret:<name>/<key>`, `configmap:<name>/<key>`, `field:<path>`.
import type { JobDefinition } from '../../types.ts';

export type Leaves = Map<string, string>;

type Json = unknown;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keyPath(prefix: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${prefix}.${key}` : `${prefix}[${key}]`;
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarText(v: Json): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** `secret:name/key` for an env var's valueFrom, the JSON otherwise. */
export function valueFromText(valueFrom: Json): string {
  if (!isRecord(valueFrom)) return JSON.stringify(valueFrom);
  const ref = (kind: string, r: Json): string | null =>
    isRecord(r) ? `${kind}:${String(r.name ?? '')}/${String(r.key ?? '')}` : null;
  const field = isRecord(valueFrom.fieldRef) ? `field:${String(valueFrom.fieldRef.fieldPath ?? '')}` : null;
  const resource = isRecord(valueFrom.resourceFieldRef)
    ? `resource:${String(valueFrom.resourceFieldRef.resource ?? '')}`
    : null;
  return (
    ref('secret', valueFrom.secretKeyRef) ??
    ref('configmap', valueFrom.configMapKeyRef) ??
    field ??
    resource ??
    JSON.stringify(valueFrom)
  );
}

function envValue(entry: Record<string, Json>): string {
  if (entry.valueFrom !== undefined) return valueFromText(entry.valueFrom);
  return scalarText(entry.value) ?? '';
}

/** A list whose items all carry a distinct `name` is keyed by it; env entries flatten to their value. */
function namedItems(list: Json[]): Map<string, Record<string, Json>> | null {
  const out = new Map<string, Record<string, Json>>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || item.name === '' || out.has(item.name)) return null;
    out.set(item.name, item);
  }
  return out;
}

function walk(path: string, value: Json, out: Leaves, parentKey: string): void {
  const scalar = scalarText(value);
  if (scalar !== null) {
    out.set(path, scalar);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (value.every((v) => scalarText(v) !== null)) {
      out.set(path, JSON.stringify(value.map(scalarText)));
      return;
    }
    const named = namedItems(value);
    if (parentKey === 'env') {
      // Nameless or duplicate env entries are kept by position: they are a change of their own.
      if (named) for (const [name, e] of named) out.set(`${path}[${name}]`, envValue(e));
      else value.forEach((e, i) => out.set(`${path}[${i}]`, isRecord(e) ? JSON.stringify(e) : String(e)));
      return;
    }
    if (named) {
      for (const [name, item] of named) walkObject(`${path}[${name}]`, item, out, true);
      return;
    }
    value.forEach((v, i) => walk(`${path}[${i}]`, v, out, parentKey));
    return;
  }
  if (isRecord(value)) walkObject(path, value, out, false);
}

function walkObject(path: string, value: Record<string, Json>, out: Leaves, skipName: boolean): void {
  for (const [k, v] of Object.entries(value)) {
    if (skipName && k === 'name') continue;
    walk(keyPath(path, k), v, out, k);
  }
}

/** `spec.cluster`, `spec.pod_spec.containers[0].env[FOO]`, `metadata.labels[preset-x]`, ... */
export function flattenDefinition(def: JobDefinition | null | undefined): Leaves {
  const out: Leaves = new Map();
  if (!def) return out;
  const { labels, annotations, ...spec } = def.fields;
  if (isRecord(labels)) for (const [k, v] of Object.entries(labels)) out.set(`metadata.labels[${k}]`, String(v));
  if (isRecord(annotations))
    for (const [k, v] of Object.entries(annotations)) out.set(`metadata.annotations[${k}]`, String(v));
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'pod_spec' && isRecord(v)) {
      for (const [pk, pv] of Object.entries(v)) {
        if ((pk === 'containers' || pk === 'initContainers') && Array.isArray(pv)) {
          // Prow job containers are often nameless: keyed by position then.
          pv.forEach((c, i) => {
            const id = isRecord(c) && typeof c.name === 'string' && c.name !== '' ? c.name : String(i);
            if (isRecord(c)) walkObject(`spec.pod_spec.${pk}[${id}]`, c, out, true);
          });
        } else walk(keyPath('spec.pod_spec', pk), pv, out, pk);
      }
    } else walk(keyPath('spec', k), v, out, k);
  }
  return out;
}
