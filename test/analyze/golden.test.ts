// Golden pairs: test/fixtures/logs/<case>.log with <case>.expected.json. Each log is short and
// modelled on a real failure; the expected file lists every finding in rank order with the facts and
// evidence lines that must hold. Logs are fed in small chunks so chunk boundaries fall everywhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyRun, observeRun } from '../../src/analyze/index.ts';
import type { RunResult } from '../../src/types.ts';
import { evidence, shippedCatalog, textArtifact } from './support.ts';

interface Expected {
  what: string;
  artifact?: string;
  result?: RunResult;
  findings: { classifier: string; facts?: Record<string, unknown>; evidenceLines?: number[] }[];
  absent?: string[];
  absentFacts?: Record<string, string[]>;
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'logs');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .map((f) => f.slice(0, -'.log'.length))
  .sort();

describe('golden logs', () => {
  it('has cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(8);
  });

  it.each(CASES)('%s', async (name) => {
    const text = readFileSync(join(DIR, `${name}.log`), 'utf8');
    const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
    const catalog = await shippedCatalog();
    const log = textArtifact(expected.artifact ?? 'build-log.txt', text, { chunk: 61 });

    const obs = await observeRun(evidence([log], { result: expected.result ?? 'FAILURE' }), catalog);
    const findings = classifyRun(obs, null, catalog);

    expect(findings.map((f) => f.classifier)).toEqual(expected.findings.map((f) => f.classifier));
    expected.findings.forEach((want, i) => {
      const got = findings[i]!;
      if (want.facts) expect(got.facts).toMatchObject(want.facts);
      if (want.evidenceLines) expect(got.evidence.map((e) => e.line)).toEqual(want.evidenceLines);
      for (const e of got.evidence) expect(text.split('\n')[e.line - 1]!.trim()).toBe(e.text.trim());
      expect(got.summary).toMatch(/^\S.*\.$/s);
    });
    for (const classifier of expected.absent ?? []) expect(findings.map((f) => f.classifier)).not.toContain(classifier);
    for (const [classifier, keys] of Object.entries(expected.absentFacts ?? {})) {
      const f = findings.find((x) => x.classifier === classifier)!;
      for (const key of keys) expect(f.facts).not.toHaveProperty(key);
    }
  });
});
