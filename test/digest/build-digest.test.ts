import { buildDigest, periodEndingAt, UNCLASSIFIED } from '../../src/digest/index.ts';
import type { DigestSource } from '../../src/digest/index.ts';
import type { Report } from '../../src/types.ts';
import { capiDriftReport, noFindingReport, quotaReport } from '../render/sample-reports.ts';

const SCOPE = { key: 'channel:C1|24h', label: 'all jobs' };
const DAY = { start: '2025-02-11T09:00:00.000Z', end: '2025-02-12T09:00:00.000Z' };

function at(report: Report, buildId: string, startedAt: string, createdAt = startedAt): DigestSource {
  return { repo: null, createdAt, report: { ...report, run: { ...report.run, buildId, startedAt, finishedAt: null } } };
}

function rule(fingerprint: string): Report {
  const r = quotaReport();
  const top = {
    ...(r.findings[0] as Report['findings'][number]),
    fingerprint,
    classifier: `rule:${fingerprint}`,
  } as Report['findings'][number];
  return { ...r, findings: [top] };
}

describe('buildDigest', () => {
  it('counts a run triaged twice (App and /triage) once, with the newest triage', () => {
    const older = at(capiDriftReport(), '1', '2025-02-11T10:00:00Z', '2025-02-11T12:00:00Z');
    const newer = at(noFindingReport(), '1', '2025-02-11T10:00:00Z', '2025-02-11T13:00:00Z');
    newer.report.run.job = older.report.run.job;

    const d = buildDigest({ scope: SCOPE, period: DAY, triages: [newer, older], firstSeen: {}, feedback: [] });

    expect(d.totals.failures).toBe(1);
    expect(d.causes.map((c) => [c.fingerprint, c.status])).toEqual([[UNCLASSIFIED, null]]);
  });

  it('places runs by start time: the period start is in, the end is out', () => {
    const triages = [
      at(capiDriftReport(), '1', DAY.start),
      at(capiDriftReport(), '2', DAY.end),
      at(capiDriftReport(), '3', '2025-02-11T08:59:59Z'),
    ];

    const d = buildDigest({ scope: SCOPE, period: DAY, triages, firstSeen: {}, feedback: [] });

    expect([d.totals.failures, d.totals.previous]).toEqual([1, 1]);
  });

  it('calls a cause new when its first sighting is inside the period, or unknown', () => {
    const fp = capiDriftReport().findings[0]?.fingerprint as string;
    const triages = [at(capiDriftReport(), '1', '2025-02-11T10:00:00Z')];

    const seenInside = buildDigest({
      scope: SCOPE,
      period: DAY,
      triages,
      firstSeen: { [fp]: '2025-02-11T10:00:00.000Z' },
      feedback: [],
    });
    const seenBefore = buildDigest({
      scope: SCOPE,
      period: DAY,
      triages,
      firstSeen: { [fp]: '2025-02-01T00:00:00.000Z' },
      feedback: [],
    });
    const never = buildDigest({ scope: SCOPE, period: DAY, triages, firstSeen: {}, feedback: [] });

    expect([seenInside.causes[0]?.status, seenBefore.causes[0]?.status, never.causes[0]?.status]).toEqual([
      'new',
      'recurring',
      'new',
    ]);
  });

  it('ignores green and aborted runs in failure counts, and skips aborted ones when counting flips', () => {
    const run = (id: string, startedAt: string, result: Report['run']['result']) => {
      const s = at(noFindingReport(), id, startedAt);
      s.report.run.result = result;
      return s;
    };
    // red, aborted, red, green: one flip (an aborted run is neither colour); a job flips twice to be flaky.
    const triages = [
      run('1', '2025-02-11T10:00:00Z', 'FAILURE'),
      run('2', '2025-02-11T11:00:00Z', 'ABORTED'),
      run('3', '2025-02-11T12:00:00Z', 'FAILURE'),
      run('4', '2025-02-11T13:00:00Z', 'SUCCESS'),
    ];
    const flapping = [...triages, run('5', '2025-02-11T14:00:00Z', 'ERROR')];

    const once = buildDigest({ scope: SCOPE, period: DAY, triages, firstSeen: {}, feedback: [] });
    const twice = buildDigest({ scope: SCOPE, period: DAY, triages: flapping, firstSeen: {}, feedback: [] });

    expect(once.totals.failures).toBe(2);
    expect(once.flaky).toEqual([]);
    expect(twice.flaky).toEqual([
      { job: 'pull-kubernetes-csi-csi-proxy-integration', flips: 2, passed: 1, failed: 3, flaggedByHistory: false },
    ]);
  });

  it('charts a day in hours, folding causes beyond the limit into "other"', () => {
    const triages = ['a', 'b', 'c', 'd'].map((fp, i) => at(rule(fp), String(i), `2025-02-11T1${i}:30:00Z`));
    triages.push(at(rule('a'), '9', '2025-02-11T10:45:00Z'));

    const d = buildDigest({
      scope: SCOPE,
      period: periodEndingAt(new Date(DAY.end), '24h'),
      triages,
      firstSeen: {},
      feedback: [],
      limits: { chartCauses: 3 },
    });

    expect(d.series.bucketUnit).toBe('hour');
    expect(d.series.buckets).toHaveLength(24);
    expect(d.series.causes.map((c) => c.fingerprint)).toEqual(['a', 'b', 'other']);
    expect(d.series.causes[2]?.label).toBe('2 other causes');
    // 10:30 and 10:45 (cause a) fall in the bucket starting 10:00, i.e. the second hour after 09:00.
    expect(d.series.counts[1]).toEqual([2, 0, 0]);
    expect(d.series.counts[3]).toEqual([0, 0, 1]);
    expect(d.series.counts.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('draws a failure under the day it happened in the configured time zone, not the period-start day', () => {
    // A week from Wed 09:00 UTC; the failure is at Fri 01:22 UTC.
    const week = { start: '2025-02-05T09:00:00.000Z', end: '2025-02-12T09:00:00.000Z' };
    const triages = [at(capiDriftReport(), '1', '2025-02-07T01:22:00Z')];
    const build = (timeZone?: string) =>
      buildDigest({ scope: SCOPE, period: week, triages, firstSeen: {}, feedback: [], timeZone }).series;
    const dayOf = (series: ReturnType<typeof build>) => series.buckets[series.counts.findIndex((row) => row[0] === 1)];

    expect(build().buckets).toEqual([
      '2025-02-05',
      '2025-02-06',
      '2025-02-07',
      '2025-02-08',
      '2025-02-09',
      '2025-02-10',
      '2025-02-11',
      '2025-02-12',
    ]);
    expect(dayOf(build())).toBe('2025-02-07');
    expect(dayOf(build('Europe/Berlin'))).toBe('2025-02-07');
    // Fri 01:22 UTC is Thu 17:22 in San Francisco.
    expect(dayOf(build('America/Los_Angeles'))).toBe('2025-02-06');
    expect(build('America/Los_Angeles').timeZone).toBe('America/Los_Angeles');
  });

  it('names each cause with the short cause of the verdict line', () => {
    const d = buildDigest({
      scope: SCOPE,
      period: DAY,
      triages: [at(capiDriftReport(), '1', '2025-02-11T10:00:00Z'), at(noFindingReport(), '2', '2025-02-11T11:00:00Z')],
      firstSeen: {},
      feedback: [],
    });

    expect(d.causes.map((c) => c.name).sort()).toEqual([
      'cause not identified',
      'image kindest/node:v1.33.0-alpha.1.199_25278540780516 not found (the job built v1.33.0-alpha.1.122+c81431de59a3bf)',
    ]);
    expect(d.series.causes.map((c) => c.label).sort()).toEqual(d.causes.map((c) => c.name).sort());
  });

  it('reports causes of the previous period that stopped failing', () => {
    const triages = [at(rule('old'), '1', '2025-02-10T10:00:00Z'), at(rule('new'), '2', '2025-02-11T10:00:00Z')];

    const d = buildDigest({ scope: SCOPE, period: DAY, triages, firstSeen: {}, feedback: [] });

    expect(d.goneCauses).toBe(1);
    expect(d.causes.map((c) => [c.fingerprint, c.previous])).toEqual([['new', 0]]);
  });
});
