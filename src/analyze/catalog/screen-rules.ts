// A repository's rule files, screened before the engine loads them: every pattern proven linear off
// the main thread (verdicts cached by hash in the store), within a total time budget and a cap on
// patterns per repository. A refused rule is dropped from its file and reported, never blocking the
// triage; the kept rules load without a proof on the main thread (their verdicts are remembered).
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import type { PatternCheckPool } from './pattern-check-pool.ts';
import { knownVerdict, patternKey, rememberVerdict, syntaxProblem } from './pattern-safety.ts';

export interface VerdictCache {
  loadPatternVerdicts(hashes: readonly string[]): Promise<Map<string, string | null>>;
  savePatternVerdicts(verdicts: readonly { hash: string; problem: string | null }[]): Promise<void>;
}

export interface RuleScreenOptions {
  pool: PatternCheckPool;
  verdicts: VerdictCache;
  /** Total time one repository's patterns may take to prove, per load. */
  budgetMs: number;
  /** Patterns per repository, over all its rule files. */
  maxPatterns: number;
}

export interface RuleFileText {
  path: string;
  text: string;
}

export interface ScreenResult {
  files: RuleFileText[];
  /** One entry per refused rule or file: `path`: rule `id` and why. */
  refused: string[];
}

const NOT_IN_TIME =
  'was not checked in time; the check goes on in the background and the rule is used from a later triage';
const UNCHECKED = 'could not be checked';

interface Candidate {
  file: number;
  index: number;
  id: string;
  sources: string[];
  flags: string;
}

export async function screenRuleFiles(files: RuleFileText[], o: RuleScreenOptions): Promise<ScreenResult> {
  const refused: string[] = [];
  const docs = files.map((f) => readDoc(f, refused));
  const dropped = new Set<string>();
  const candidates = collect(docs, files, o.maxPatterns, refused, dropped);
  const problems = await prove(candidates, o);
  for (const c of candidates) {
    const verdicts = c.sources.map((s) => problems.get(patternKey(s, c.flags)));
    const bad = verdicts.findIndex((p) => p !== null);
    if (bad < 0) continue;
    dropped.add(`${c.file}:${c.index}`);
    const why = verdicts[bad] ?? NOT_IN_TIME;
    refused.push(`\`${files[c.file]?.path}\`: rule \`${c.id}\`: a pattern ${why}`);
  }
  const out: RuleFileText[] = [];
  docs.forEach((doc, i) => {
    if (!doc) return;
    const kept = doc.rules.filter((_r, index) => !dropped.has(`${i}:${index}`));
    const path = files[i]?.path ?? '';
    out.push({
      path,
      text: kept.length === doc.rules.length ? (files[i]?.text ?? '') : stringify({ ...doc, rules: kept }),
    });
  });
  return { files: out, refused };
}

function readDoc(f: RuleFileText, refused: string[]): { rules: unknown[] } | null {
  try {
    const doc = parse(f.text) as { rules?: unknown } | null;
    if (doc && Array.isArray(doc.rules)) return { ...doc, rules: doc.rules };
  } catch {
    // reported below
  }
  refused.push(`\`${f.path}\` is not a rules file (a YAML mapping with a \`rules:\` list)`);
  return null;
}

function collect(
  docs: ({ rules: unknown[] } | null)[],
  files: RuleFileText[],
  max: number,
  refused: string[],
  dropped: Set<string>,
): Candidate[] {
  const out: Candidate[] = [];
  let total = 0;
  docs.forEach((doc, file) => {
    doc?.rules.forEach((raw, index) => {
      const r = (raw ?? {}) as Record<string, unknown>;
      const id = typeof r.id === 'string' ? r.id.slice(0, 80) : `#${index + 1}`;
      const seq = (r.sequence ?? {}) as { patterns?: unknown };
      const sources = [r.patterns, seq.patterns, r.context]
        .flatMap((a) => (Array.isArray(a) ? a : []))
        .filter((s): s is string => typeof s === 'string');
      const flags = r.ignoreCase === true ? 'i' : '';
      const where = `\`${files[file]?.path}\`: rule \`${id}\``;
      const refuse = (why: string) => {
        dropped.add(`${file}:${index}`);
        refused.push(`${where}${why}`);
      };
      if (total + sources.length > max) return refuse(` is over the limit of ${max} patterns per repository`);
      const syntax = sources.map((s) => syntaxProblem(s, flags)).find((p) => p !== null);
      if (syntax) return refuse(`: a pattern ${syntax}`);
      total += sources.length;
      out.push({ file, index, id, sources, flags });
    });
  });
  return out;
}

/** Verdicts for every pattern: memory, then the store, then the pool until the budget runs out. */
async function prove(candidates: Candidate[], o: RuleScreenOptions): Promise<Map<string, string | null | undefined>> {
  const keys = new Map<string, { source: string; flags: string }>();
  for (const c of candidates)
    for (const source of c.sources) keys.set(patternKey(source, c.flags), { source, flags: c.flags });
  const result = new Map<string, string | null | undefined>();
  const unknown = [...keys].filter(([key, p]) => {
    const known = knownVerdict(p.source, p.flags);
    if (known !== undefined) result.set(key, known);
    return known === undefined;
  });
  const stored = await o.verdicts.loadPatternVerdicts(unknown.map(([key]) => hashOf(key)));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), o.budgetMs);
  });
  await Promise.all(
    unknown.map(async ([key, p]) => {
      const hash = hashOf(key);
      if (stored.has(hash)) {
        const problem = stored.get(hash) ?? null;
        rememberVerdict(p.source, p.flags, problem);
        return void result.set(key, problem);
      }
      const proof = o.pool.check(p.source, p.flags).then(async (problem) => {
        // A checker that failed or shut down is no verdict on the pattern: prove it again next time.
        if (problem?.startsWith(UNCHECKED)) return problem;
        rememberVerdict(p.source, p.flags, problem);
        await o.verdicts.savePatternVerdicts([{ hash, problem }]).catch(() => undefined);
        return problem;
      });
      result.set(key, await Promise.race([proof, deadline]));
    }),
  );
  clearTimeout(timer);
  return result;
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
