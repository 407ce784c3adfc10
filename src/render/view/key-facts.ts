import type { DanglingPreset, EmptyEnvFacts, EnvChange, Finding, ImagePullFacts } from '../../types.ts';
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

type Curated = { used: string[]; facts: (KeyFact | null)[] };

export function keyFacts(finding: Finding, caps: FactCaps = DEFAULT_FACT_CAPS): KeyFact[] {
  const facts: Record<string, unknown> = { ...finding.facts };
  const curated = curatedFacts(finding, caps);
  // `wording` is the id of the wording-table row that matched: for maintainers (JSON), not a fact to read.
  const used = new Set([...curated.used, 'wording']);
  const generic = Object.keys(facts)
    .filter((k) => !used.has(k))
    .map((k) => genericFact(k, facts[k], caps))
    .filter((f): f is KeyFact => f !== null)
    .slice(0, caps.maxGeneric);
  return [...curated.facts.filter((f): f is KeyFact => f !== null), ...generic];
}

function curatedFacts(finding: Finding, caps: FactCaps): Curated {
  switch (finding.classifier) {
    case 'empty-env':
      return emptyEnvFacts(finding.facts, caps);
    case 'image-pull-manifest':
      return imagePullFacts(finding.facts, caps);
    default:
      // Catalog rules: the category is shown with the cause, not as a fact.
      return { used: finding.classifier.startsWith('rule:') ? ['category'] : [], facts: [] };
  }
}

const EMPTY_ENV_USED: (keyof EmptyEnvFacts)[] = [
  'variable',
  'variableImplied',
  'parameter',
  'file',
  'line',
  'char',
  'node',
  'envChanges',
  'danglingLabels',
  'danglingPresets',
  'vanishedLines',
];

function emptyEnvFacts(f: EmptyEnvFacts, caps: FactCaps): Curated {
  return {
    used: EMPTY_ENV_USED,
    facts: [
      emptyVariableFact(f, caps),
      single('Empty parameter', f.parameter, caps),
      single('Where', location(f), caps),
      single('Node', f.node, caps),
      envChangesFact(listOf(f.envChanges), caps),
      danglingFact(listOf(f.danglingPresets), f.danglingLabels, caps),
      listFact('Log lines gone since baseline', f.vanishedLines, { ...caps, maxItems: 3, maxLiteral: 160 }),
    ],
  };
}

// unresolvedEvidence repeats baseline log lines: they belong with the evidence, not the facts.
const IMAGE_PULL_USED: (keyof ImagePullFacts)[] = [
  'image',
  'repository',
  'tag',
  'digest',
  'drift',
  'cluster',
  'test',
  'unresolvedSinceBaseline',
  'unresolvedEvidence',
];

function imagePullFacts(f: ImagePullFacts, caps: FactCaps): Curated {
  return {
    used: IMAGE_PULL_USED,
    facts: [
      single('Image', f.image, caps),
      single('Digest', f.digest, caps),
      isRecord(f.drift) ? driftFact(f.drift, caps) : null,
      single('Kind cluster', f.cluster, caps),
      single('Failed test', f.test, caps),
      listFact('No longer resolved since baseline', f.unresolvedSinceBaseline, caps),
    ],
  };
}

/** The variable; when the log does not name it, a note says the failing tool reads it (see the summary). */
function emptyVariableFact(f: EmptyEnvFacts, caps: FactCaps): KeyFact | null {
  const fact = single(f.variableImplied?.kind === 'input' ? 'Empty input' : 'Empty variable', f.variable, caps);
  if (fact && isRecord(f.variableImplied)) fact.items[0]!.note = 'implied: the tool reads it';
  return fact;
}

function location(f: EmptyEnvFacts): string | null {
  if (!f.file) return null;
  const line = f.line !== undefined ? `:${f.line}` : '';
  const char = f.char !== undefined ? ` char ${f.char}` : '';
  return `${f.file}${line}${char}`;
}

function envChangesFact(changes: EnvChange[], caps: FactCaps): KeyFact | null {
  const items = changes.filter(isRecord).map((c): FactItem => {
    if (c.after === null) return { literal: literal(`${c.name}=${c.before ?? ''}`, caps), note: 'gone' };
    if (c.before === null) return { literal: literal(`${c.name}=${c.after}`, caps), note: 'new' };
    return { literal: literal(`${c.name}: ${c.before} → ${c.after}`, caps), note: 'changed' };
  });
  return capItems('Env changes since baseline', items, caps);
}

function driftFact(drift: NonNullable<ImagePullFacts['drift']>, caps: FactCaps): KeyFact | null {
  const items: FactItem[] = [{ literal: literal(drift.requested, caps), note: 'requested' }];
  for (const a of listOf(drift.available)) items.push({ literal: literal(a, caps), note: 'available' });
  return capItems('Version drift', items, caps);
}

/** Dangling presets, with the PR that removed each definition once the suspect finder has looked. */
function danglingFact(presets: DanglingPreset[], labels: string[] | undefined, caps: FactCaps): KeyFact | null {
  if (presets.length === 0) return listFact('Preset labels with no preset', labels, caps);
  const items = presets.filter(isRecord).map((p): FactItem => {
    const by = p.removedBy ? `removed by ${p.removedBy.repo}#${p.removedBy.number}` : null;
    return { literal: literal(p.label, caps), note: by };
  });
  return capItems('Preset labels with no preset', items, caps);
}

/** A flat record (e.g. resolved versions) as `key=value` items rather than a JSON blob. */
function recordFact(label: string, value: Record<string, unknown>, caps: FactCaps): KeyFact | null {
  const entries = Object.entries(value).filter((e): e is [string, string | number | boolean] => isScalar(e[1]));
  if (entries.length !== Object.keys(value).length) return single(label, value, caps);
  return capItems(
    label,
    entries.map(([k, v]) => ({ literal: literal(`${k}=${v}`, caps), note: null })),
    caps,
  );
}

function single(label: string, value: unknown, caps: FactCaps): KeyFact | null {
  if (value === null || value === undefined || value === '') return null;
  return { label, items: [{ literal: literal(value, caps), note: null }], more: 0 };
}

function listFact(label: string, value: unknown, caps: FactCaps): KeyFact | null {
  if (!Array.isArray(value)) return single(label, value, caps);
  return capItems(
    label,
    value.map((v) => ({ literal: literal(v, caps), note: null })),
    caps,
  );
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

/** Reports come back from the store too (older versions, hand-edited rows): read lists defensively. */
function listOf<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? v : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
