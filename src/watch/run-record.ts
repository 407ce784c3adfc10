import type { Report, RunSummary } from '../types.ts';

/**
 * A report for a finished run that was not analysed (green, aborted): no findings, just the run, so that
 * the digests count it (a green run between failures makes a cause flaky, one after them resolves it).
 */
export function buildRunRecord(run: RunSummary): Report {
  return {
    schemaVersion: 1,
    run: { ...run },
    baseline: null,
    firstRed: null,
    findings: [],
    suspects: [],
    suspectsNote: null,
    history: null,
    definitionChanges: [],
    keyLines: [],
    problems: [],
  };
}
