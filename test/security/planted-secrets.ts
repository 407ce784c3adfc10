// The secret corpus (test/fixtures/secrets/corpus.yaml, all values fake) planted into real-shaped logs:
// each secret's line is what a failing step printed, so it lands in a finding's summary, facts and
// evidence. A rule file makes the engine pick that line, as a repository's own rule would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface PlantedSecret {
  id: string;
  kind: string;
  line: string;
  secret: string;
}

export const PLANTED: PlantedSecret[] = (
  parse(readFileSync(new URL('../fixtures/secrets/corpus.yaml', import.meta.url), 'utf8')) as {
    secrets: PlantedSecret[];
  }
).secrets;

const PREFIX = 'Error: step failed running: ';

export const PLANTED_RULES = `rules:
  - id: planted-step-failure
    category: test
    explanation: "The step failed running {command}"
    patterns: ['^Error: step failed running: (?<command>.+)$']
`;

/** A build log around one secret's line, shaped like a Prow job's build-log.txt. */
export function plantedLog(s: PlantedSecret): string {
  const lines = s.line.split('\n').map((l) => (l.includes(s.secret) ? `${PREFIX}${l}` : l));
  return [
    'I0211 02:14:07.123456    1234 main.go:42] Running step deploy-e2e',
    '+ ./hack/ci/deploy.sh --cluster kind-e2e',
    ...lines,
    'I0211 02:14:09.000001    1234 main.go:77] step deploy-e2e exited with 1',
    'make: *** [Makefile:210: e2e] Error 1',
    '',
  ].join('\n');
}

/** Every planted secret's log in one file (the App's run), for outputs that see many lines at once. */
export function writeAllPlanted(dir: string): string {
  const file = join(dir, 'build-log.txt');
  writeFileSync(file, PLANTED.map(plantedLog).join('\n'));
  return file;
}

/** The secrets found in `text`, by corpus id. */
export function leaked(text: string, secrets: readonly PlantedSecret[] = PLANTED): string[] {
  return secrets.filter((s) => text.includes(s.secret)).map((s) => s.id);
}
