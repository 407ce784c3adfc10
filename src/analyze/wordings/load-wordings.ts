// The wording tables (src/analyze/wordings/*.yaml): each row is one message as one tool prints it,
// with the class it is evidence for, a literal anchor, a linear-time pattern whose named groups are
// the facts, a confidence, and examples. Read and validated once per process (the tables ship beside
// this module; the build copies them into dist/). Patterns are proven linear by a unit test, not here.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { requiredLiterals } from '../catalog/literal-triggers.ts';
import { syntaxProblem } from '../catalog/pattern-safety.ts';
import { AnalyzeError } from '../errors.ts';
import type { Trigger } from '../types.ts';

/** Shorter literals slow the prefilter for every line (its shift is bounded by the shortest). */
export const MIN_PREFILTER_LENGTH = 9;
export const WORDING_FILES = [
  'image-pull-manifest.yaml',
  'empty-env.yaml',
  'empty-env-generic.yaml',
  'catalog.yaml',
] as const;
export const NEW_RULES_FILE = 'catalog-new-rules.yaml';

const kebab = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');
const factValue = z.union([z.string(), z.number()]).transform(String);

/**
 * A variable the failing tool reads without the message naming it (snyk reads SNYK_TOKEN): the
 * classifier's `variable` fact only when neither the line nor a cross-line join names one. Exactly one
 * of `variable` (an environment variable) or `input` (an action input); `source` is the tool's own docs
 * or source showing it reads it; `reader` who reads it when not the row's tool ("the .npmrc
 * actions/setup-node writes"). A tool that reads one of several variables implies none.
 */
const impliesSchema = z
  .strictObject({
    variable: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name')
      .optional(),
    input: z
      .string()
      .regex(/^[a-z][a-z0-9_-]*$/, 'must be an action input name')
      .optional(),
    source: z.string().min(10).regex(/\//, 'must name the docs URL or source file showing the tool reads it'),
    reader: z.string().min(1).max(80).optional(),
  })
  .refine((i) => (i.variable === undefined) !== (i.input === undefined), 'needs exactly one of variable or input');

const rowSchema = z.strictObject({
  id: kebab,
  class: kebab,
  tool: z.string().min(1),
  versions: z.string().min(1),
  source: z.string().min(1),
  anchor: z.string().min(1).max(200),
  pattern: z.string().min(1).max(1000),
  confidence: z.number().min(0).max(1),
  examples: z.array(z.strictObject({ line: z.string().min(1), facts: z.record(z.string(), factValue) })).min(1),
  nonExamples: z.array(z.string()).optional(),
  implies: impliesSchema.optional(),
  notes: z.string().optional(),
});

const newRuleSchema = z.strictObject({
  id: kebab,
  category: z.string().regex(/^[a-z][a-z0-9-]*$/),
  explanation: z.string().min(1).max(500),
  confidence: z.number().min(0).max(1),
});

export type NewRuleSpec = z.infer<typeof newRuleSchema>;

/** What a row's `implies` becomes: the name, whether it is an env variable or an action input, who reads it. */
export interface ImpliedName {
  name: string;
  kind: 'env' | 'input';
  /** The failing tool, or what reads the variable for it. */
  reader: string;
  /** Docs or source showing the reader reads it. */
  source: string;
}

export interface Wording {
  id: string;
  class: string;
  tool: string;
  source: string;
  confidence: number;
  /** A literal every matching line holds (checked with `includes` before the pattern runs). */
  anchor: string;
  /** Literals the scanner's prefilter routes lines by; none: only lines routed by other triggers. */
  triggers: string[];
  pattern: RegExp;
  examples: { line: string; facts: Record<string, string> }[];
  nonExamples: string[];
  /** The variable the tool reads when the line names none; null when the row implies none. */
  implies: ImpliedName | null;
  file: string;
}

export interface WordingMatch {
  wording: Wording;
  /** Named groups that matched, trimmed. */
  facts: Record<string, string>;
}

export interface WordingTables {
  wordings: Wording[];
  newRules: NewRuleSpec[];
}

function fail(file: string, id: string, why: string): never {
  throw new AnalyzeError('rule-invalid', `${file}: wording "${id}": ${why}`);
}

function issueOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.length > 0 ? `\`${issue.path.join('.')}\` ` : ''}${issue.message}` : 'is invalid';
}

/** The build's parse of the shipped YAML files (see cache-shipped-yaml.ts): key -> [text, doc]. */
export const SHIPPED_YAML_CACHE = 'shipped-yaml.json';
let yamlCache: Record<string, [text: string, doc: unknown]> | null | undefined;

/**
 * The document the build parsed from `text` under `key` (`wordings/NAME`, `rules/default.yaml`),
 * or undefined: no cache (run from src/) or the file changed since the build. JSON.parse of the
 * cache costs a few ms where the YAML parse cost ~80 ms of every run's start-up.
 */
export function shippedYamlDoc(key: string, text: string): unknown {
  if (yamlCache === undefined) {
    try {
      yamlCache = JSON.parse(readFileSync(new URL(`./${SHIPPED_YAML_CACHE}`, import.meta.url), 'utf8'));
    } catch {
      yamlCache = null;
    }
  }
  const hit = yamlCache?.[key];
  if (!hit || hit[0] !== text) return undefined;
  // Handed out once: a caller may keep (or change) what it got; a second load parses the text.
  delete yamlCache![key];
  return hit[1];
}

function parseList(file: string, text: string): unknown[] {
  let doc: unknown;
  try {
    doc = shippedYamlDoc(file, text) ?? parse(text);
  } catch (err) {
    throw new AnalyzeError('rules-bad-yaml', `${file}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(doc)) throw new AnalyzeError('rule-invalid', `${file}: expected a list of wordings`);
  return doc;
}

/** Prefilter literals: the anchor when long enough, else the literals the pattern's branches require. */
function prefilterOf(anchor: string, source: string): string[] {
  if (anchor.length >= MIN_PREFILTER_LENGTH) return [anchor];
  return requiredLiterals(source, MIN_PREFILTER_LENGTH) ?? [];
}

function impliedOf(row: z.infer<typeof rowSchema>): ImpliedName | null {
  const i = row.implies;
  if (!i) return null;
  const name = i.variable ?? i.input!;
  return { name, kind: i.variable !== undefined ? 'env' : 'input', reader: i.reader ?? row.tool, source: i.source };
}

export function compileWording(raw: unknown, file: string): Wording {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '(no id)';
  const parsed = rowSchema.safeParse(raw);
  if (!parsed.success) fail(file, id, issueOf(parsed.error));
  const row = parsed.data;
  const problem = syntaxProblem(row.pattern, '');
  if (problem) fail(file, id, `pattern ${problem}`);
  if (row.anchor.includes('\n')) fail(file, id, 'the anchor may not contain a line break');
  for (const ex of row.examples) {
    if (!ex.line.includes(row.anchor))
      fail(file, id, `example "${ex.line.slice(0, 60)}" lacks the anchor "${row.anchor}"`);
  }
  return {
    id: row.id,
    class: row.class,
    tool: row.tool,
    source: row.source,
    confidence: row.confidence,
    anchor: row.anchor,
    triggers: prefilterOf(row.anchor, row.pattern),
    pattern: new RegExp(row.pattern),
    examples: row.examples,
    nonExamples: row.nonExamples ?? [],
    implies: impliedOf(row),
    file,
  };
}

/** Parses and validates wording files given as `[name, text]`; ids are unique across all of them. */
export function compileWordingTables(
  files: [name: string, text: string][],
  newRules: [string, string] | null,
): WordingTables {
  const wordings = files.flatMap(([name, text]) => parseList(name, text).map((raw) => compileWording(raw, name)));
  const seen = new Set<string>();
  for (const w of wordings) {
    if (seen.has(w.id)) fail(w.file, w.id, 'the id is used twice');
    seen.add(w.id);
  }
  const specs = newRules
    ? parseList(newRules[0], newRules[1]).map((raw) => {
        const r = newRuleSchema.safeParse(raw);
        if (!r.success) fail(newRules[0], String((raw as { id?: unknown })?.id ?? '(no id)'), issueOf(r.error));
        return r.data;
      })
    : [];
  return { wordings, newRules: specs };
}

let shipped: WordingTables | null = null;

/** The tables shipped beside this module (src/ or the built dist/src/), read once. */
export function shippedWordings(): WordingTables {
  if (shipped) return shipped;
  const read = (name: string): [string, string] => {
    const url = new URL(`./${name}`, import.meta.url);
    try {
      return [`wordings/${name}`, readFileSync(url, 'utf8')];
    } catch (err) {
      throw new AnalyzeError(
        'rules-unreadable',
        `wordings/${name}: cannot read wording table: ${(err as Error).message}`,
      );
    }
  };
  shipped = compileWordingTables(WORDING_FILES.map(read), read(NEW_RULES_FILE));
  return shipped;
}

/** The shipped wordings of one class, in table order. */
export function wordingsOf(cls: string): Wording[] {
  return shippedWordings().wordings.filter((w) => w.class === cls);
}

/** Prefilter literals of the given wordings (case-sensitive, deduplicated). */
export function triggersOf(wordings: readonly Wording[]): Trigger[] {
  const texts = new Set(wordings.flatMap((w) => w.triggers));
  return [...texts].map((text) => ({ text, ignoreCase: false }));
}

/**
 * One observer's triggers without those that hold another of them (a line with "Failed to pull
 * image X" already holds "Failed to pull image"): every literal more costs the prefilter speed.
 */
export function minimalTriggers(triggers: readonly Trigger[]): Trigger[] {
  const covers = (u: Trigger, t: Trigger): boolean =>
    u !== t &&
    (u.ignoreCase || !t.ignoreCase) &&
    (u.ignoreCase ? t.text.toLowerCase().includes(u.text.toLowerCase()) : t.text.includes(u.text)) &&
    (u.text.length < t.text.length || triggers.indexOf(u) < triggers.indexOf(t));
  return triggers.filter((t) => !triggers.some((u) => covers(u, t)));
}

function factsOf(m: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v.trim();
  return out;
}

/**
 * The wording that explains the line best (prefix already stripped): of the rows whose anchor and
 * pattern match, the most confident, then the longest match (kubelet's "Failed to pull image X: ...
 * failed to resolve reference Y" beats containerd's inner "failed to resolve reference Y"), then
 * table order.
 */
export function matchWording(wordings: readonly Wording[], text: string): WordingMatch | null {
  let best: { w: Wording; m: RegExpExecArray } | null = null;
  for (const w of wordings) {
    if (!text.includes(w.anchor)) continue;
    const m = w.pattern.exec(text);
    if (!m) continue;
    if (
      !best ||
      w.confidence > best.w.confidence ||
      (w.confidence === best.w.confidence && m[0].length > best.m[0].length)
    )
      best = { w, m };
  }
  return best ? { wording: best.w, facts: factsOf(best.m) } : null;
}

/**
 * The wordings a line can match, given the observer's triggers the scanner found on it
 * (ScanLine.hits), in table order. A wording's match holds one of its prefilter literals, and each
 * of those holds one of the observer's triggers (minimalTriggers keeps the shortest), so that trigger
 * is among the hits. Compared case-insensitively, which can only keep more; a wording with a literal
 * that holds no trigger runs on every line. No hits known (unset, or a follow-up line): all of them.
 */
export function gateWordings(
  all: readonly Wording[],
  observerTriggers: readonly string[],
): (hits: readonly string[] | undefined) => readonly Wording[] {
  const triggers = observerTriggers.map((t) => t.toLowerCase());
  const literals = all.map((w) => w.triggers.map((t) => t.toLowerCase()));
  const always = literals.map((ls) => ls.length === 0 || ls.some((l) => !triggers.some((t) => l.includes(t))));
  const byHit = new Map<string, boolean[]>(
    triggers.map((t) => [t, literals.map((ls, i) => always[i]! || ls.some((l) => l.includes(t)))]),
  );
  const oneHit = new Map<string, readonly Wording[]>([...byHit].map(([t, on]) => [t, all.filter((_, i) => on[i])]));
  return (hits) => {
    if (hits === undefined || hits.length === 0 || all.length === 0) return all;
    if (hits.length === 1) return oneHit.get(hits[0]!.toLowerCase()) ?? all;
    const gates: boolean[][] = [];
    for (const h of hits) {
      const on = byHit.get(h.toLowerCase());
      if (!on) return all;
      gates.push(on);
    }
    return all.filter((_, i) => always[i] || gates.some((g) => g[i]));
  };
}
