import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultRulesPath } from '../../src/analyze/catalog/load-rule-catalog.ts';
import { NEW_RULES_FILE, shippedYamlDoc, WORDING_FILES } from '../../src/analyze/wordings/load-wordings.ts';

// The build stores the shipped YAML files' documents as JSON (src/cli/cache-shipped-yaml.ts) and
// start-up reads them back instead of parsing YAML: that is the same document only if nothing in
// these files is lost in JSON (dates, undefined, non-finite numbers, maps with non-string keys).
describe('the build cache of the shipped YAML', () => {
  const files = [
    ...[...WORDING_FILES, NEW_RULES_FILE].map((n) => new URL(`../../src/analyze/wordings/${n}`, import.meta.url)),
  ];

  it('loses nothing of the wording tables and the shipped rules through JSON', async () => {
    for (const file of [...files, new URL(`file://${await defaultRulesPath()}`)]) {
      const doc: unknown = parse(readFileSync(file, 'utf8'));

      expect(JSON.parse(JSON.stringify(doc))).toStrictEqual(doc);
    }
  });

  it('is not there when run from src/ (the YAML is parsed)', () => {
    expect(shippedYamlDoc('wordings/catalog.yaml', 'anything')).toBeUndefined();
  });
});
