// Loads the shipped rules (rules/default.yaml) and any user rule files on top. A user rule with the
// id of an earlier one replaces it (to tune a shipped rule); the same id twice in one file is an
// error. Every problem is a permanent AnalyzeError with one line naming the file, rule and why.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, YAMLParseError } from 'yaml';
import { AnalyzeError } from '../errors.ts';
import { shippedWordings, shippedYamlDoc } from '../wordings/load-wordings.ts';
import { withWordings } from './catalog-wordings.ts';
import { compileRule } from './compile-rule.ts';
import { describeIssue, rulesFileSchema } from './rule-schema.ts';
import type { CompiledRule, RuleCatalog } from './types.ts';

const MAX_FILE_BYTES = 1024 * 1024;

/** rules/default.yaml of this package, from src/ or from the built dist/src/. */
export async function defaultRulesPath(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'rules', 'default.yaml');
    if (
      await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return candidate;
    dir = dirname(dir);
  }
  throw new AnalyzeError('rules-unreadable', 'rules/default.yaml was not found next to the ci-triage package');
}

async function readText(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES) throw new Error(`it is ${info.size} bytes; the limit is ${MAX_FILE_BYTES}`);
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new AnalyzeError('rules-unreadable', `${file}: cannot read rules file: ${(err as Error).message}`);
  }
}

/** Key of the shipped rules in the build's YAML cache (shippedYamlDoc). */
export const SHIPPED_RULES_KEY = 'rules/default.yaml';

function parseYaml(file: string, text: string, cacheKey: string | null): unknown {
  try {
    return (cacheKey ? shippedYamlDoc(cacheKey, text) : undefined) ?? parse(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `:${err.linePos[0].line}:${err.linePos[0].col}` : '';
    const first = (err as Error).message.split('\n')[0];
    throw new AnalyzeError('rules-bad-yaml', `${file}${where}: invalid YAML: ${first}`);
  }
}

export async function loadRulesFile(file: string, trusted = false): Promise<CompiledRule[]> {
  const doc = parseYaml(file, await readText(file), trusted ? SHIPPED_RULES_KEY : null);
  const parsed = rulesFileSchema.safeParse(doc);
  if (!parsed.success) {
    throw new AnalyzeError(
      'rule-invalid',
      `${file}: expected a mapping with a \`rules:\` list: ${describeIssue(parsed.error)}`,
    );
  }
  const rules = parsed.data.rules.map((raw) => compileRule(raw, file, trusted));
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id))
      throw new AnalyzeError('rule-duplicate-id', `${file}: rule "${r.id}": the id is used twice in this file`);
    seen.add(r.id);
  }
  return rules;
}

/**
 * The shipped catalog plus `extraFiles`. Shipped patterns are proven linear by a unit test, so they
 * skip the (slow) ReDoS check here; user patterns are checked.
 */
export async function loadRuleCatalog(extraFiles: string[] = []): Promise<RuleCatalog> {
  const shippedPath = await defaultRulesPath();
  const byId = new Map<string, CompiledRule>();
  // The table's rows join the shipped rules only: a user rule with the same id replaces them too.
  for (const r of withWordings(await loadRulesFile(shippedPath, true), shippedWordings())) byId.set(r.id, r);
  for (const file of extraFiles) for (const r of await loadRulesFile(file)) byId.set(r.id, r);
  return { rules: [...byId.values()], files: [shippedPath, ...extraFiles] };
}
