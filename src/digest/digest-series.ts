import type { DigestRun } from './digest-runs.ts';
import type { CauseRow, ChartSeries, DigestPeriod } from './types.ts';

// Failures per day (per hour for periods under two days), stacked by cause: the chart's data.

export const OTHER_CAUSE = 'other';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function failureSeries(
  failed: readonly DigestRun[],
  causes: readonly CauseRow[],
  period: DigestPeriod,
  maxCauses: number,
): ChartSeries {
  const start = Date.parse(period.start);
  const length = Date.parse(period.end) - start;
  const unit = length >= 2 * DAY ? DAY : HOUR;
  const bucketCount = Math.max(1, Math.ceil(length / unit));
  const shown = causes.slice(0, causes.length > maxCauses ? maxCauses - 1 : maxCauses);
  const stack = shown.map((c) => ({ fingerprint: c.fingerprint, label: c.summary }));
  if (causes.length > shown.length)
    stack.push({ fingerprint: OTHER_CAUSE, label: `${causes.length - shown.length} other causes` });
  const column = new Map(stack.map((c, i) => [c.fingerprint, i]));
  const counts = Array.from({ length: bucketCount }, () => stack.map(() => 0));
  for (const run of failed) {
    const bucket = Math.floor((run.at - start) / unit);
    const row = counts[bucket];
    const col = column.get(run.cause.fingerprint) ?? column.get(OTHER_CAUSE);
    if (row && col !== undefined) row[col] = (row[col] ?? 0) + 1;
  }
  return {
    buckets: counts.map((_, i) => new Date(start + i * unit).toISOString()),
    bucketUnit: unit === DAY ? 'day' : 'hour',
    causes: stack,
    counts,
  };
}
