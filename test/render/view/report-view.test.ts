import { buildReportView } from '../../../src/render/view/index.ts';
import type { Finding, PullSuspect } from '../../../src/types.ts';
import { capiDriftReport, noFindingReport, quotaReport, windowsEmptyEnvReport } from '../sample-reports.ts';

describe('buildReportView', () => {
  it('reads the windows incident: cause, broken verdict, baseline and first red by build id', () => {
    const v = buildReportView(windowsEmptyEnvReport());

    expect(v.top?.classifier).toBe('empty-env');
    expect(v.top?.kind).toBe('empty-env · configuration');
    expect(v.verdict).toEqual({
      pattern: 'broken',
      sentence:
        'Broken, not a flake: 2 runs failed the same way, starting with #1879192288932925440, and none passed in between.',
    });
    expect(v.baseline.sentence).toBe('Compared with passing run #1869451148411281409, finished 2024-12-18 19:17 UTC.');
    expect(v.firstRed).toMatchObject({ label: '#1879192288932925440', when: '2025-01-14 15:42 UTC' });
  });

  it('reads the capi incident as flaky, with the PR that removed the version defaulting as suspect', () => {
    const v = buildReportView(capiDriftReport());

    expect(v.verdict?.sentence).toBe('Flaky: 2 failures with this cause alternate with 1 passing run.');
    expect(v.suspects.map((s) => s.ref)).toEqual(['example-org/widget#502']);
  });

  it('prefers the dedicated classifiers, then non-latent findings, and never makes a latent finding the cause', () => {
    const report = quotaReport();
    const rule = report.findings[0] as Finding;
    const latent = report.findings.find((f) => f.classifier === 'env-drift') as Finding;
    report.findings = [latent, rule];

    const v = buildReportView(report);

    expect(v.top?.classifier).toBe('rule:gce-quota-exceeded');
    expect(v.others.map((o) => [o.classifier, o.latent])).toEqual([['env-drift', true]]);

    report.findings = [latent];
    expect(buildReportView(report).top).toBeNull();
    expect(buildReportView(report).others).toHaveLength(1);
  });

  it('ranks an empty-env finding above an earlier catalog rule', () => {
    const report = windowsEmptyEnvReport();
    const rule = quotaReport().findings[0] as Finding;
    report.findings = [rule, ...report.findings];

    expect(buildReportView(report).top?.classifier).toBe('empty-env');
  });

  it('explains a missing baseline, missing suspects and unreadable inputs', () => {
    // Without key lines too (the engine-made sample has some; their wording is tested with key lines).
    const v = buildReportView({ ...noFindingReport(), keyLines: [] });

    expect(v.top).toBeNull();
    expect(v.noFindingText).toMatch(/cause is not identified/);
    expect(v.baseline).toEqual({
      sentence: 'No baseline: no earlier passing run of this job was found, so nothing was compared.',
      url: null,
      note: null,
    });
    expect(v.suspectsNote).toBe('suspects unavailable: GitHub answered 403');
    expect(v.problems).toHaveLength(1);
    expect(v.verdict).toBeNull();
  });

  it('says a passing run has nothing to triage', () => {
    const report = noFindingReport();
    report.run.result = 'SUCCESS';

    expect(buildReportView(report).noFindingText).toBe('The run passed; there is nothing to triage.');
  });

  it('caps suspects and reasons and counts the rest', () => {
    const report = windowsEmptyEnvReport();
    const [culprit] = report.suspects as [PullSuspect];
    report.suspects = [culprit, { ...culprit, number: 34101 }];

    const v = buildReportView(report, { maxSuspects: 1, maxReasons: 1 });

    expect(v.suspects).toHaveLength(1);
    expect(v.moreSuspects).toBe(1);
    expect(v.suspects[0]?.reasons).toEqual([
      {
        label: 'removes preset',
        literal: '- preset-common-gce-windows: "true"',
        prose: null,
        file: 'config/jobs/kubernetes/sig-windows/windows-gce.yaml',
      },
    ]);
    expect(v.suspects[0]?.moreReasons).toBe(culprit.reasons.length - 1);
  });

  it('cleans evidence text of terminal escapes', () => {
    const v = buildReportView(windowsEmptyEnvReport());

    const nodes = v.others.find((o) => o.classifier === 'rule:cluster-validation-failed');

    expect(nodes?.evidence.find((e) => e.artifact === 'build-log.txt')?.text).toBe(
      'Detected 2 ready nodes, found 2 nodes out of expected 3. Your cluster may not be fully functional.',
    );
  });
});
