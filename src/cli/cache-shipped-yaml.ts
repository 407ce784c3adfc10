// Build step (`npm run build`, after the wording tables are copied into dist/): parses the shipped
// YAML files once and writes their documents beside the built load-wordings.js, so that a run's
// start-up reads JSON instead of parsing YAML (shippedYamlDoc). Each entry keeps the text it came
// from: a file changed after the build no longer matches and is parsed as before.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultRulesPath, SHIPPED_RULES_KEY } from '../analyze/catalog/load-rule-catalog.ts';
import { NEW_RULES_FILE, SHIPPED_YAML_CACHE, WORDING_FILES } from '../analyze/wordings/load-wordings.ts';

const WORDINGS_DIR = new URL('../analyze/wordings/', import.meta.url);

async function main(): Promise<void> {
  const cache: Record<string, [string, unknown]> = {};
  for (const name of [...WORDING_FILES, NEW_RULES_FILE]) {
    const text = readFileSync(new URL(name, WORDINGS_DIR), 'utf8');
    cache[`wordings/${name}`] = [text, parse(text)];
  }
  // The shipped rules (rules/default.yaml; the Docker build stage copies rules/ before it builds).
  const rules = await defaultRulesPath().catch(() => null);
  if (rules) {
    const text = readFileSync(rules, 'utf8');
    cache[SHIPPED_RULES_KEY] = [text, parse(text)];
  }
  writeFileSync(new URL(SHIPPED_YAML_CACHE, WORDINGS_DIR), JSON.stringify(cache));
}

await main();
