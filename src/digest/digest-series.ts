import type { DigestRun } from './digest-runs.ts';
import type { CauseRow, ChartSeries, DigestPeriod } from './types.ts';

// Failures per day (per hour for periods under two days), stacked by cause: the chart's data. Days
// are calendar days in the digest's time zone, so a failure at Fri 01:22 is drawn under Friday
// whatever hour the period starts at.

export const OTHER_CAUSE = 'other';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function failureSeries(
  failed: readonly DigestRun[],
  causes: readonly CauseRow[],
  period: DigestPeriod,
  maxCauses: number,
  timeZone = 'UTC',
): ChartSeries {
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  const byDay = end - start >= 2 * DAY;
  const shown = causes.slice(0, causes.length > maxCauses ? maxCauses - 1 : maxCauses);
  const stack = shown.map((c) => ({ fingerprint: c.fingerprint, label: c.name }));
  if (causes.length > shown.length)
    stack.push({ fingerprint: OTHER_CAUSE, label: `${causes.length - shown.length} other causes` });
  const column = new Map(stack.map((c, i) => [c.fingerprint, i]));
  const day = byDay ? localDay(timeZone) : null;
  const buckets = day ? dayBuckets(start, end, day) : hourBuckets(start, end);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const counts = buckets.map(() => stack.map(() => 0));
  for (const run of failed) {
    const bucket = day ? index.get(day(run.at)) : Math.floor((run.at - start) / HOUR);
    const row = bucket === undefined ? undefined : counts[bucket];
    const col = column.get(run.cause.fingerprint) ?? column.get(OTHER_CAUSE);
    if (row && col !== undefined) row[col] = (row[col] ?? 0) + 1;
  }
  return { buckets, timeZone, bucketUnit: byDay ? 'day' : 'hour', causes: stack, counts };
}

/** `YYYY-MM-DD` of an instant in `timeZone` (en-CA formats dates that way). */
function localDay(timeZone: string): (ms: number) => string {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => fmt.format(ms);
}

/** Every local day the period touches, oldest first; the last instant is end − 1 ms (end is exclusive). */
function dayBuckets(start: number, end: number, day: (ms: number) => string): string[] {
  const days: string[] = [];
  // Stepping by hours finds every local day, also across DST changes (23- and 25-hour days).
  for (let t = start; t < end; t += HOUR) {
    const d = day(t);
    if (days.at(-1) !== d) days.push(d);
  }
  const last = day(end - 1);
  if (days.at(-1) !== last) days.push(last);
  return days;
}

function hourBuckets(start: number, end: number): string[] {
  const count = Math.max(1, Math.ceil((end - start) / HOUR));
  return Array.from({ length: count }, (_, i) => new Date(start + i * HOUR).toISOString());
}
