import { basename } from 'node:path';
import { evidenceReasons, loadReplays, prRef, runReplay, summarize } from './replay-harness.ts';
import type { ReplayCase, ReplayOutcome } from './replay-harness.ts';

// The target for every replayed regression (../shared/replays): triaging the red run through the CLI, with the baseline
// found from the job history and a loopback GitHub serving the PRs merged into test-infra in the window, names the
// culprit PR (proven by its revert or fix) first, with evidence from its patch; a second triage with the same cache
// asks GitHub nothing. These tests measure the engine and must not be loosened to pass.
const CASES = loadReplays().map((c) => ({ ...c, title: `${c.id} (${c.jobType} ${c.job}): ${prRef(c.culprit)}` }));

describe.each(CASES)('replay $title', (c: ReplayCase) => {
  let outcome: ReplayOutcome;
  beforeAll(async () => {
    outcome = await runReplay(c, { baseline: 'history' });
  }, 120_000);

  it('prints a JSON report and finds the green run as the baseline from the job history', () => {
    expect({
      exitCode: outcome.cold.code,
      parsed: outcome.cold.report !== null,
      stderr: outcome.cold.stderr.slice(0, 500),
    }).toEqual({ exitCode: 0, parsed: true, stderr: expect.any(String) });
    expect(outcome.cold.report?.baseline?.buildId).toBe(basename(c.greenRun));
  });

  it(`ranks the culprit ${prRef(c.culprit)} first, with evidence from its patch`, () => {
    const seen = {
      ...summarize(outcome),
      firstHasEvidence: evidenceReasons(outcome.cold.report?.suspects[0]).length >= 1,
      // The matched hunk of the patch that made a change of the job's definition.
      firstQuotesHunk: evidenceReasons(outcome.cold.report?.suspects[0]).some((r) => (r.hunk ?? '').startsWith('@@ ')),
    };
    // The whole summary is compared so that a miss shows what the engine said instead (findings, top 3, note).
    expect(seen).toEqual({
      ...seen,
      first: prRef(c.culprit),
      culpritRank: 1,
      firstHasEvidence: true,
      firstQuotesHunk: true,
    });
  });

  it("reports what changed in the job's definition since the green run", () => {
    expect(outcome.cold.report?.definitionChanges.length).toBeGreaterThan(0);
  });

  it('makes no GitHub request when re-run with the same cache, and reports the same suspects', () => {
    expect({ warmRequests: outcome.warmRequests, routes: outcome.warmRoutes }).toEqual({ warmRequests: 0, routes: {} });
    expect(outcome.warm.report?.suspects).toEqual(outcome.cold.report?.suspects);
  });
});
