import { join } from 'node:path';
import { loadRuleCatalog } from '../../src/analyze/index.ts';
import { triage } from '../../src/triage.ts';
import type { TriageDeps } from '../../src/triage.ts';
import { schemaErrors } from '../helpers/report-schema.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'logs', 'key-lines');

// https://github.com/entireio/cli/actions/runs/22672121228 triaged as a user would: `ci-triage analyze
// <red log> --baseline <green log>`. Nothing in the catalog explains a failed assertion: key lines do.
describe('report.keyLines', () => {
  it('is filled for an unexplained failure, new lines first, and valid against the schema', async () => {
    const deps: TriageDeps = { sources: {}, catalog: await loadRuleCatalog(), suspects: null };

    const report = await triage(
      {
        source: join(FIXTURES, 'entireio-cli-e2e.red.log'),
        baseline: join(FIXTURES, 'entireio-cli-e2e.green.log'),
        suspects: false,
      },
      deps,
    );

    expect(report.findings.filter((f) => f.category !== 'latent')).toEqual([]);
    expect(report.keyLines.length).toBeGreaterThan(3);
    expect(report.keyLines.length).toBeLessThanOrEqual(8);
    expect(report.keyLines[0]).toMatchObject({ artifact: 'entireio-cli-e2e.red.log', new: true });
    expect(report.keyLines.at(-1)).toMatchObject({ line: 10, new: false });
    expect(schemaErrors(report)).toEqual([]);
  });
});
