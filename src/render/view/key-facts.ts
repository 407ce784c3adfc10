import type { Finding } from '../../types.ts';
import { capText, cleanLogText } from '../sanitize/index.ts';

// Key facts a finding carries, as label + literal values (log-derived, shown as code) with our
// own short notes. Known classifiers get curated labels; anything else is shown generically.

export interface FactItem {
  /** A value from the logs or config: renderers show it verbatim (code span). */
  literal: string;
  /** Our words about the value (e.g. `gone`, `requested`), or null. */
  note: string | null;
}

export interface KeyFact {
  label: string;
  items: FactItem[];
  /** Items left out by the cap. */
  more: number;
}

export interface FactCaps {
  maxItems: number;
  maxLiteral: number;
  maxGeneric: number;
}

export const DEFAULT_FACT_CAPS: FactCaps = { maxItems: 6, maxLiteral: 300, maxGeneric: 8 };

type Facts = Record<string, unknown>;
type Curated = { used: string[]; facts: (KeyFact | null)[] };

export function keyFacts(finding: Finding, caps: FactCaps = DEFAULT_FACT_CAPS): KeyFact[] {
  const facts: Facts = finding.facts ?? {};
  const curated = curatedFacts(finding.classifier, facts, caps);
  const used = new Set(curated.used);
  const generic = Object.keys(facts)
    .filter((k) => !used.has(k))
    .map((k) => genericFact(k, facts[k], caps))
    .filter((f): f is KeyFact => f !== null)
    .slice(0, caps.maxGeneric);
  return [...curated.facts.filter((f): f is KeyFact => f !== null), ...generic];
}

function curatedFacts(classifier: string, f: Facts, caps: FactCaps): Curated {
  if (classifier === 'empty-env') {
    return {
      used: ['variable', 'parameter', 'file', 'line', 'char', 'node', 'envChanges', 'danglingLabels', 'danglingPresets', 'vanishedLines'],
      facts: [
        single('Empty variable', f.variable, caps),
        single('Empty parameter', f.parameter, caps),
        single('Where', location(f), caps),
        single('Node', f.node, caps),
        envChangesFact(f.envChanges, caps),
        danglingFact(f.danglingPresets, f.danglingLabels, caps),
        listFact('Log lines gone since baseline', f.vanishedLines, { ...caps, maxItems: 3, maxLiteral: 160 }),
      ],
    };
  }
  if (classifier === 'image-pull-manifest') {
    const image = isScalar(f.image) ? f.image : isScalar(f.repository) && isScalar(f.tag) ? `${f.repository}:${f.tag}` : null;
    return {
      // unresolvedEvidence repeats baseline log lines: they belong with the evidence, not the facts.
      used: ['image', 'repository', 'tag', 'digest', 'drift', 'cluster', 'failedTest', 'unresolvedSinceBaseline', 'unresolvedEvidence'],
      facts: [
        single('Image', image, caps),
        single('Digest', f.digest, caps),
        driftFact(f.drift, caps),
        single('Kind cluster', f.cluster, caps),
        single('Failed test', f.failedTest, caps),
        listFact('No longer resolved since baseline', f.unresolvedSinceBaseline, caps),
      ],
    };
  }
  // Catalog rules: the category is shown with the cause, not as a fact.
  return { used: classifier.startsWith('rule:') ? ['category'] : [], facts: [] };
}

function location(f: Facts): string | null {
  if (!isScalar(f.file)) return null;
  const line = isScalar(f.line) ? `:${f.line}` : '';
  const char = isScalar(f.char) ? ` char ${f.char}` : '';
  return `${f.file}${line}${char}`;
}

function envChangesFact(value: unknown, caps: FactCaps): KeyFact | null {
  if (!Array.isArray(value)) return genericFact('envChanges', value, caps);
  const items = value.map((c): FactItem => {
    if (!isRecord(c) || !isScalar(c.name)) return { literal: literal(c, caps), note: null };
    const before = isScalar(c.before) ? String(c.before) : null;
    const after = isScalar(c.after) ? String(c.after) : null;
    if (after === null) return { literal: literal(`${c.name}=${before ?? ''}`, caps), note: 'gone' };
    if (before === null) return { literal: literal(`${c.name}=${after}`, caps), note: 'new' };
    return { literal: literal(`${c.name}: ${before} → ${after}`, caps), note: 'changed' };
  });
  return capItems('Env changes since baseline', items, caps);
}

function driftFact(value: unknown, caps: FactCaps): KeyFact | null {
  if (!isRecord(value)) return genericFact('drift', value, caps);
  const items: FactItem[] = [];
  if (isScalar(value.requested)) items.push({ literal: literal(value.requested, caps), note: 'requested' });
  const available = Array.isArray(value.available) ? value.available : [];
  for (const a of available) items.push({ literal: literal(a, caps), note: 'available' });
  return capItems('Version drift', items, caps);
}

/** Dangling presets, with the PR that removed each definition once the suspect finder has looked. */
function danglingFact(presets: unknown, labels: unknown, caps: FactCaps): KeyFact | null {
  if (!Array.isArray(presets) || presets.length === 0) return listFact('Preset labels with no preset', labels, caps);
  const items = presets.filter(isRecord).map((p): FactItem => {
    const by = isRecord(p.removedBy) && isScalar(p.removedBy.repo) && isScalar(p.removedBy.number) ? `removed by ${p.removedBy.repo}#${p.removedBy.number}` : null;
    return { literal: literal(p.label, caps), note: by };
  });
  return capItems('Preset labels with no preset', items, caps);
}

/** A flat record (e.g. resolved versions) as `key=value` items rather than a JSON blob. */
function recordFact(label: string, value: Record<string, unknown>, caps: FactCaps): KeyFact | null {
  const entries = Object.entries(value).filter((e): e is [string, string | number | boolean] => isScalar(e[1]));
  if (entries.length !== Object.keys(value).length) return single(label, value, caps);
  return capItems(label, entries.map(([k, v]) => ({ literal: literal(`${k}=${v}`, caps), note: null })), caps);
}

function single(label: string, value: unknown, caps: FactCaps): KeyFact | null {
  if (value === null || value === undefined || value === '') return null;
  return { label, items: [{ literal: literal(value, caps), note: null }], more: 0 };
}

function listFact(label: string, value: unknown, caps: FactCaps): KeyFact | null {
  if (!Array.isArray(value)) return single(label, value, caps);
  return capItems(label, value.map((v) => ({ literal: literal(v, caps), note: null })), caps);
}

function genericFact(key: string, value: unknown, caps: FactCaps): KeyFact | null {
  if (Array.isArray(value)) return listFact(humanize(key), value, caps);
  return isRecord(value) ? recordFact(humanize(key), value, caps) : single(humanize(key), value, caps);
}

function capItems(label: string, items: FactItem[], caps: FactCaps): KeyFact | null {
  if (items.length === 0) return null;
  return { label, items: items.slice(0, caps.maxItems), more: Math.max(0, items.length - caps.maxItems) };
}

function literal(value: unknown, caps: FactCaps): string {
  const text = isScalar(value) ? String(value) : safeJson(value);
  return capText(cleanLogText(text), caps.maxLiteral);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // cycles or BigInt: still show something rather than throw
  }
}

/** `failedTest` → `Failed test`, `boskos_project` → `Boskos project`. */
export function humanize(key: string): string {
  const words = cleanLogText(key)
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return capText(words.charAt(0).toUpperCase() + words.slice(1), 60);
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
